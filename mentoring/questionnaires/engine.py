"""The questionnaire engine (pure): what each kind of question accepts, stores and shows.

A form, a CSV cell and, later, a feedback form all arrive as a list of strings per question;
`clean` turns them into the stored value or raises AnswerError with a message for the person.
Stored values: single → choice key; multiple → list of keys; scale → 1..5; texts → str;
timezone → IANA name; availability → sorted hours of the week in UTC (0 = Monday 00:00 UTC).
"""
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from mentoring import clock, timezones
from mentoring.text import lines, one_line

SINGLE, MULTIPLE, SCALE, SHORT_TEXT, LONG_TEXT, TIMEZONE, AVAILABILITY, RECOMMEND = (
    "single", "multiple", "scale", "short_text", "long_text", "timezone", "availability", "recommend")
KINDS = {
    SINGLE: "Single choice",
    MULTIPLE: "Multiple choice",
    SCALE: "Scale from 1 to 5",
    RECOMMEND: "Scale from 0 to 10",
    SHORT_TEXT: "Short text",
    LONG_TEXT: "Long text",
    TIMEZONE: "Time zone",
    AVAILABILITY: "Weekly availability",
}
CHOICE_KINDS = (SINGLE, MULTIPLE)
TEXT_LIMITS = {SHORT_TEXT: 200, LONG_TEXT: 5000}
SCALE_VALUES = (1, 2, 3, 4, 5)
RECOMMEND_VALUES = tuple(range(11))

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))
BLOCKS = {"morning": (8, 12), "afternoon": (12, 17), "evening": (17, 21)}
HOURS_PER_WEEK = 168


class AnswerError(ValueError):
    """An answer the question cannot take; the message is for the person who gave it."""


def clean(question, raw, zone="UTC", today=None):
    """The stored value for the strings given to `question`, None when left empty (and optional)."""
    tidy = lines if question.kind == LONG_TEXT else one_line
    values = [tidy(value) for value in raw if value is not None]
    values = [value for value in values if value]
    if not values:
        if question.required:
            raise AnswerError(_REQUIRED.get(question.kind, "Please answer this question."))
        return None
    return _CLEANERS[question.kind](question, values, zone, today or clock.now().date())


_REQUIRED = {
    SINGLE: "Choose one of the options.",
    MULTIPLE: "Choose at least one option.",
    SCALE: "Choose a number from 1 to 5.",
    RECOMMEND: "Choose a number from 0 to 10.",
    TIMEZONE: "Choose a time zone.",
    AVAILABILITY: "Tick at least one time when you are usually free.",
}


def _single(question, values, zone, today):
    keys = {choice["key"] for choice in question.choices}
    if len(values) != 1 or values[0] not in keys:
        raise AnswerError("Choose one of the options.")
    return values[0]


def _multiple(question, values, zone, today):
    order = [choice["key"] for choice in question.choices]
    if any(value not in order for value in values):
        raise AnswerError("Choose only from the options given.")
    return [key for key in order if key in values]


def _scale(question, values, zone, today):
    numbers = RECOMMEND_VALUES if question.kind == RECOMMEND else SCALE_VALUES
    if len(values) != 1 or values[0] not in {str(n) for n in numbers}:
        raise AnswerError(_REQUIRED[question.kind])
    return int(values[0])


def _text(question, values, zone, today):
    text = "\n".join(values) if question.kind == LONG_TEXT else values[0]
    limit = TEXT_LIMITS[question.kind]
    if len(values) != 1 or len(text) > limit:
        raise AnswerError(f"Keep this under {limit:,} characters (it has {len(text):,}).")
    return text


def _timezone(question, values, zone, today):
    if len(values) != 1:
        raise AnswerError("Choose one time zone.")
    try:
        return timezones.find(values[0])
    except timezones.ZoneNotFound as error:
        raise AnswerError(str(error)) from None


def _availability(question, values, zone, today):
    hours = set()
    for value in values:
        day, _, block = value.partition("-")
        if day not in DAYS or block not in BLOCKS:
            raise AnswerError("Tick times from the grid only.")
        hours.update(local_block_to_utc_hours(day, block, zone, today))
    return sorted(hours)


_CLEANERS = {SINGLE: _single, MULTIPLE: _multiple, SCALE: _scale, RECOMMEND: _scale, SHORT_TEXT: _text,
             LONG_TEXT: _text, TIMEZONE: _timezone, AVAILABILITY: _availability}


def _monday_of(today):
    return today - timedelta(days=today.weekday())


def usual_week(today, *zones):
    """A day of the first week from `today`'s in which none of `zones` changes its clocks: the week that shows
    someone's usual free time (in a week with a change, hours near its ends belong to two local days)."""
    monday = _monday_of(today)
    for _ in range(6):
        start = datetime.combine(monday, datetime.min.time(), ZoneInfo("UTC"))
        edges = (start - timedelta(hours=14), start + timedelta(days=7, hours=14))  # the local week in any zone
        if all(edges[0].astimezone(ZoneInfo(zone)).utcoffset() == edges[1].astimezone(ZoneInfo(zone)).utcoffset()
               for zone in zones):
            return monday
        monday += timedelta(days=7)
    return _monday_of(today)


def local_block_to_utc_hours(day, block, zone, today):
    """The UTC hours of the week that a local block covers, with the zone's offset in `today`'s week."""
    monday = _monday_of(today)
    start, end = BLOCKS[block]
    local_day = monday + timedelta(days=DAYS.index(day))
    tz = ZoneInfo(zone)
    hours = []
    for hour in range(start, end):
        moment = datetime(local_day.year, local_day.month, local_day.day, hour, tzinfo=tz).astimezone(ZoneInfo("UTC"))
        offset_days = (moment.date() - monday).days
        hours.append((offset_days * 24 + moment.hour) % HOURS_PER_WEEK)
    return hours


def utc_hours_to_blocks(hours, zone, today):
    """The local blocks ("mon-morning", …) wholly covered by these UTC hours, seen from `zone`."""
    present = set(hours)
    return [f"{day}-{block}" for day in DAYS for block in BLOCKS
            if set(local_block_to_utc_hours(day, block, zone, today)) <= present]


def local_hour_ranges(hours, zone, today):
    """UTC hours of the week as local (day, first hour, hour after the last) runs in `zone`, Monday first,
    with the zone's offset in `today`'s week."""
    monday = datetime.combine(_monday_of(today), datetime.min.time(), tzinfo=ZoneInfo("UTC"))
    tz = ZoneInfo(zone)
    week_start = datetime.combine(monday.date(), datetime.min.time(), tzinfo=tz)  # the local week, Monday to Monday
    week_end = datetime.combine(monday.date() + timedelta(days=7), datetime.min.time(), tzinfo=tz)
    local = set()
    for hour in set(hours):
        moment = monday + timedelta(hours=hour)  # an hour of the week, taken in the week it falls in locally
        moment += timedelta(hours=HOURS_PER_WEEK) * ((moment < week_start) - (moment >= week_end))
        moment = moment.astimezone(tz)
        local.add((moment.weekday(), moment.hour))
    local = sorted(local)
    runs = []
    for weekday, hour in local:
        if runs and runs[-1][0] == DAYS[weekday] and runs[-1][2] == hour:
            runs[-1][2] = hour + 1
        else:
            runs.append([DAYS[weekday], hour, hour + 1])
    return [tuple(run) for run in runs]


def rebased(hours, zone, answered_on, today):
    """The UTC hours of `today`'s week at the local times these UTC hours were in `answered_on`'s week (someone who
    ticked Monday 8–12 in summer is free Monday 8–12 in winter too)."""
    monday = datetime.combine(_monday_of(today), datetime.min.time(), tzinfo=ZoneInfo("UTC"))
    tz = ZoneInfo(zone)
    found = set()
    for day, first, end in local_hour_ranges(hours, zone, answered_on):
        local_day = monday.date() + timedelta(days=DAYS.index(day))
        for hour in range(first, end):
            moment = datetime(local_day.year, local_day.month, local_day.day, hour, tzinfo=tz).astimezone(monday.tzinfo)
            found.add(int((moment - monday) / timedelta(hours=1)) % HOURS_PER_WEEK)
    return sorted(found)


def hours_in_words(hours, zone, today, blocks=True):
    """UTC hours of the week in `zone`: the whole blocks first ("Mon morning"), then the other hours
    ("Tue 07:00–08:00"); with `blocks` false, only hours."""
    whole = utc_hours_to_blocks(hours, zone, today) if blocks else []
    covered = {hour for name in whole for hour in local_block_to_utc_hours(*name.split("-"), zone, today)}
    words = [f"{DAY_NAMES[day][:3]} {block}" for day, _, block in (name.partition("-") for name in whole)]
    return ", ".join(words + [_span_words(*span) for span in _spans(set(hours) - covered, zone, today)])


def _spans(hours, zone, today):
    """Local runs of hours as (day, first hour, last day, hour after the last), a run past midnight (or from Sunday
    into Monday) kept whole."""
    spans = []
    for day, first, end in local_hour_ranges(hours, zone, today):
        if spans and spans[-1][3] == 24 and first == 0 and DAYS.index(day) == DAYS.index(spans[-1][2]) + 1:
            spans[-1] = (spans[-1][0], spans[-1][1], day, end)
        else:
            spans.append((day, first, day, end))
    if len(spans) > 1 and spans[-1][2] == "sun" and spans[-1][3] == 24 and spans[0][0] == "mon" and spans[0][1] == 0:
        first_span = spans.pop(0)
        spans[-1] = (spans[-1][0], spans[-1][1], "mon", first_span[3])
    return spans


def _span_words(day, first, last_day, end):
    if last_day == day:
        return f"{DAY_NAMES[day][:3]} {first:02d}:00–{end:02d}:00"
    return f"{DAY_NAMES[day][:3]} {first:02d}:00–{DAY_NAMES[last_day][:3]} {end % 24:02d}:00"


@dataclass
class Availability:
    """Someone's free time as another person reads it."""

    theirs: str  # as they ticked it, in their own time zone
    zone: str
    yours: str  # the same hours in the reader's time zone ("" when both zones are one)
    reader_zone: str
    common: str | None  # the hours both are free, in the reader's zone (None: the reader gave no free time)


def availability_for(hours, zone, answered_on, reader_zone, today, reader_hours=None, reader_answered_on=None):
    """Someone's free time (stored UTC hours, answered in `zone` on `answered_on`) for a reader in `reader_zone`,
    with the hours both are free when the reader gave theirs."""
    today = usual_week(today, zone, reader_zone)
    now_free = rebased(hours, zone, answered_on, today)
    common = None
    if reader_hours is not None:
        both = set(now_free) & set(rebased(reader_hours, reader_zone, reader_answered_on or today, today))
        common = hours_in_words(both, reader_zone, today, blocks=False)
    return Availability(hours_in_words(now_free, zone, today), zone,
                        "" if reader_zone == zone else hours_in_words(now_free, reader_zone, today, blocks=False),
                        reader_zone, common)


def form_values(question, value, zone="UTC", today=None):
    """The strings a form shows for a stored value (the inverse of `clean`)."""
    if value is None:
        return []
    if question.kind == AVAILABILITY:
        return utc_hours_to_blocks(value, zone, today or clock.now().date())
    if question.kind == MULTIPLE:
        return list(value)
    return [str(value)]


def display(question, value, zone="UTC", today=None):
    """The answer in words, for a page or an email; availability in the viewer's zone."""
    if value is None or value == []:
        return ""
    if question.kind == SINGLE:
        return question.choice_labels.get(value, value)
    if question.kind == MULTIPLE:
        labels = question.choice_labels
        return ", ".join(labels.get(key, key) for key in value)
    if question.kind in (SCALE, RECOMMEND):
        return f"{value} of {RECOMMEND_VALUES[-1] if question.kind == RECOMMEND else SCALE_VALUES[-1]}"
    if question.kind == AVAILABILITY:
        blocks = utc_hours_to_blocks(value, zone, today or clock.now().date())
        return ", ".join(f"{DAY_NAMES[day][:3]} {block}" for day, _, block in (b.partition("-") for b in blocks))
    return str(value)


def from_cell(question, cell):
    """A spreadsheet cell as the strings a form would send: `;` separates several, labels become keys."""
    parts = [part.strip() for part in (cell or "").split(";")] if question.kind in (MULTIPLE, AVAILABILITY) \
        else [(cell or "").strip()]
    if question.kind in CHOICE_KINDS:
        by_label = {choice["label"].casefold(): choice["key"] for choice in question.choices}
        parts = [by_label.get(part.casefold(), part) for part in parts]
    return parts


def choice_key(label, taken=()):
    """A stable key for a new choice, made from its label and unlike the `taken` ones."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_label.lower()).strip("_")[:30] or "choice"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


COMPATIBLE = {
    "equal": {SINGLE: {SINGLE, MULTIPLE}, MULTIPLE: {SINGLE, MULTIPLE}, TIMEZONE: {TIMEZONE},
              SHORT_TEXT: {SHORT_TEXT}, SCALE: {SCALE}, AVAILABILITY: {AVAILABILITY}},
    "similar": {SINGLE: {SINGLE}, MULTIPLE: {MULTIPLE}, SCALE: {SCALE}, TIMEZONE: {TIMEZONE},
                AVAILABILITY: {AVAILABILITY}},
    "paired": {SINGLE: {SINGLE, MULTIPLE}, MULTIPLE: {SINGLE, MULTIPLE}},
}


def rule_problem(kind, matching, counterpart_kind):
    """Why a matching rule cannot work between these kinds of question, or None when it can."""
    if matching == "none":
        return None
    if counterpart_kind is None:
        return "Choose the mentor question to compare with."
    allowed = COMPATIBLE[matching].get(kind, set())
    if counterpart_kind not in allowed:
        return (f"A {KINDS[kind].lower()} question cannot be “{matching}” with a "
                f"{KINDS[counterpart_kind].lower()} question.")
    return None


def sections(questions):
    """The questions grouped by section, in the order they first appear: [(title, [questions])]."""
    grouped = {}
    for question in questions:
        grouped.setdefault(question.section or "Questions", []).append(question)
    return list(grouped.items())


def importance(weight):
    """A weight from 0 to 10 in words."""
    return "not counted" if weight == 0 else "a little" if weight <= 3 else "quite a lot" if weight <= 6 \
        else "a lot"


def rule_sentence(question):
    """How a mentee question counts for matching, in plain words."""
    label = question.label.rstrip("?.")
    if question.kind == AVAILABILITY:
        return ("Mentors free at the same times as you score higher, the more hours a week in common the better; "
                "mentors never free when you are are not suggested.")
    if question.matching == "equal":
        return f"Must match: “{label}”. Mentors whose answer does not match are not suggested."
    if question.matching == "similar":
        return f"Similar answers to “{label}” score higher (counts {importance(question.weight)})."
    if question.matching == "paired":
        sensitive = " Only used when you agree to it." if question.sensitive else ""
        return (f"Your answer to “{label}” is compared with what mentors offer "
                f"(counts {importance(question.weight)}).{sensitive}")
    return ""

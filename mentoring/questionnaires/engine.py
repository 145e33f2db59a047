"""The questionnaire engine (pure): what each kind of question accepts, stores and shows.

A form, a CSV cell and, later, a feedback form all arrive as a list of strings per question;
`clean` turns them into the stored value or raises AnswerError with a message for the person.
Stored values: single → choice key; multiple → list of keys; scale → 1..5; texts → str;
timezone → IANA name; availability → sorted hours of the week in UTC (0 = Monday 00:00 UTC).
"""
import re
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from mentoring import clock, timezones

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
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")))
BLOCKS = {"morning": (8, 12), "afternoon": (12, 17), "evening": (17, 21)}
HOURS_PER_WEEK = 168


class AnswerError(ValueError):
    """An answer the question cannot take; the message is for the person who gave it."""


def clean(question, raw, zone="UTC", today=None):
    """The stored value for the strings given to `question`, None when left empty (and optional)."""
    values = [text.replace("\x00", "").strip() for text in raw if text is not None]
    values = [text for text in values if text]
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
    local = sorted({((moment := (monday + timedelta(hours=hour)).astimezone(tz)).weekday(), moment.hour)
                    for hour in set(hours)})
    runs = []
    for weekday, hour in local:
        if runs and runs[-1][0] == DAYS[weekday] and runs[-1][2] == hour:
            runs[-1][2] = hour + 1
        else:
            runs.append([DAYS[weekday], hour, hour + 1])
    return [tuple(run) for run in runs]


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

"""Tables of cases for the questionnaire engine: what each kind of question accepts, stores and shows."""
from dataclasses import dataclass, field
from datetime import date

import pytest

from mentoring.questionnaires import engine
from mentoring.questionnaires.engine import AnswerError

WINTER, SUMMER = date(2026, 1, 14), date(2026, 7, 15)
COLOURS = [{"key": "red", "label": "Red"}, {"key": "green", "label": "Green"}, {"key": "blue", "label": "Blue"}]


@dataclass
class Q:
    kind: str
    required: bool = False
    choices: list = field(default_factory=lambda: list(COLOURS))
    label: str = "A question"

    @property
    def choice_labels(self):
        return {choice["key"]: choice["label"] for choice in self.choices}


@pytest.mark.parametrize("kind, raw, stored", [
    ("single", ["green"], "green"),
    ("single", [" green "], "green"),
    ("multiple", ["blue", "red"], ["red", "blue"]),  # stored in the question's order
    ("multiple", ["red", "red"], ["red"]),
    ("scale", ["1"], 1),
    ("scale", ["5"], 5),
    ("short_text", ["  Hello  "], "Hello"),
    ("short_text", ["a\x00b"], "ab"),
    ("short_text", ["Ann\r\nBcc: x@example.com\u202e\t"], "Ann Bcc: x@example.com"),  # one line, no bidi
    ("long_text", ["one\r\ntwo\u2066\x1b"], "one\r\ntwo"),  # lines kept, control and bidi characters not
    ("short_text", ["x" * 200], "x" * 200),
    ("long_text", ["line one\nline two"], "line one\nline two"),
    ("long_text", ["x" * 5000], "x" * 5000),
    ("timezone", ["europe/paris"], "Europe/Paris"),
    ("timezone", ["UTC"], "UTC"),
    ("timezone", ["new york"], "America/New_York"),  # a city naming one zone, as on the account page
    ("single", [], None),
    ("multiple", ["", " "], None),
    ("short_text", [""], None),
    ("availability", [], None),
])
def test_accepted_answers_and_how_they_are_stored(kind, raw, stored):
    assert engine.clean(Q(kind), raw) == stored


@pytest.mark.parametrize("kind, raw, message", [
    ("single", ["purple"], "Choose one of the options."),
    ("single", ["red", "green"], "Choose one of the options."),
    ("multiple", ["red", "purple"], "Choose only from the options given."),
    ("scale", ["0"], "Choose a number from 1 to 5."),
    ("scale", ["6"], "Choose a number from 1 to 5."),
    ("scale", ["3.5"], "Choose a number from 1 to 5."),
    ("scale", ["three"], "Choose a number from 1 to 5."),
    ("short_text", ["x" * 201], "Keep this under 200 characters (it has 201)."),
    ("long_text", ["x" * 5001], "Keep this under 5,000 characters (it has 5,001)."),
    ("timezone", ["Mars/Olympus"], "“Mars/Olympus” is not a time zone we know. Type a large city in your time "
                                   "zone, e.g. Berlin or New York, or choose one from the list."),
    ("timezone", ["Indiana"], "“Indiana” could be 8 time zones: America/Indiana/Indianapolis, America/Indiana/Knox, "
                              "America/Indiana/Marengo, America/Indiana/Petersburg, America/Indiana/Tell_City, "
                              "America/Indiana/Vevay, America/Indiana/Vincennes or America/Indiana/Winamac. Type or "
                              "choose the one you mean."),
    ("availability", ["mon-night"], "Tick times from the grid only."),
    ("availability", ["someday-morning"], "Tick times from the grid only."),
])
def test_refused_answers_say_why(kind, raw, message):
    with pytest.raises(AnswerError) as refused:
        engine.clean(Q(kind), raw)
    assert str(refused.value) == message


@pytest.mark.parametrize("kind, message", [
    ("single", "Choose one of the options."),
    ("multiple", "Choose at least one option."),
    ("scale", "Choose a number from 1 to 5."),
    ("short_text", "Please answer this question."),
    ("long_text", "Please answer this question."),
    ("timezone", "Choose a time zone."),
    ("availability", "Tick at least one time when you are usually free."),
])
def test_required_questions_need_an_answer(kind, message):
    with pytest.raises(AnswerError, match=message):
        engine.clean(Q(kind, required=True), ["  "])


@pytest.mark.parametrize("zone, today, blocks, utc_hours", [
    ("UTC", WINTER, ["mon-morning"], [8, 9, 10, 11]),
    ("Europe/Berlin", WINTER, ["mon-morning"], [7, 8, 9, 10]),
    ("Europe/Berlin", SUMMER, ["mon-morning"], [6, 7, 8, 9]),
    ("America/Los_Angeles", WINTER, ["mon-evening"], [25, 26, 27, 28]),  # Tuesday 01:00-05:00 UTC
    ("Pacific/Auckland", WINTER, ["mon-morning"], [163, 164, 165, 166]),  # Sunday 19:00-23:00 UTC
    ("Asia/Kolkata", WINTER, ["sun-evening"], [155, 156, 157, 158]),  # 17:00 IST = 11:30 UTC, hours floor
])
def test_availability_is_stored_as_utc_hours_of_the_week(zone, today, blocks, utc_hours):
    assert engine.clean(Q("availability"), blocks, zone, today) == utc_hours


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/Los_Angeles", "Pacific/Auckland", "Asia/Tokyo"])
@pytest.mark.parametrize("today", [WINTER, SUMMER])
def test_availability_reads_back_as_the_blocks_ticked(zone, today):
    ticked = ["mon-morning", "wed-evening", "sun-afternoon", "sun-evening"]
    stored = engine.clean(Q("availability"), ticked, zone, today)
    assert engine.form_values(Q("availability"), stored, zone, today) == ticked


def test_availability_seen_from_another_zone():
    stored = engine.clean(Q("availability"), ["mon-morning"], "UTC", WINTER)
    assert engine.display(Q("availability"), stored, "UTC", WINTER) == "Mon morning"
    assert engine.display(Q("availability"), stored, "Asia/Tokyo", WINTER) == "Mon evening"  # 17:00-21:00 there
    assert engine.display(Q("availability"), stored, "America/New_York", WINTER) == ""  # 03:00-07:00: no block
    six_hours = engine.clean(Q("availability"), ["mon-morning", "mon-afternoon"], "UTC", WINTER)
    assert engine.display(Q("availability"), six_hours, "Europe/London", WINTER) == "Mon morning, Mon afternoon"


@pytest.mark.parametrize("kind, value, shown", [
    ("single", "green", "Green"),
    ("single", "gone", "gone"),
    ("multiple", ["red", "blue"], "Red, Blue"),
    ("scale", 4, "4 of 5"),
    ("short_text", "Hi", "Hi"),
    ("timezone", "Asia/Tokyo", "Asia/Tokyo"),
    ("multiple", None, ""),
])
def test_display(kind, value, shown):
    assert engine.display(Q(kind), value) == shown


@pytest.mark.parametrize("kind, cell, raw", [
    ("single", "Green", ["green"]),
    ("single", "green", ["green"]),
    ("multiple", "Red; BLUE", ["red", "blue"]),
    ("multiple", "", [""]),
    ("availability", "mon-morning;tue-evening", ["mon-morning", "tue-evening"]),
    ("short_text", " a;b ", ["a;b"]),
    ("scale", "4", ["4"]),
])
def test_spreadsheet_cells(kind, cell, raw):
    assert engine.from_cell(Q(kind), cell) == raw


@pytest.mark.parametrize("label, taken, key", [
    ("Public speaking", (), "public_speaking"),
    ("Über-Café!", (), "uber_cafe"),
    ("???", (), "choice"),
    ("Design", ("design",), "design_2"),
    ("Design", ("design", "design_2"), "design_3"),
])
def test_choice_keys(label, taken, key):
    assert engine.choice_key(label, taken) == key


@pytest.mark.parametrize("kind, matching, other, problem", [
    ("multiple", "paired", "multiple", None),
    ("single", "paired", "multiple", None),
    ("multiple", "equal", "multiple", None),
    ("scale", "similar", "scale", None),
    ("availability", "similar", "availability", None),
    ("long_text", "none", None, None),
    ("scale", "paired", "scale", "A scale from 1 to 5 question cannot be “paired” with a scale from 1 to 5 question."),
    ("long_text", "similar", "long_text", "A long text question cannot be “similar” with a long text question."),
    ("multiple", "equal", None, "Choose the mentor question to compare with."),
])
def test_matching_rules_need_compatible_questions(kind, matching, other, problem):
    assert engine.rule_problem(kind, matching, other) == problem


def test_sections_keep_the_order_questions_first_appear_in():
    questions = [Q("single", label=str(n)) for n in range(4)]
    for question, section in zip(questions, ["B", "A", "B", ""], strict=True):
        question.section = section
    assert [(title, [q.label for q in qs]) for title, qs in engine.sections(questions)] == [
        ("B", ["0", "2"]), ("A", ["1"]), ("Questions", ["3"])]


DST_WEEK = date(2027, 3, 10)  # the United States move their clocks on Sunday 14 March, Europe two weeks later


@pytest.mark.parametrize("zone, answered_on, today, ticked", [
    ("Europe/Berlin", SUMMER, WINTER, ["mon-morning", "fri-evening"]),
    ("Europe/Berlin", WINTER, SUMMER, ["sun-evening"]),
    ("America/New_York", WINTER, DST_WEEK, ["mon-morning", "sun-evening"]),
    ("Pacific/Auckland", SUMMER, WINTER, ["mon-morning"]),
])
def test_free_time_keeps_its_local_hours_when_the_clocks_change(zone, answered_on, today, ticked):
    stored = engine.clean(Q("availability"), ticked, zone, answered_on)
    now = engine.rebased(stored, zone, answered_on, today)
    assert engine.form_values(Q("availability"), now, zone, today) == ticked
    assert engine.hours_in_words(now, zone, today) == ", ".join(
        f"{engine.DAY_NAMES[day][:3]} {block}" for day, _, block in (name.partition("-") for name in ticked))


@pytest.mark.parametrize("hours, zone, words", [
    ([8, 9, 10, 11, 13], "UTC", "Mon morning, Mon 13:00–14:00"),
    ([22, 23, 24, 25], "UTC", "Mon 22:00–Tue 02:00"),
    ([166, 167, 0, 1], "UTC", "Sun 22:00–Mon 02:00"),
    ([8, 9, 10, 11], "Asia/Kolkata", "Mon 13:00–17:00"),  # half hours: the hours they fall in
])
def test_free_time_in_words(hours, zone, words):
    assert engine.hours_in_words(hours, zone, WINTER, blocks=zone == "UTC") == words


def test_free_time_read_from_another_zone_with_the_hours_in_common():
    theirs = engine.clean(Q("availability"), ["mon-morning", "mon-afternoon"], "America/New_York", WINTER)
    mine = engine.clean(Q("availability"), ["mon-evening", "tue-morning"], "Europe/Berlin", WINTER)
    seen = engine.availability_for(theirs, "America/New_York", WINTER, "Europe/Berlin", WINTER, mine, WINTER)
    assert (seen.theirs, seen.zone) == ("Mon morning, Mon afternoon", "America/New_York")
    assert (seen.yours, seen.common) == ("Mon 14:00–23:00", "Mon 17:00–21:00")
    alone = engine.availability_for(theirs, "America/New_York", WINTER, "America/New_York", WINTER)
    assert (alone.yours, alone.common) == ("", None)
    apart = engine.availability_for(theirs, "America/New_York", WINTER, "Europe/Berlin", WINTER, mine[-4:], WINTER)
    assert apart.common == ""


@pytest.mark.parametrize("today, zones, monday", [
    (date(2026, 5, 13), ("Europe/Berlin", "America/New_York"), date(2026, 5, 11)),  # no change that week
    (date(2027, 3, 25), ("Europe/Berlin",), date(2027, 3, 29)),  # Berlin springs forward on Sunday the 28th
    (date(2027, 3, 25), ("Asia/Tokyo",), date(2027, 3, 22)),  # Tokyo never changes
    (date(2027, 3, 14), ("America/New_York", "Europe/Berlin"), date(2027, 3, 15)),  # New York changes that Sunday
    (date(2026, 10, 20), ("America/New_York", "Europe/Berlin"), date(2026, 11, 2)),  # Berlin, then New York a week on
])
def test_the_usual_week_is_the_first_without_a_clock_change(today, zones, monday):
    assert engine.usual_week(today, *zones) == monday

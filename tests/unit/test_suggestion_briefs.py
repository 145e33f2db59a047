"""Tables of cases for a suggestion card in brief: the fit in words, the reasons as short sentences, the chips."""
from datetime import UTC, date, datetime

import pytest

from mentoring.matching.briefs import chips, fit, reason, time_apart
from mentoring.matching.scoring import Rule
from mentoring.questionnaires.engine import local_block_to_utc_hours

AREAS = {"career": "Career change", "leading": "Leadership", "ai": "AI tools", "data": "Data"}
LANGUAGES = {"en": "English", "es": "Spanish", "fr": "French"}
MONDAY = date(2027, 3, 15)  # a week with no clock change in Europe or America


def rule(kind, matching, choices=None, filter_label="", sensitive=False, question=1):
    return Rule(mentee_question=question, mentor_question=100 + question, matching=matching, weight=5, kind=kind,
                label="How do you like to work?", mentor_label="How do you work?", choices=choices or {},
                sensitive=sensitive, filter_label=filter_label)


def free(*blocks, zone="UTC"):
    """UTC hours of these local blocks ("tue-evening")."""
    return sorted({hour for name in blocks for hour in local_block_to_utc_hours(*name.split("-"), zone, MONDAY)})


@pytest.mark.parametrize("score, words", [(100, "Strong fit"), (63, "Strong fit"), (60, "Strong fit"),
                                          (59, "Good fit"), (40, "Good fit"), (39, "Some fit"), (0, "Some fit")])
def test_a_score_in_words(score, words):
    assert fit(score) == words


@pytest.mark.parametrize("the_rule, mine, theirs, sentence", [
    # what the mentee wants and the mentor offers, in the filter's words, mid-sentence in lower case (not acronyms)
    (rule("multiple", "paired", AREAS, "Can help with"), ["career"], ["career", "data"], "Can help with career change"),
    (rule("multiple", "paired", AREAS), ["career", "ai"], ["ai", "career"], "Can help with career change and AI tools"),
    (rule("single", "paired", AREAS, "Knows about"), "data", ["data"], "Knows about data"),
    (rule("multiple", "paired", AREAS), ["career"], ["data"], None),
    # the same answers: in the filter's words when the coordinators named one
    (rule("multiple", "equal", LANGUAGES, "Speaks"), ["en", "fr"], ["en"], "Speaks English, like you"),
    (rule("multiple", "equal", LANGUAGES, "Speaks"), ["en", "es"], ["es", "en"],
     "Speaks English and Spanish, like you"),
    (rule("single", "similar", AREAS), "data", "data", "You both chose Data"),
    (rule("single", "similar", AREAS), "data", "ai", None),
    # scales: the same or one apart
    (rule("scale", "similar"), 4, 4, "Same as you on “How do you like to work”"),
    (rule("scale", "similar"), 4, 3, "Close to you on “How do you like to work”"),
    (rule("scale", "similar"), 5, 2, None),
    # free time, in the mentee's zone
    (rule("availability", "similar"), free("tue-evening"), free("tue-evening", "wed-morning"),
     "Free on Tuesday evenings, like you"),
    (rule("availability", "similar"), free("tue-evening", "thu-evening", "fri-evening", "mon-morning"),
     free("tue-evening", "thu-evening", "fri-evening", "mon-morning"),
     "Free on Tuesday and Thursday evenings and at 2 other times, like you"),
    (rule("availability", "similar"), free(*(f"{day}-morning" for day in ("mon", "tue", "wed", "thu", "fri"))),
     free(*(f"{day}-morning" for day in ("mon", "tue", "wed", "thu", "fri"))), "Free most mornings, like you"),
    (rule("availability", "similar"), [10, 11], [11, 12], "Free 1 hour a week when you are"),
    (rule("availability", "similar"), [10], [12], None),
    # nothing to say: private, or unanswered
    (rule("multiple", "paired", AREAS, sensitive=True), ["career"], ["career"], None),
    (rule("multiple", "equal", LANGUAGES), ["en"], [], None),
    (rule("short_text", "equal"), "", "Berlin", None),
    (rule("short_text", "equal"), "Berlin", "berlin", "Same answer as you to “How do you like to work”"),
])
def test_a_reason_in_a_short_sentence(the_rule, mine, theirs, sentence):
    assert reason(the_rule, mine, theirs, "UTC", MONDAY) == sentence


def test_free_time_is_read_in_the_mentees_zone():
    tuesday_evening_in_new_york = free("tue-evening", zone="America/New_York")
    assert (reason(rule("availability", "similar"), tuesday_evening_in_new_york, tuesday_evening_in_new_york,
                   "America/New_York", MONDAY) == "Free on Tuesday evenings, like you")


def test_chips_are_the_languages_they_speak_and_the_hours_in_common():
    rules = [rule("multiple", "equal", LANGUAGES, "Speaks", question=1), rule("availability", "similar", question=2),
             rule("multiple", "paired", AREAS, question=3),
             rule("multiple", "equal", LANGUAGES, sensitive=True, question=4)]
    mine = {1: ["en"], 2: free("tue-evening"), 3: ["data"], 4: ["fr"]}
    assert chips(rules, mine, {101: ["en", "es"], 102: free("tue-evening"), 103: ["data"], 104: ["fr"]}) == [
        "English", "Spanish", "4 hours a week in common"]
    assert chips(rules, mine, {101: ["en"], 102: free("sat-morning")}) == ["English", "No hours in common"]
    assert chips(rules, {1: ["en"]}, {101: ["en"], 102: free("sat-morning")}) == ["English"]


@pytest.mark.parametrize("theirs, mine, words", [
    ("Europe/Berlin", "Europe/Paris", "Same time as you"),
    ("Europe/Berlin", "Europe/London", "1 hour ahead of you"),
    ("America/New_York", "Europe/Berlin", "6 hours behind you"),
    ("Asia/Kolkata", "Europe/London", "5½ hours ahead of you"),
    ("Asia/Kathmandu", "Asia/Kolkata", "15 minutes ahead of you"),
    ("UTC", "Asia/Kathmandu", "5¾ hours behind you"),
])
def test_how_far_apart_two_clocks_are(theirs, mine, words):
    assert time_apart(theirs, mine, datetime(2027, 2, 17, 12, tzinfo=UTC)) == words


def test_how_far_apart_follows_the_clock_changes():
    assert time_apart("America/New_York", "Europe/Berlin", datetime(2027, 3, 20, 12, tzinfo=UTC)) == (
        "5 hours behind you")  # New York has moved its clocks, Berlin not yet

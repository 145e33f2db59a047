"""Tables of cases for scoring: every rule, every hard filter, consent, reasons, and the vectorised pool."""
import random
from fractions import Fraction

import numpy as np
import pytest

from mentoring.matching import scoring
from mentoring.matching.scoring import (
    FILTER_AVAILABILITY,
    FILTER_NONE,
    Person,
    Pool,
    Rule,
    _similarity,
    explain,
    score,
    why_unmatched,
)

AREAS = {"speaking": "Public speaking", "leading": "Leadership", "data": "Data", "design": "Design"}
LANGUAGES = {"en": "English", "es": "Spanish", "fr": "French"}
CITIES = ("Berlin", "berlin", "Paris", "Lagos", "Lima")
ZONES = ("Europe/Berlin", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Adelaide")


def rule(kind, matching, weight=5, sensitive=False, choices=None, question=1):
    return Rule(mentee_question=question, mentor_question=100 + question, matching=matching, weight=weight, kind=kind,
                label=f"Question {question}?", mentor_label=f"Mentor question {question}", choices=choices or {},
                sensitive=sensitive)


def pair_score(rules, mine, theirs, mine_consent=True, their_consent=True):
    mentee = Person(1, {r.mentee_question: value for r, value in zip(rules, mine, strict=True)}, mine_consent)
    mentor = Person(2, {r.mentor_question: value for r, value in zip(rules, theirs, strict=True)}, their_consent)
    value, feasible, reasons = explain(rules, mentee, mentor, "mentee")
    return value, feasible, reasons


@pytest.mark.parametrize("the_rule, mine, theirs, expected, feasible", [
    # paired: the share of what the mentee wants that the mentor offers
    (rule("multiple", "paired", choices=AREAS), ["speaking", "leading"], ["speaking", "data"], 50, True),
    (rule("multiple", "paired", choices=AREAS), ["speaking"], ["speaking", "data"], 100, True),
    (rule("multiple", "paired", choices=AREAS), ["design"], ["speaking", "data"], 0, True),
    (rule("single", "paired", choices=AREAS), "data", ["speaking", "data"], 100, True),
    # similar multiple: what both chose over what either chose
    (rule("multiple", "similar", choices=AREAS), ["speaking", "leading"], ["speaking", "data"], 33, True),
    (rule("multiple", "similar", choices=AREAS), ["speaking"], ["speaking"], 100, True),
    # similar single: the same answer or not
    (rule("single", "similar", choices=AREAS), "data", "data", 100, True),
    (rule("single", "similar", choices=AREAS), "data", "design", 0, True),
    # similar scale: 1 - distance / 4
    (rule("scale", "similar"), 3, 3, 100, True),
    (rule("scale", "similar"), 2, 3, 75, True),
    (rule("scale", "similar"), 1, 5, 0, True),
    # equal: a hard filter, full marks when it passes
    (rule("multiple", "equal", choices=LANGUAGES), ["en", "fr"], ["fr"], 100, True),
    (rule("multiple", "equal", choices=LANGUAGES), ["en"], ["es"], 0, False),
    (rule("single", "equal", choices=LANGUAGES), "en", "en", 100, True),
    (rule("scale", "equal"), 4, 3, 0, False),
    (rule("short_text", "equal"), "Berlin", "berlin", 100, True),
    (rule("timezone", "similar"), "Europe/Berlin", "Europe/Berlin", 100, True),
    # availability: hours in common, full at six; no hour in common is a hard filter
    (rule("availability", "similar"), [10, 11, 12], [11, 12, 13], 33, True),
    (rule("availability", "similar"), list(range(8)), list(range(2, 20)), 100, True),
    (rule("availability", "similar"), [10, 11], [50, 51], 0, False),
    # a mentor who did not answer: no points; an equal rule cannot pass
    (rule("multiple", "paired", choices=AREAS), ["speaking"], None, 0, True),
    (rule("multiple", "equal", choices=LANGUAGES), ["en"], None, 0, False),
    (rule("availability", "similar"), [10], None, 0, True),
])
def test_each_rule(the_rule, mine, theirs, expected, feasible):
    value, passes, _ = pair_score([the_rule], [mine], [theirs])
    assert (value, passes) == (expected, feasible)


def test_a_question_the_mentee_left_empty_does_not_count():
    rules = [rule("multiple", "paired", weight=8, choices=AREAS, question=1),
             rule("multiple", "equal", weight=2, choices=LANGUAGES, question=2)]
    assert pair_score(rules, [None, ["en"]], [["data"], ["en"]])[:2] == (100, True)
    assert pair_score(rules, [["data"], None], [["data"], ["fr"]])[:2] == (100, True)  # no filter either


def test_weights_share_the_score():
    rules = [rule("multiple", "paired", weight=8, choices=AREAS, question=1),
             rule("scale", "similar", weight=2, question=2)]
    assert pair_score(rules, [["data"], 1], [["data"], 5])[0] == 80
    assert pair_score(rules, [["design"], 3], [["data"], 3])[0] == 20


@pytest.mark.parametrize("mine, theirs, counted", [(True, True, True), (True, False, False), (False, True, False)])
def test_sensitive_answers_count_only_with_both_consents(mine, theirs, counted):
    rules = [rule("multiple", "paired", weight=5, choices=AREAS, question=1),
             rule("multiple", "paired", weight=5, sensitive=True, choices={"x": "X"}, question=2)]
    value, _, reasons = pair_score(rules, [["data"], ["x"]], [["data"], []], mine_consent=mine, their_consent=theirs)
    assert value == (50 if counted else 100)
    assert len(reasons) == (2 if counted else 1)
    assert [reason.text for reason in reasons if reason.text is None] == ([None] if counted else [])


@pytest.mark.parametrize("viewer, text", [
    ("mentee", "You want “Public speaking”; this mentor offers it"),
    ("mentor", "They want “Public speaking”; you offer it"),
    ("coordinator", "The mentee wants “Public speaking”; the mentor offers it"),
])
def test_reasons_speak_to_whoever_reads_them(viewer, text):
    the_rule = rule("multiple", "paired", choices=AREAS)
    _, _, reasons = explain([the_rule], Person(1, {1: ["speaking", "design"]}), Person(2, {101: ["speaking"]}), viewer)
    assert reasons[0].text == text


@pytest.mark.parametrize("the_rule, mine, theirs, text, positive", [
    (rule("availability", "similar"), [10, 11, 12, 13], [11, 12, 13, 14], "3 hours a week in common", True),
    (rule("availability", "similar"), [10, 11], [11, 12], "1 hour a week in common", True),
    (rule("availability", "similar"), [10], [20], "No time in common", False),
    (rule("multiple", "similar", choices={"video": "Video call", "phone": "Phone"}), ["video"], ["video", "phone"],
     "Both: “Video call” (“Question 1”)", True),
    (rule("multiple", "similar", choices={"video": "Video call", "phone": "Phone"}), ["video"], ["phone"],
     "Different answers to “Question 1”", False),
    (rule("multiple", "equal", choices=LANGUAGES), ["en", "es"], ["es", "en"],
     "Both: “English” and “Spanish” (“Question 1”)", True),
    (rule("scale", "similar"), 3, 3, "Same answer to “Question 1” (3 of 5)", True),
    (rule("scale", "similar"), 2, 3, "Close on “Question 1” (2 and 3 of 5)", True),
    (rule("scale", "similar"), 2, 5, "Far apart on “Question 1” (2 and 5 of 5)", False),  # earns a few points
    (rule("scale", "similar"), 1, 5, "Far apart on “Question 1” (1 and 5 of 5)", False),
    (rule("single", "similar", choices=AREAS), "data", "data", "Both: “Data” (“Question 1”)", True),
    (rule("multiple", "paired", choices=AREAS), ["design"], ["data"],
     "This mentor does not offer what you want (“Question 1”)", False),
    (rule("multiple", "paired", choices=AREAS), ["design"], None, "No answer from this mentor to “Mentor question 1”",
     False),
    (rule("short_text", "similar"), "Berlin", "berlin", "Same answer to “Question 1”", True),
    (rule("short_text", "similar"), "Berlin", "Paris", "Different answers to “Question 1”", False),
])
def test_reason_wording_and_whether_it_speaks_for_the_pair(the_rule, mine, theirs, text, positive):
    _, _, reasons = pair_score([the_rule], [mine], [theirs])
    assert (reasons[0].text, reasons[0].positive) == (text, positive)


@pytest.mark.parametrize("failed, why", [
    ([0, 0, FILTER_AVAILABILITY], "No mentor passes the must-match rules: none matches their answer to “Question 1”."),
    ([FILTER_AVAILABILITY, 0, FILTER_AVAILABILITY], "No mentor passes the must-match rules: none is free at the same "
                                                    "times."),
    ([0], "No mentor passes the must-match rules: none matches their answer to “Question 1”."),
])
def test_why_no_mentor_passes_a_mentee_s_must_match_rules(failed, why):
    rules = [rule("multiple", "equal", choices=LANGUAGES, question=1), rule("availability", "similar", question=2)]
    assert why_unmatched(rules, np.array(failed)) == why


def random_people(rng, rules, count, side):
    people = []
    for number in range(count):
        answers = {}
        for the_rule in rules:
            question = the_rule.mentee_question if side == "mentee" else the_rule.mentor_question
            if rng.random() < 0.1:
                continue
            keys = list(the_rule.choices)
            answers[question] = {
                "multiple": lambda keys=keys: rng.sample(keys, rng.randint(1, len(keys))),
                "single": lambda keys=keys: rng.choice(keys),
                "scale": lambda: rng.randint(1, 5),
                "availability": lambda: sorted(rng.sample(range(168), rng.randint(1, 12))),
                "timezone": lambda: rng.choice(ZONES),
                "short_text": lambda: rng.choice(CITIES),
            }[the_rule.kind]()
        people.append(Person(number, answers, consent=rng.random() < 0.7))
    return people


def reference(rules, mentee, mentor):
    """Score one pair in plain Python, straight from the rules' definitions (an independent reference)."""
    points = possible = 0.0
    feasible = True
    for the_rule in rules:
        mine, theirs = mentee.answers.get(the_rule.mentee_question), mentor.answers.get(the_rule.mentor_question)
        if mine is None or (the_rule.sensitive and not (mentee.consent and mentor.consent)):
            continue
        possible += the_rule.weight
        if theirs is None:
            feasible &= the_rule.matching != "equal"
            continue
        if the_rule.kind == "scale":
            passes, similarity = mine == theirs, 1 - abs(mine - theirs) / 4
        elif the_rule.kind == "availability":
            common = len(set(mine) & set(theirs))
            passes, similarity = common > 0, min(common, 6) / 6
        else:
            a = set(mine if isinstance(mine, list) else [mine])
            b = set(theirs if isinstance(theirs, list) else [theirs])
            passes = bool(a & b)
            similarity = {"paired": len(a & b) / len(a), "equal": float(passes),
                          "similar": len(a & b) / len(a | b) if the_rule.kind == "multiple" else float(a == b)
                          }[the_rule.matching]
        if the_rule.matching == "equal" or the_rule.kind == "availability":
            feasible &= passes
        points += the_rule.weight * similarity
    return (round(100 * points / possible) if possible else 0), feasible


def test_the_pool_scores_every_pair_as_the_plain_reference_does():
    rng = random.Random(7)
    rules = [rule("multiple", "paired", weight=8, choices=AREAS, question=1),
             rule("multiple", "equal", weight=2, choices=LANGUAGES, question=2),
             rule("scale", "similar", weight=3, question=3),
             rule("availability", "similar", weight=5, question=4),
             rule("single", "similar", weight=2, choices=AREAS, question=5),
             rule("multiple", "paired", weight=3, sensitive=True, choices=AREAS, question=6)]
    mentees, mentors = random_people(rng, rules, 40, "mentee"), random_people(rng, rules, 60, "mentor")
    scores, feasible, _ = score(Pool(rules, mentees, "mentee"), Pool(rules, mentors, "mentor"))
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            assert (scores[i, j], feasible[i, j]) == reference(rules, mentee, mentor), (i, j)
            assert explain(rules, mentee, mentor)[:2] == (scores[i, j], feasible[i, j])
    assert 0 < feasible.mean() < 1 and 0 < scores.mean() < 100


def rule_by_rule_score(mentees, mentors, rows=None):
    """`score` as first written, a rule at a time over the whole block: the reference its matrix products must
    equal, bit for bit."""
    rows = np.arange(len(mentees)) if rows is None else np.asarray(rows)
    my_consent = mentees.consent[rows][:, None]
    shape = (len(rows), len(mentors))
    points, possible = np.zeros(shape), np.zeros(shape)
    feasible = np.ones(shape, dtype=bool)
    failed = np.full(shape, FILTER_NONE, dtype=np.int16)
    for index, (rule, (mine_answered, mine), (their_answered, theirs)) in enumerate(
            zip(mentors.rules, mentees.columns, mentors.columns, strict=True)):
        applies = np.broadcast_to(mine_answered[rows][:, None], shape)
        if rule.sensitive:
            applies = applies & my_consent & mentors.consent[None, :]
        similarity, passes = _similarity(rule, mine[rows][:, None, ...], theirs[None, ...])
        answered = their_answered[None, :]
        similarity = np.where(answered, similarity, 0)
        points += np.where(applies, rule.weight * similarity, 0)
        possible += np.where(applies, rule.weight, 0)
        if rule.matching == "equal":
            refused = applies & ~(answered & passes)
        elif rule.kind == "availability":
            refused = applies & answered & ~passes
        else:
            continue
        failed = np.where(refused & feasible, FILTER_AVAILABILITY if (rule.kind == "availability" and
                                                                      rule.matching != "equal") else index,
                          failed)
        feasible &= ~refused
    scores = np.rint(np.divide(100 * points, possible, out=np.zeros(shape), where=possible > 0)).astype(np.int16)
    return scores, feasible, failed


EVERY_KIND = [rule("multiple", "paired", weight=8, choices=AREAS, question=1),
              rule("multiple", "equal", weight=2, choices=LANGUAGES, question=2),
              rule("scale", "similar", weight=3, question=3),
              rule("availability", "similar", weight=5, question=4),
              rule("single", "similar", weight=2, choices=AREAS, question=5),
              rule("multiple", "paired", weight=3, sensitive=True, choices=AREAS, question=6),
              rule("multiple", "similar", weight=3, choices=AREAS, question=7),
              rule("single", "equal", weight=1, sensitive=True, choices=LANGUAGES, question=8),
              rule("scale", "equal", weight=1, question=9),
              rule("timezone", "similar", weight=2, question=10),
              rule("short_text", "equal", weight=1, question=11),
              rule("short_text", "similar", weight=1, sensitive=True, question=12),
              rule("availability", "equal", weight=1, question=13),
              rule("single", "paired", weight=2, choices=AREAS, question=14),
              rule("availability", "similar", weight=4, sensitive=True, question=15),
              rule("scale", "similar", weight=7, sensitive=True, question=16)]


def assert_scored_as_rule_by_rule(mentees, mentors, rows=None):
    expected = rule_by_rule_score(mentees, mentors, rows)
    found = score(mentees, mentors, rows)
    for name, wanted, got in zip(("scores", "feasible", "failed"), expected, found, strict=True):
        assert got.dtype == wanted.dtype and got.shape == wanted.shape, name
        assert np.array_equal(got, wanted), (name, np.argwhere(got != wanted)[:5])


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("mentee_count, mentor_count", [(1, 1), (1, 9), (7, 1), (5, 13), (60, 150)])
@pytest.mark.parametrize("chunk, tabled", [(scoring.CHUNK, scoring.TABLED), (50, scoring.TABLED), (50, 0)])
def test_the_matrix_products_score_as_the_rules_do_one_by_one(monkeypatch, seed, mentee_count, mentor_count, chunk,
                                                              tabled):
    """Random people (some answer nothing, some withhold consent) against rules of every kind, mentors taken a few
    at a time, and (with no table) every rule that could use a table scored pair by pair instead."""
    monkeypatch.setattr(scoring, "CHUNK", chunk)
    monkeypatch.setattr(scoring, "TABLED", tabled)
    rng = random.Random(seed)
    rules = rng.sample(EVERY_KIND, rng.randint(1, len(EVERY_KIND))) if seed else EVERY_KIND
    mentees = random_people(rng, rules, mentee_count, "mentee") + [Person(-1, {}, consent=True)]
    mentors = random_people(rng, rules, mentor_count, "mentor") + [Person(-2, {}, consent=rng.random() < 0.5)]
    mentee_pool, mentor_pool = Pool(rules, mentees, "mentee"), Pool(rules, mentors, "mentor")
    assert_scored_as_rule_by_rule(mentee_pool, mentor_pool)
    assert_scored_as_rule_by_rule(mentee_pool, mentor_pool, rng.sample(range(len(mentees)), len(mentees) // 2 + 1))


def exact_score(rules, mentee, mentor):
    """100 × points / possible as a fraction, for paired, similar multiple and availability rules of weight 1."""
    shares = []
    for the_rule in rules:
        mine, theirs = mentee.answers.get(the_rule.mentee_question), mentor.answers.get(the_rule.mentor_question)
        if mine is None:
            continue
        common, either = len(set(mine) & set(theirs or ())), len(set(mine) | set(theirs or ()))
        shares.append({"paired": Fraction(common, len(mine)), "similar": Fraction(common, either)}[the_rule.matching]
                      if the_rule.kind == "multiple" else Fraction(min(common, 6), 6))
    return 100 * sum(shares) / len(shares) if shares else Fraction(0)


def test_a_score_exactly_between_two_rounds_as_the_rules_sum_does():
    """Thirds and sixths summed in another order land a hair either side of a half; such scores are summed again."""
    rules = [rule("multiple", "paired", weight=1, choices=AREAS, question=1),
             rule("multiple", "similar", weight=1, choices=AREAS, question=2),
             rule("availability", "similar", weight=1, question=3)]
    rng = random.Random(11)
    mentees, mentors = random_people(rng, rules, 60, "mentee"), random_people(rng, rules, 120, "mentor")
    halves = sum(exact_score(rules, mentee, mentor).denominator == 2 for mentee in mentees for mentor in mentors)
    assert halves > 50
    assert_scored_as_rule_by_rule(Pool(rules, mentees, "mentee"), Pool(rules, mentors, "mentor"))


def test_no_rules_and_no_people():
    assert_scored_as_rule_by_rule(Pool([], [Person(1, {})], "mentee"), Pool([], [Person(2, {})], "mentor"))
    assert_scored_as_rule_by_rule(Pool(EVERY_KIND, [], "mentee"), Pool(EVERY_KIND, [Person(2, {})], "mentor"))
    assert_scored_as_rule_by_rule(Pool(EVERY_KIND, [Person(1, {})], "mentee"), Pool(EVERY_KIND, [], "mentor"))


def test_the_default_questionnaires_score_as_the_rules_do_one_by_one(app):
    from bench.seed import ZONES as SEED_ZONES
    from bench.seed import Asked, new_program, random_answer
    from mentoring.matching import people
    from mentoring.models import Question
    rng = random.Random(5)
    with app.test_request_context():
        program = new_program(None, "Scored")
        rules = people.rules_of(program)
        questions = {role: [Asked.of(question) for question in Question.of(program, role)]
                     for role in ("mentee", "mentor")}

        def persons(role, count):
            found = []
            for number in range(count):
                zone = rng.choice(SEED_ZONES)
                answers = {question.id: random_answer(rng, question, zone) for question in questions[role]}
                found.append(Person(number, {key: value for key, value in answers.items() if value is not None},
                                    consent=rng.random() < 0.6))
            return found

        mentees, mentors = persons("mentee", 300), persons("mentor", 1500)
    assert any(rule.sensitive for rule in rules)
    assert_scored_as_rule_by_rule(Pool(rules, mentees, "mentee"), Pool(rules, mentors, "mentor"))

"""Scoring how well a mentor fits a mentee, with the reasons (pure: numpy, the standard library and the clock).

The program's matching rules come from its mentee questions: *equal* rules are hard filters,
*similar* and *paired* rules add weighted terms, and availability both filters (no hour in common)
and scores (hours in common). A score is 0-100: the weighted share of what the rules could give.
Sensitive rules count only when both people consented, and never appear in a reason.

Mentors are held column-wise (`Pool`), so one mentee is scored against thousands of mentors, or a
block of mentees against all of them, with a few array operations per rule.
"""
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

import numpy as np

from mentoring import clock
from mentoring.words import counted, listing

CHOICE_KINDS = ("single", "multiple")
FULL_OVERLAP_HOURS = 6  # hours a week in common that count as a perfect fit
WORDS = 3  # 168 hours of a week in three 64-bit words


@dataclass(frozen=True)
class Rule:
    """How one mentee question is compared with one mentor question."""

    mentee_question: int
    mentor_question: int
    matching: str  # "equal", "similar" or "paired"
    weight: int
    kind: str  # the mentee question's kind
    label: str  # the mentee question, for reasons
    mentor_label: str = ""
    choices: dict = field(default_factory=dict)  # choice key -> label, both questions' choices
    sensitive: bool = False
    filter_label: str = ""  # the mentees' filter on this rule, when the coordinators named it

    @cached_property
    def key_bits(self):
        return {key: 1 << index for index, key in enumerate(self.choices)}


@dataclass
class Person:
    """A mentee or mentor as scoring sees them: their answers by question id, and their consent."""

    id: int
    answers: dict
    consent: bool = False


@dataclass
class Reason:
    """One rule's part in a score: its points out of 100, what it says (or None when private), and whether it
    speaks for the pair (a reason they fit) or against it ("Far apart on…", "Different answers to…")."""

    points: float
    text: str | None
    positive: bool = True
    rule: Rule | None = None  # the rule it comes from


# --- turning stored answers into numbers --------------------------------------------------------------

def _bits(rule, value):
    if value is None:
        return 0
    bits = rule.key_bits
    values = value if isinstance(value, list) else [value]
    return sum(bits.get(key, 0) for key in values)


def hours_bits(value):
    words = [0] * WORDS
    for hour in value or ():
        words[hour // 64] |= 1 << (hour % 64)
    return words


def _offset(zone, moment=None):
    moment = moment or clock.now()
    return moment.astimezone(ZoneInfo(zone)).utcoffset().total_seconds() / 3600


def _column(rule, people, question):
    """One rule's answers of `people` as arrays: (answered, values)."""
    answers = [person.answers.get(question) for person in people]
    answered = np.array([value not in (None, [], "") for value in answers], dtype=bool)
    if rule.kind in CHOICE_KINDS:
        values = np.array([_bits(rule, value) for value in answers], dtype=np.uint64)
    elif rule.kind == "scale":
        values = np.array([value or 0 for value in answers], dtype=np.float64)
    elif rule.kind == "availability":
        values = np.array([hours_bits(value) for value in answers], dtype=np.uint64).reshape(len(people), WORDS)
    elif rule.kind == "timezone":
        values = np.array([_offset(value) if value else np.nan for value in answers], dtype=np.float64)
    else:
        values = np.array([str(value).casefold() if value else "" for value in answers], dtype=object)
    return answered, values


class Pool:
    """Mentors (or mentees) held column-wise, one array per rule, for fast scoring."""

    def __init__(self, rules, people, side):
        self.rules = list(rules)
        self.people = list(people)
        self.ids = np.array([person.id for person in self.people], dtype=np.int64)
        self.consent = np.array([person.consent for person in self.people], dtype=bool)
        self.columns = [_column(rule, self.people, rule.mentor_question if side == "mentor" else
                                rule.mentee_question) for rule in self.rules]

    def __len__(self):
        return len(self.people)

    @cached_property
    def as_mentors(self):
        """This pool as the mentors of `score`, built on first use and kept for every block of mentees."""
        return _Mentors(self)


def _popcount(values):
    return np.bitwise_count(values).astype(np.float64)


def _similarity(rule, mine, theirs):
    """How alike two answers are (0..1), and whether an *equal* rule passes, elementwise."""
    similarity, passes = _compare(rule, mine, theirs)
    if rule.matching == "equal":
        similarity = passes.astype(np.float64)
    return similarity, passes


def _compare(rule, mine, theirs):
    if rule.kind in CHOICE_KINDS:
        common = _popcount(mine & theirs)
        shared = common > 0
        if rule.matching == "paired":
            wanted = _popcount(mine)
            return np.divide(common, wanted, out=np.zeros_like(common), where=wanted > 0), shared
        if rule.matching == "similar" and rule.kind == "multiple":
            union = _popcount(mine | theirs)
            return np.divide(common, union, out=np.zeros_like(common), where=union > 0), shared
        return (mine == theirs).astype(np.float64) if rule.matching == "similar" else shared * 1.0, shared
    if rule.kind == "scale":
        close = 1 - np.abs(mine - theirs) / 4
        return close, mine == theirs
    if rule.kind == "availability":
        overlap = _popcount(mine & theirs).sum(axis=-1)
        return np.minimum(overlap, FULL_OVERLAP_HOURS) / FULL_OVERLAP_HOURS, overlap > 0
    if rule.kind == "timezone":
        apart = np.abs(mine - theirs)
        return 1 - np.minimum(np.nan_to_num(apart, nan=12), 12) / 12, apart == 0
    same = mine == theirs
    return same.astype(np.float64), same


FILTER_NONE = -1
FILTER_AVAILABILITY = -2


def score(mentees, mentors, rows=None):
    """Scores (0-100, integers) of mentees (`rows` of the `mentees` pool) against every mentor, whether
    each pair passes the hard filters, and which rule first failed for each pair (FILTER_NONE when none).

    Matrix products sum the rules' points in another order than rule by rule, so the few scores that come within
    a hair of a half are summed again rule by rule (`_exact_scores`): every score rounds as the rules' sum does."""
    rows = np.arange(len(mentees)) if rows is None else np.asarray(rows)
    shape = (len(rows), len(mentors))
    scores, feasible = np.empty(shape, dtype=np.int16), np.ones(shape, dtype=bool)
    failed = np.full(shape, FILTER_NONE, dtype=np.int16)
    if 0 in shape:
        return scores, feasible, failed
    block, near_half, width = _Block(mentees, rows, mentors.as_mentors), [], max(1, CHUNK // len(rows))
    for start in range(0, len(mentors), width):
        chunk = slice(start, start + width)
        near = block.score(chunk, scores[:, chunk], feasible[:, chunk], failed[:, chunk])
        near_half.append(np.divmod(near, scores[:, chunk].shape[1]) + np.array([[0], [start]]))
    near_rows, near_columns = np.hstack(near_half)
    scores[near_rows, near_columns] = _exact_scores(mentees, rows[near_rows], mentors, near_columns)
    return scores, feasible, failed


CHUNK = 256 * 1024  # pairs scored at a time, so that their temporaries stay in the processor's cache
TABLED = 128  # most different answers to a rule among the mentors for the rule to be scored through a table
HALF_MARGIN = 1e-6  # how near a half a score summed out of order is summed again in order


def _bit_matrix(values, count):
    """Bit masks (a uint64 per person, or a row of words) as a 0/1 float32 matrix of their first `count` bits."""
    words = values.reshape(len(values), -1)
    bits = (words[:, :, None] >> np.arange(64, dtype=np.uint64)) & np.uint64(1)
    return bits.reshape(len(values), -1)[:, :count].astype(np.float32)


def _bit_count(rule):
    return 7 * 24 if rule.kind == "availability" else len(rule.choices)


class _Mentors:
    """A pool as the mentors of `score`, its answers turned into matrices once. A rule is *linear* when its points
    are the product of a mentee's row and a mentor's row (what the mentor offers of what the mentee wants, or the
    entry of a table that the mentor's answer picks); *counted* when a product counts what the two share (choices,
    hours, or whether a table says the answers are equal) and its points and filter follow from the count; and
    *elementwise* when the mentors gave too many different answers for a table."""

    def __init__(self, pool):
        self.columns, self.consent = pool.columns, pool.consent
        self.linear, self.counted, self.elementwise = [], [], []
        linear_rows = []
        for index, (rule, (answered, values)) in enumerate(zip(pool.rules, pool.columns, strict=True)):
            counts = answered & pool.consent if rule.sensitive else answered
            if rule.kind == "availability" or (rule.kind in CHOICE_KINDS and rule.matching == "equal"):
                self.counted.append((index, None, _bit_matrix(values, _bit_count(rule)) * counts[:, None], counts))
                continue
            if rule.kind in CHOICE_KINDS and rule.matching == "paired":
                self.linear.append((index, None))
                linear_rows.append(_bit_matrix(values, _bit_count(rule)) * counts[:, None])
                continue
            answers, codes = np.unique(values, return_inverse=True)
            if len(answers) > TABLED:
                self.elementwise.append(index)
                continue
            picked = (codes.reshape(-1, 1) == np.arange(len(answers))) & counts[:, None]
            if rule.matching == "equal":
                self.counted.append((index, answers, picked.astype(np.float32), counts))
            else:
                self.linear.append((index, answers))
                linear_rows.append(picked)
        self.linear_rows = np.hstack([np.zeros((len(pool), 0)), *linear_rows]).astype(np.float64)


class _Block:
    """The mentees of one call of `score`, as the rows that multiply the mentors' matrices."""

    def __init__(self, mentees, rows, mentors):
        self.rules, self.mentors = mentees.rules, mentors
        consent = mentees.consent[rows]
        self.applies = [answered[rows] & consent if rule.sensitive else answered[rows]
                        for rule, (answered, _) in zip(self.rules, mentees.columns, strict=True)]
        self.values = [values[rows] for _, values in mentees.columns]
        certain, consented = np.zeros(len(rows)), np.zeros(len(rows))  # possible points, and those of sensitive rules
        for rule, applies in zip(self.rules, self.applies, strict=True):
            if rule.sensitive:
                consented += np.where(applies, rule.weight, 0)
            else:
                certain += np.where(applies, rule.weight, 0)
        self.per_point = _per_point(certain)[:, None]  # 100 / possible sixths, for a mentor with or without consent
        self.per_point_consented = _per_point(certain + consented)[:, None] if consented.any() else None
        self.linear = FULL_OVERLAP_HOURS * np.hstack([np.zeros((len(rows), 0)), *(
            self._linear(index, answers) for index, answers in mentors.linear)])
        self.counted = [self._counted(index, answers) for index, answers, _, _ in mentors.counted]

    def _linear(self, index, answers):
        rule, applies, mine = self.rules[index], self.applies[index][:, None], self.values[index]
        if answers is None:  # paired choices: each choice the mentor offers is a share of what the mentee wants
            bits = _bit_matrix(mine, _bit_count(rule)).astype(np.float64)
            wanted = bits.sum(axis=1, keepdims=True)
            return np.divide(rule.weight * bits, wanted, out=np.zeros_like(bits), where=applies & (wanted > 0))
        similarity, _ = _similarity(rule, mine[:, None], answers[None, :])
        return np.where(applies, rule.weight * similarity, 0)

    def _counted(self, index, answers):
        rule, applies = self.rules[index], self.applies[index][:, None]
        if answers is None:
            return _bit_matrix(self.values[index], _bit_count(rule)) * applies
        _, passes = _compare(rule, self.values[index][:, None], answers[None, :])
        return (passes & applies).astype(np.float32)

    def score(self, chunk, scores, feasible, failed):
        """Score the block against the mentors `chunk`, into the results' slices for them; returns where (as flat
        indexes into the slices) a score came within a hair of a half."""
        mentors = self.mentors
        points = self.linear @ mentors.linear_rows[chunk].T  # in sixths of a point
        sixths = None  # the counted rules' points in sixths of a point: whole numbers, exact in float32
        refusals = []  # (rule index, failure code, pairs it refuses)
        for (index, _, theirs, counts), mine in zip(mentors.counted, self.counted, strict=True):
            rule = self.rules[index]
            shared = mine @ theirs[chunk].T  # choices or hours in common, or 1 for equal answers (exact integers)
            refused = shared == 0
            refused &= self.applies[index][:, None]
            if rule.matching == "equal":
                if rule.sensitive:
                    refused &= mentors.consent[None, chunk]
                np.minimum(shared, 1, out=shared)
                shared *= FULL_OVERLAP_HOURS * rule.weight
                refusals.append((index, index, refused))
            else:  # availability
                refused &= counts[None, chunk]
                np.minimum(shared, FULL_OVERLAP_HOURS, out=shared)
                shared *= rule.weight
                refusals.append((index, FILTER_AVAILABILITY, refused))
            if sixths is None:
                sixths = shared
            else:
                sixths += shared
        if sixths is not None:
            points += sixths
        for index in mentors.elementwise:
            refusals.extend(self._elementwise(index, chunk, points))
        for _, code, refused in sorted(refusals, key=lambda refusal: refusal[0]):
            refused &= feasible  # refused first by this rule
            failed += refused * np.int16(code - FILTER_NONE)
            feasible &= ~refused
        if self.per_point_consented is None:
            points *= self.per_point
        else:
            points *= np.where(mentors.consent[None, chunk], self.per_point_consented, self.per_point)
        np.rint(points, out=scores, casting="unsafe")
        points -= scores
        return np.flatnonzero(np.abs(points, out=points) > 0.5 - HALF_MARGIN)

    def _elementwise(self, index, chunk, points):
        """Add one rule's points pair by pair, and return its refusals (none unless it is an equal rule)."""
        rule, (their_answered, theirs) = self.rules[index], self.mentors.columns[index]
        applies = self.applies[index][:, None]
        if rule.sensitive:
            applies = applies & self.mentors.consent[None, chunk]
        similarity, passes = _similarity(rule, self.values[index][:, None], theirs[None, chunk])
        answered = their_answered[None, chunk]
        points += np.where(applies & answered, FULL_OVERLAP_HOURS * rule.weight * similarity, 0)  # in sixths
        return [(index, index, applies & ~(answered & passes))] if rule.matching == "equal" else []


def _per_point(possible):
    return np.divide(100 / FULL_OVERLAP_HOURS, possible, out=np.zeros_like(possible), where=possible > 0)


def _exact_scores(mentees, rows, mentors, columns):
    """The scores of the pairs (mentee `rows[k]`, mentor `columns[k]`), summed rule by rule in the rules' order."""
    points, possible = np.zeros(len(rows)), np.zeros(len(rows))
    for rule, (mine_answered, mine), (their_answered, theirs) in zip(
            mentors.rules, mentees.columns, mentors.columns, strict=True):
        applies = mine_answered[rows]
        if rule.sensitive:
            applies = applies & mentees.consent[rows] & mentors.consent[columns]
        similarity, _ = _similarity(rule, mine[rows], theirs[columns])
        similarity = np.where(their_answered[columns], similarity, 0)
        points += np.where(applies, rule.weight * similarity, 0)
        possible += np.where(applies, rule.weight, 0)
    return np.rint(np.divide(100 * points, possible, out=np.zeros(len(rows)), where=possible > 0)).astype(np.int16)


def explain(rules, mentee, mentor, viewer="mentee"):
    """The score of one pair and its reasons, most important first, as `viewer` ("mentee", "mentor" or
    "coordinator") reads them. Private (sensitive) rules count without a reason."""
    return explain_in(Pool(rules, [mentee], "mentee"), 0, Pool(rules, [mentor], "mentor"), 0, viewer)


def explain_in(mentees, i, mentors, j, viewer="mentee"):
    """`explain` for mentee `i` and mentor `j` of pools already built (no answers are converted again)."""
    rules, mentee, mentor = mentors.rules, mentees.people[i], mentors.people[j]
    weights = _applicable_weights(rules, mentee, mentor)
    total = sum(weights.values())
    reasons, points, feasible = [], 0.0, True
    for index, rule in enumerate(rules):
        (_, mine), (their_answered, theirs) = mentees.columns[index], mentors.columns[index]
        similarity, passes = _similarity(rule, mine[i:i + 1], theirs[j:j + 1])
        answered = bool(their_answered[j])
        if index not in weights:
            continue
        if rule.matching == "equal" or rule.kind == "availability":
            feasible &= bool(passes[0]) if answered else rule.matching != "equal"
        value = float(similarity[0]) if answered else 0.0
        points += weights[index] * value
        earned = 100 * weights[index] * value / total if total else 0
        text, positive = (None, value > 0) if rule.sensitive else _words(rule, mentee, mentor, value, viewer)
        reasons.append(Reason(points=earned, text=text, positive=positive, rule=rule))
    reasons.sort(key=lambda reason: -reason.points)
    return (int(np.rint(100 * points / total)) if total else 0), feasible, reasons


def _applicable_weights(rules, mentee, mentor):
    weights = {}
    for index, rule in enumerate(rules):
        if mentee.answers.get(rule.mentee_question) in (None, [], ""):
            continue
        if rule.sensitive and not (mentee.consent and mentor.consent):
            continue
        weights[index] = rule.weight
    return weights


_VOICES = {  # the mentee wanting, the mentor offering, the mentor answering: as each reader says it
    "mentee": {"wants": "You want", "offers": "this mentor offers", "lacks": "This mentor does not offer what you want",
               "mentor": "this mentor"},
    "mentor": {"wants": "They want", "offers": "you offer", "lacks": "You do not offer what they want",
               "mentor": "you"},
    "coordinator": {"wants": "The mentee wants", "offers": "the mentor offers",
                    "lacks": "The mentor does not offer what the mentee wants", "mentor": "the mentor"},
}


def _labels(rule, keys):
    return [rule.choices.get(key, key) for key in keys]


def _listing(labels):
    return listing(f"“{label}”" for label in labels)


def _words(rule, mentee, mentor, value, viewer):
    """One rule's reason in plain words, and whether it speaks for the pair."""
    voice = _VOICES[viewer]
    mine = mentee.answers.get(rule.mentee_question)
    theirs = mentor.answers.get(rule.mentor_question)
    topic = rule.label.rstrip("?.")
    if theirs in (None, [], ""):
        return f"No answer from {voice['mentor']} to “{rule.mentor_label or topic}”", False
    if rule.kind == "availability":
        hours = len(set(mine) & set(theirs))
        return (f"{counted(hours, 'hour')} a week in common", True) if hours else ("No time in common", False)
    if rule.kind in CHOICE_KINDS:
        mine_keys = mine if isinstance(mine, list) else [mine]
        their_keys = theirs if isinstance(theirs, list) else [theirs]
        common = [key for key in mine_keys if key in their_keys]
        if rule.matching == "paired":
            if not common:
                return f"{voice['lacks']} (“{topic}”)", False
            return (f"{voice['wants']} {_listing(_labels(rule, common))}; {voice['offers']} "
                    f"{'it' if len(common) == 1 else 'them'}"), True
        if common:
            return f"Both: {_listing(_labels(rule, common))} (“{topic}”)", True
        return f"Different answers to “{topic}”", False
    if rule.kind == "scale":
        if mine == theirs:
            return f"Same answer to “{topic}” ({mine} of 5)", True
        close = value >= 0.75
        return f"{'Close' if close else 'Far apart'} on “{topic}” ({mine} and {theirs} of 5)", close
    if value >= 1:
        return f"Same answer to “{topic}”", True
    return f"Different answers to “{topic}”", False


def why_unmatched(rules, failed_row):
    """Why no mentor passes a mentee's must-match rules, from their row of filter failures (the most common one)."""
    codes, counts = np.unique(failed_row, return_counts=True)
    common = codes[np.argmax(counts)]
    if common == FILTER_AVAILABILITY:
        return "No mentor passes the must-match rules: none is free at the same times."
    topic = rules[int(common)].label.rstrip("?.")
    return f"No mentor passes the must-match rules: none matches their answer to “{topic}”."

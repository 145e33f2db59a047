"""A mentee's suggested mentors: ranked by score, filtered, with the reasons each one fits."""
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import peewee as pw

from mentoring import clock
from mentoring import db as database
from mentoring.db import Prepared
from mentoring.matching import briefs, people, scoring
from mentoring.models import HiddenSuggestion, Membership, Pair, Response, User
from mentoring.questionnaires import engine
from mentoring.words import about_them

CHUNK = 60


@dataclass
class Suggestion:
    mentor_id: int
    name: str
    headline: str
    score: int
    reasons: list  # short sentences, at most three
    chips: list  # the languages they speak, the hours a week both are free
    time_apart: str  # how far their clock is from the mentee's
    person: User  # the mentor's name and photo, for their face
    fit_low, fit_high = briefs.LOW, briefs.HIGH  # the fit meter's bands

    @property
    def fit(self):
        """'Strong fit', 'Good fit' or 'Some fit'."""
        return briefs.fit(self.score)


@dataclass(frozen=True)
class Filter:
    """A way to narrow the list: a mentor question's options, or a time of the week."""

    name: str
    label: str
    options: tuple  # (value, label)


_TIMES = Filter("when", "Free on", tuple((f"{day}-{block}", f"{engine.DAY_NAMES[day]} {block}")
                                         for day in engine.DAYS for block in engine.BLOCKS))


def filters_for(rules):
    """The filters a mentee can use: options of the mentor questions that rules compare with, and times."""
    return [*(Filter(f"q{rule.mentor_question}", filter_label(rule), tuple(rule.choices.items()))
              for rule in rules if rule.kind in scoring.CHOICE_KINDS and rule.matching in ("paired", "equal")
              and not rule.sensitive), _TIMES]


def filter_label(rule):
    """A rule's filter as the mentee reads it: the name the coordinators gave it, else what the mentor offers
    ("Can help with") or the mentor's question asked about them."""
    if rule.filter_label:
        return rule.filter_label
    if rule.matching == "paired":
        return "Can help with"
    return about_them(rule.mentor_label or rule.label)


_EXCLUDED = Prepared(lambda mentee_id, program_id, user_id: (
    Pair.select(Pair.mentor).where(Pair.mentee == mentee_id)
    | HiddenSuggestion.select(HiddenSuggestion.mentor).where(HiddenSuggestion.mentee == mentee_id)
    | Membership.select(Membership.id).where(Membership.program == program_id, Membership.user == user_id,
                                             Membership.role == Membership.MENTOR)))


def _excluded(mentee):
    """Mentors this mentee must not be shown: themself, anyone they were paired with, anyone hidden."""
    return [mentor_id for (mentor_id,) in _EXCLUDED.rows(mentee.id, mentee.program_id, mentee.user_id)]


def _narrowed(rules, pool, chosen, zone):
    """The mentors that pass the chosen filters."""
    keep = np.ones(len(pool), dtype=bool)
    for rule, (_, values) in zip(rules, pool.columns, strict=True):
        value = chosen.get(f"q{rule.mentor_question}")
        if value and rule.kind in scoring.CHOICE_KINDS and value in rule.key_bits:
            keep &= (values & np.uint64(rule.key_bits[value])) != 0
    when = chosen.get("when", "")
    day, _, block = when.partition("-")
    if day in engine.DAYS and block in engine.BLOCKS:
        available = [values for rule, (_, values) in zip(rules, pool.columns, strict=True)
                     if rule.kind == "availability"]
        if available:
            free_then = np.zeros(len(pool), dtype=bool)
            for word, bits in _block_words(day, block, zone, clock.now().date()):
                free_then |= (available[0][:, word] & bits) != 0
            keep &= free_then
    return keep


@lru_cache(maxsize=1024)
def _block_words(day, block, zone, today):
    """The UTC hours of the week a local block covers in `today`'s week, as (word, bits) for each word of the
    availability columns that holds any of them (a block spans one or two)."""
    words = scoring.hours_bits(engine.local_block_to_utc_hours(day, block, zone, today))
    return tuple((word, np.uint64(bits)) for word, bits in enumerate(words) if bits)


def _searched(program, search):
    """Ids of the program's mentors whose name, headline or bio contain `search`."""
    pattern = "%" + search.replace("%", "").replace("_", "") + "%"
    return {m.id for m in Membership.select(Membership.id).join(User)
            .where(Membership.program == program, Membership.role == Membership.MENTOR,
                   (User.name ** pattern) | (Membership.headline ** pattern) | (Membership.bio ** pattern))}


class _Scored:
    """One mentee scored against the program's mentors, with the cards' reasons worked out so far (for one time zone
    and day: free times are read in them)."""

    def __init__(self, key, mine, scores, feasible):
        self.key, self.mine, self.scores, self.feasible = key, mine, scores, feasible
        self.reasons, self.reasons_seen_from = {}, None


_scored = {}
_SCORED_KEPT = 1000


_ANSWERED = Prepared(lambda membership_id: Response.select(Response.updated_at)
                     .where(Response.membership == membership_id))


def _scores_for(mentee, rules, pool):
    """The mentee's scores against the program's mentor pool, kept until the roster or the mentee's answers
    change."""
    answered = next(iter(_ANSWERED.rows(mentee.id)), None)
    key = (database.generation, mentee.program.id, mentee.program.roster_version, answered, mentee.consent_sensitive)
    found = _scored.get(mentee.id)
    if found is None or found.key != key:
        mine = scoring.Pool(rules, [people.person(mentee)], "mentee")
        scores, feasible, _ = scoring.score(mine, pool)
        if len(_scored) >= _SCORED_KEPT:
            _scored.pop(next(iter(_scored)))
        found = _scored[mentee.id] = _Scored(key, mine, scores[0], feasible[0])
    return found


def suggest(mentee, chosen=None, search="", limit=20, zone="UTC"):
    """The best `limit` mentors for `mentee` (a Membership) that pass the filters and have a free seat,
    and how many mentors fit at all."""
    rules, pool = people.mentor_pools.get(mentee.program)
    if len(pool) == 0:
        return [], 0
    scored = _scores_for(mentee, rules, pool)
    scores, keep = scored.scores, scored.feasible & _narrowed(rules, pool, chosen or {}, zone)
    excluded = _excluded(mentee)
    if excluded:
        keep &= ~np.isin(pool.ids, excluded)
    if search:
        keep &= np.isin(pool.ids, list(_searched(mentee.program_id, search)))
    candidates = np.flatnonzero(keep)
    chosen_rows = []
    rank = (-scores[candidates].astype(np.int64) << 32) + pool.ids[candidates]  # the higher score, then the older id
    for chunk in _best_first(candidates, rank, 2 * limit):
        chosen_rows += _with_free_seats(mentee.program_id, pool.ids[chunk], chunk)
        if len(chosen_rows) >= limit:
            break
    chosen_rows = chosen_rows[:limit]
    ids = [int(pool.ids[row]) for row in chosen_rows]
    cards = {member_id: (name, headline, their_zone, User(id=user_id, name=name, photo_key=photo_key))
             for member_id, name, headline, user_id, photo_key, their_zone in _CARDS.rows(ids)} if ids else {}
    found, minute = [], clock.now().replace(second=0, microsecond=0)
    for row, mentor_id in zip(chosen_rows, ids, strict=True):
        if mentor_id in cards:
            reasons, chips = _in_brief(scored, pool, row, zone)
            name, headline, their_zone, person = cards[mentor_id]
            found.append(Suggestion(mentor_id, name, headline, int(scores[row]), reasons, chips,
                                    _time_apart(their_zone, zone, minute), person))
    return found, len(candidates)


def _best_first(candidates, key, first):
    """`candidates` in chunks, best (smallest `key`) first: the best `first` of them, found without sorting the rest,
    then the rest in order, CHUNK at a time (only when many of the best mentors have no free seat)."""
    if len(candidates) <= first:
        yield candidates[np.argsort(key, kind="stable")]
        return
    split = np.argpartition(key, first)
    best, rest = split[:first], split[first:]
    yield candidates[best[np.argsort(key[best], kind="stable")]]
    rest = rest[np.argsort(key[rest], kind="stable")]
    for start in range(0, len(rest), CHUNK):
        yield candidates[rest[start:start + CHUNK]]


@lru_cache(maxsize=4096)
def _time_apart(theirs, mine, minute):
    """briefs.time_apart at `minute` (clocks change on the minute: a pure function of these, kept)."""
    return briefs.time_apart(theirs, mine, minute)


def _in_brief(scored, pool, row, zone):
    """The card's top three reasons as short sentences and its chips, for mentor `row`, kept with the scores."""
    today = clock.now().date()
    if scored.reasons_seen_from != (zone, today):
        scored.reasons, scored.reasons_seen_from = {}, (zone, today)
    if row not in scored.reasons:
        _, _, reasons = scoring.explain_in(scored.mine, 0, pool, row, "mentee")
        mine, theirs = scored.mine.people[0].answers, pool.people[row].answers
        sentences = (briefs.reason(r.rule, mine.get(r.rule.mentee_question), theirs.get(r.rule.mentor_question),
                                   zone, today) for r in reasons if r.positive)
        scored.reasons[row] = [s for s in sentences if s][:3], briefs.chips(pool.rules, mine, theirs)
    return scored.reasons[row]


_CARDS = Prepared(lambda ids: Membership.select(Membership.id, User.name, Membership.headline, User.id, User.photo_key,
                                                User.timezone)
                  .join(User)
                  .where(Membership.id.in_(ids)), lists=["ids"])


def _seats_query(ids):
    """Those of the mentor ids that hold fewer pairs than their capacity."""
    taken = (Pair.select(pw.fn.COUNT(pw.SQL("*"))).where(Pair.mentor == Membership.id, Pair.state.in_(Pair.HOLDING)))
    return Membership.select(Membership.id).where(Membership.id.in_(ids), Membership.capacity > taken)


_FREE = Prepared(_seats_query, lists=["ids"])


def _with_free_seats(program_id, ids, rows):
    """The rows whose mentor still has a free seat (one prepared query for a chunk of at most CHUNK mentors)."""
    ids = [int(i) for i in ids]
    free = {mentor_id for (mentor_id,) in _FREE.rows(ids)}
    return [row for row, mentor_id in zip(rows, ids, strict=True) if mentor_id in free]


def hide(mentee, mentor):
    """Leave the mentor out of the mentee's suggestions from now on (hiding twice changes nothing)."""
    HiddenSuggestion.insert(mentee=mentee, mentor=mentor).on_conflict_ignore().execute()


def breakdown(mentee, mentor, viewer):
    """Score, whether the filters pass, and every reason, for one mentee and mentor."""
    rules = people.rules_of(mentee.program_id)
    return scoring.explain(rules, people.person(mentee), people.person(mentor), viewer)

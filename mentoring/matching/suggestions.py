"""A mentee's suggested mentors: ranked by score, filtered, with the reasons each one fits."""
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import peewee as pw

from mentoring import clock
from mentoring import db as database
from mentoring.db import Prepared
from mentoring.matching import briefs, people, scoring
from mentoring.models import HiddenSuggestion, Membership, MentorRequest, Pair, Response, User
from mentoring.questionnaires import engine
from mentoring.words import about_them

CHUNK = 60


class Suggestion(NamedTuple):
    """One mentor's card, all its facts (values only, so that equal facts make an equal, hashable card)."""

    mentor_id: int
    name: str
    headline: str
    score: int
    reasons: tuple  # short sentences, at most three
    chips: tuple  # the languages they speak, the hours a week both are free
    time_apart: str  # how far their clock is from the mentee's
    user_id: int  # the mentor's account, and its photo: for their face
    photo_key: str | None

    fit_low, fit_high = briefs.LOW, briefs.HIGH  # the fit meter's bands

    @property
    def fit(self):
        """'Strong fit', 'Good fit' or 'Some fit'."""
        return briefs.fit(self.score)

    @property
    def person(self):
        """The mentor's account as far as their face needs it (name and photo)."""
        return User(id=self.user_id, name=self.name, photo_key=self.photo_key)


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


_filters = {}


def filters_of(program):
    """`filters_for` the program's rules, kept while its roster (and with it its rules) stays."""
    version = (database.generation, program.id, program.roster_version)
    kept = _filters.get(program.id)
    if kept is None or kept[0] != version:
        rules, _ = people.mentor_pools.get(program)
        kept = _filters[program.id] = (version, filters_for(rules))
    return kept[1]


def filter_label(rule):
    """A rule's filter as the mentee reads it: the name the coordinators gave it, else what the mentor offers
    ("Can help with") or the mentor's question asked about them."""
    if rule.filter_label:
        return rule.filter_label
    if rule.matching == "paired":
        return "Can help with"
    return about_them(rule.mentor_label or rule.label)


_masks = {}
_MASKS_KEPT = 1024


def _narrowed_kept(program, rules, pool, chosen, zone, today):
    """A copy of `_narrowed`, kept while the program's roster stays (mentees ask for the same few filters)."""
    key = (database.generation, program.id, program.roster_version, tuple(sorted(chosen.items())), zone, today)
    keep = _masks.get(key)
    if keep is None:
        if len(_masks) >= _MASKS_KEPT:
            _masks.pop(next(iter(_masks)), None)  # (another worker thread may have let it go)
        keep = _masks[key] = _narrowed(rules, pool, chosen, zone, today)
    return keep.copy()


def _narrowed(rules, pool, chosen, zone, today):
    """The mentors that pass the chosen filters (free times read in `zone`, in `today`'s week)."""
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
            for word, bits in _block_words(day, block, zone, today):
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
    """One mentee scored against the program's mentors: the scores, the rows of the mentors that pass the mentee's
    must-haves best first (the higher score, then the older id), and the cards' reasons worked out so far (for one
    time zone and day: free times are read in them)."""

    def __init__(self, key, mine, scores, feasible, ids):
        self.key, self.mine, self.scores = key, mine, scores
        ranked = np.lexsort((ids, -scores.astype(np.int64)))
        self.ranked = ranked[feasible[ranked]]
        self.reasons, self.reasons_seen_from = {}, None


_scored = {}
_SCORED_KEPT = 1000


class Standing(NamedTuple):
    """Where a mentee stands: the pair that holds them (proposed, in introduction or active), if any, how many of their
    requests wait for an answer, when they last changed their answers, and the mentors they must not be shown
    (themself, anyone they were paired with, anyone they hid)."""

    pair_id: int | None
    waiting: int
    answered: object  # as the database gives it: only compared
    excluded: list  # mentor membership ids


_NULL = pw.SQL("NULL")

# One row of the mentee's standing (its first column empty), then one for each mentor they must not be shown.
_STANDING = Prepared(lambda mentee_id, program_id, user_id: (
    Membership.select(
        _NULL,
        Pair.select(Pair.id).where(Pair.mentee == Membership.id, Pair.state.in_(Pair.HOLDING)).limit(1),
        MentorRequest.select(pw.fn.COUNT(pw.SQL("*")))
        .where(MentorRequest.mentee == Membership.id, MentorRequest.state == MentorRequest.OPEN),
        Response.select(Response.updated_at).where(Response.membership == Membership.id))
    .where(Membership.id == mentee_id)
    + Pair.select(Pair.mentor, _NULL, _NULL, _NULL).where(Pair.mentee == mentee_id)
    + HiddenSuggestion.select(HiddenSuggestion.mentor, _NULL, _NULL, _NULL).where(HiddenSuggestion.mentee == mentee_id)
    + Membership.select(Membership.id, _NULL, _NULL, _NULL)
    .where(Membership.program == program_id, Membership.user == user_id, Membership.role == Membership.MENTOR)))


def standing(mentee):
    """Where the mentee stands (one query)."""
    rows = _STANDING.rows(mentee.id, mentee.program_id, mentee.user_id)
    own = next(row for row in rows if row[0] is None)
    return Standing(*own[1:], [row[0] for row in rows if row[0] is not None])


def _scores_for(mentee, answered, rules, pool):
    """The mentee's scores against the program's mentor pool, kept until the roster or the mentee's answers
    (`answered`: when they last changed) change."""
    key = (database.generation, mentee.program.id, mentee.program.roster_version, answered, mentee.consent_sensitive)
    found = _scored.get(mentee.id)
    if found is None or found.key != key:
        mine = scoring.Pool(rules, [people.person(mentee)], "mentee")
        scores, feasible, _ = scoring.score(mine, pool)
        if len(_scored) >= _SCORED_KEPT:
            _scored.pop(next(iter(_scored)))
        found = _scored[mentee.id] = _Scored(key, mine, scores[0], feasible[0], pool.ids)
    return found


def suggest(mentee, standing, chosen=None, search="", limit=20, zone="UTC"):
    """The best `limit` mentors for `mentee` (whose Standing is `standing`) that pass the filters and have a free
    seat, and how many mentors fit at all."""
    rules, pool = people.mentor_pools.get(mentee.program)
    if len(pool) == 0:
        return [], 0
    scored = _scores_for(mentee, standing.answered, rules, pool)
    minute = clock.now().replace(second=0, microsecond=0)
    today = minute.date()
    keep = _narrowed_kept(mentee.program, rules, pool, chosen or {}, zone, today)
    if standing.excluded:
        keep[_rows_of(pool, standing.excluded)] = False
    if search:
        keep &= np.isin(pool.ids, list(_searched(mentee.program_id, search)))
    ranked = scored.ranked[keep[scored.ranked]]
    shown = []
    for chunk in _chunks(ranked, limit + limit // 2):  # (a few more than shown: some may have no free seat)
        shown += _with_free_seats(pool.ids[chunk].tolist(), chunk)
        if len(shown) >= limit:
            break
    found = []
    for row, (mentor_id, name, headline, user_id, photo_key, their_zone) in shown[:limit]:
        reasons, chips = _in_brief(scored, pool, row, zone, today)
        found.append(Suggestion(mentor_id, name, headline, int(scored.scores[row]), reasons, chips,
                                _time_apart(their_zone, zone, minute), user_id, photo_key))
    return found, len(ranked)


def _rows_of(pool, ids):
    """The pool's rows of those of the mentor `ids` it holds (its mentors are in id order)."""
    ids = np.asarray(ids, dtype=pool.ids.dtype)
    rows = np.minimum(np.searchsorted(pool.ids, ids), len(pool) - 1)
    return rows[pool.ids[rows] == ids]


def _chunks(ranked, first):
    """`ranked` a chunk at a time: its first `first`, then CHUNK at a time (read on only when many of the best
    mentors have no free seat)."""
    start, size = 0, first
    while start < len(ranked):
        yield ranked[start:start + size]
        start, size = start + size, CHUNK


@lru_cache(maxsize=4096)
def _time_apart(theirs, mine, minute):
    """briefs.time_apart at `minute` (clocks change on the minute: a pure function of these, kept)."""
    return briefs.time_apart(theirs, mine, minute)


def _in_brief(scored, pool, row, zone, today):
    """The card's top three reasons and its chips, for mentor `row` seen from `zone` on `today`, kept with scores."""
    if scored.reasons_seen_from != (zone, today):
        scored.reasons, scored.reasons_seen_from = {}, (zone, today)
    if row not in scored.reasons:
        _, _, reasons = scoring.explain_in(scored.mine, 0, pool, row, "mentee")
        mine, theirs = scored.mine.people[0].answers, pool.people[row].answers
        sentences = (briefs.reason(r.rule, mine.get(r.rule.mentee_question), theirs.get(r.rule.mentor_question),
                                   zone, today) for r in reasons if r.positive)
        scored.reasons[row] = tuple([s for s in sentences if s][:3]), tuple(briefs.chips(pool.rules, mine, theirs))
    return scored.reasons[row]


def _free_cards_query(ids):
    """What the cards show of those of the mentor ids that hold fewer pairs than their capacity."""
    # (a mentor's pairs found in one look-up of the index and counted by state, not looked up once for each state)
    taken = (Pair.select(pw.fn.COUNT(pw.SQL("*")).filter(Pair.state.in_(Pair.HOLDING)))
             .where(Pair.mentor == Membership.id))
    return (Membership.select(Membership.id, User.name, Membership.headline, User.id, User.photo_key, User.timezone)
            .join(User)
            .where(Membership.id.in_(ids), Membership.capacity > taken))


_FREE_CARDS = Prepared(_free_cards_query, lists=["ids"])


def _with_free_seats(ids, rows):
    """(row, its mentor's card facts) for the rows whose mentor still has a free seat, in order (one prepared query
    for a chunk of at most CHUNK mentors)."""
    free = {card[0]: card for card in _FREE_CARDS.rows(ids)}
    return [(row, free[mentor_id]) for row, mentor_id in zip(rows, ids, strict=True) if mentor_id in free]


def hide(mentee, mentor):
    """Leave the mentor out of the mentee's suggestions from now on (hiding twice changes nothing)."""
    HiddenSuggestion.insert(mentee=mentee, mentor=mentor).on_conflict_ignore().execute()


def breakdown(mentee, mentor, viewer):
    """Score, whether the filters pass, and every reason, for one mentee and mentor."""
    rules = people.rules_of(mentee.program_id)
    return scoring.explain(rules, people.person(mentee), people.person(mentor), viewer)

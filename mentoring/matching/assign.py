"""Choosing every pair of a program at once (pure: numpy and scipy, no Flask, no peewee).

Three objectives. MOST_PAIRS (the default): as many pairs as possible, then the highest total score. FAIREST: as many
pairs, then the lowest score as high as it can be, then the highest total. HIGHEST_TOTAL: the highest total, even
with fewer pairs. Only pairs that may be made count (a usable score above 0: the hard filters passed, not blocked);
each mentee gets at most one mentor, each mentor at most their free seats, and pinned pairs are made first.

The assignment is solved on a sparse graph: each mentee's best few mentors, and the best mentees of mentors few name.
scipy's LAPJVsp finds it (one node for each seat), and the lowest mentor prices consistent with it (each mentee's
price is then what its pair is worth less its mentor's) prove it optimal for every usable pair: a pair left out
cannot improve it when its value is at most its mentee's price plus its mentor's. The pairs that fail that proof join
the graph, and it is solved again until none does; the answer is exact. How many pairs can be made at most is found
and proven the same way (Hopcroft-Karp, and König's cover of the pairs left out).
"""
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, maximum_bipartite_matching, min_weight_full_bipartite_matching

MOST_PAIRS, FAIREST, HIGHEST_TOTAL = "most_pairs", "fairest", "highest_total"
OBJECTIVES = (MOST_PAIRS, FAIREST, HIGHEST_TOTAL)
TOP = 100  # the highest score
CANDIDATES = 16  # each mentee's best mentors the graph starts from
JOINING = 8  # at most this many of a mentee's pairs that fail the proof join the graph at a time
BLOCK = 1024  # mentees looked at at once
SLACK = 1e-6  # what a dual price may miss by in floating point (prices of whole-number problems are whole numbers)


class AssignmentError(ValueError):
    """Constraints that cannot all hold (for example more pins on a mentor than their seats)."""


@dataclass
class Assignment:
    pairs: list  # (mentee index, mentor index, score), pinned pairs first
    pinned: int = 0
    joined: int = 0  # pairs beyond each mentee's best few that the proof had to look at

    @property
    def scores(self):
        return [score for _, _, score in self.pairs]


@dataclass
class _Graph:
    """Pairs that may be made, one entry each in parallel arrays."""

    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray

    def at_least(self, floor):
        kept = self.score >= floor
        return _Graph(self.mentee[kept], self.mentor[kept], self.score[kept])

    def joined(self, mentee, mentor, score):
        """The graph with these pairs too (each pair once)."""
        mentee, mentor = np.concatenate([self.mentee, mentee]), np.concatenate([self.mentor, mentor])
        _, first = np.unique((mentee << 32) | mentor, return_index=True)
        return _Graph(mentee[first], mentor[first], np.concatenate([self.score, score])[first])


def best_of(usable, k):
    """Each row's `k` best usable pairs (a score above 0) as (row, column, score) arrays, and each row's best score
    left out of them (0 when none is)."""
    usable = np.asarray(usable)
    if usable.shape[1] <= k:
        row, column = np.nonzero(usable > 0)
        return row, column, usable[row, column], np.zeros(usable.shape[0], dtype=usable.dtype)
    order = np.argpartition(-usable.astype(np.int16), k, axis=1)
    top = order[:, :k]
    scores = np.take_along_axis(usable, top, axis=1)
    kept = scores > 0
    return np.nonzero(kept)[0], top[kept], scores[kept], np.take_along_axis(usable, order[:, k:k + 1], axis=1)[:, 0]


def solve(usable, capacity, objective=MOST_PAIRS, pins=(), k=CANDIDATES):
    """The assignment for `objective`: `usable` is a mentees × mentors table of scores (0 where a pair may not be
    made), `capacity` each mentor's free seats, `pins` (mentee, mentor, score) made first."""
    return solve_each(usable, capacity, pins, k, [objective])[objective]


def solve_each(usable, capacity, pins=(), k=CANDIDATES, objectives=OBJECTIVES, report=lambda objective: None):
    """{objective: its assignment} of the same program, solved one after another on one growing graph (`report` is
    told of each objective as its turn comes)."""
    capacity = np.array(capacity, dtype=np.int64)
    pinned = _pin(pins, capacity)
    table = _Table(usable, [mentee for mentee, _, _ in pinned], capacity, k)
    bonus = TOP * (min(int(table.open.sum()), int(capacity.sum())) + 1)
    found = {}
    report(HIGHEST_TOTAL)
    highest = _proven(table, capacity, 0, 1) if HIGHEST_TOTAL in objectives or MOST_PAIRS in objectives else None
    if highest is not None and HIGHEST_TOTAL in objectives:
        found[HIGHEST_TOTAL] = highest
    if MOST_PAIRS in objectives or FAIREST in objectives:
        report(MOST_PAIRS)
        most = _most_pairs_proven(table, capacity, 1)
        found[MOST_PAIRS] = highest if highest is not None and len(highest) == most else \
            _proven(table, capacity, bonus, 1)
        if FAIREST in objectives:
            report(FAIREST)
            lowest = min(score for _, _, score in found[MOST_PAIRS]) if most else 0
            found[FAIREST] = _proven(table, capacity, bonus, _highest_floor(table, capacity, most, lowest)) \
                if most else []
    return {objective: Assignment(pairs=pinned + found[objective], pinned=len(pinned), joined=table.joined)
            for objective in objectives}


def _pin(pins, capacity):
    """Make the pinned pairs, using up their seats; refuses pins that cannot all hold."""
    pinned, taken = [], set()
    for mentee, mentor, score in pins:
        if mentee in taken:
            raise AssignmentError("A mentee is pinned to two mentors.")
        if capacity[mentor] <= 0:
            raise AssignmentError("A mentor has more pinned mentees than free seats.")
        capacity[mentor] -= 1
        taken.add(mentee)
        pinned.append((int(mentee), int(mentor), int(score)))
    return pinned


class _Table:
    """The usable scores without the pinned mentees, and the graph of pairs being solved: each mentee's `k` best, and
    those the proofs bring in (`joined`); each mentee's best score left out of its `k` best bounds the rest."""

    def __init__(self, usable, pinned, capacity, k):
        self.usable = usable
        self.open = np.ones(usable.shape[0], dtype=bool)
        self.open[pinned] = False
        found, beyond = [], []
        for rows, block in self.blocks(np.arange(usable.shape[0])):
            row, column, score, left_out = best_of(block, k)
            found.append((rows[row], column, score))
            beyond.append(left_out)
        self.beyond = np.concatenate(beyond).astype(np.int64) if beyond else np.zeros(0, dtype=np.int64)
        self.graph = _Graph(*(np.concatenate(part).astype(np.int64) for part in zip(*found, strict=True))) \
            if found else _Graph(*(np.zeros(0, dtype=np.int64) for _ in range(3)))
        self.graph = self.graph.joined(*self._sought(capacity, k))
        self.joined = 0

    def _sought(self, capacity, k):
        """The best mentees of each mentor few mentees' best mentors name (fewer than `k` for each seat), so that its
        seats are priced by those who want them most."""
        named = np.bincount(self.graph.mentor, minlength=self.usable.shape[1])
        few = np.nonzero((capacity > 0) & (named < k * np.maximum(capacity, 1)))[0]
        best_rows = np.zeros((0, len(few)), dtype=np.int64)
        best_scores = np.zeros((0, len(few)), dtype=self.usable.dtype)
        for rows, block in self.blocks(np.arange(self.usable.shape[0])):
            rows_now = np.vstack([best_rows, np.broadcast_to(rows[:, None], (len(rows), len(few)))])
            scores_now = np.vstack([best_scores, block[:, few]])
            if len(scores_now) > k:
                top = np.argpartition(-scores_now.astype(np.int16), k - 1, axis=0)[:k]
                rows_now = np.take_along_axis(rows_now, top, axis=0)
                scores_now = np.take_along_axis(scores_now, top, axis=0)
            best_rows, best_scores = rows_now, scores_now
        kept = best_scores > 0
        return best_rows[kept], np.broadcast_to(few, best_rows.shape)[kept], best_scores[kept].astype(np.int64)

    def blocks(self, rows):
        """(rows, their usable scores) for `rows` in blocks of BLOCK, pinned mentees' rows empty."""
        everyone = self.open.all()
        for start in range(0, len(rows), BLOCK):
            part = rows[start:start + BLOCK]
            scores = self.usable[part[0]:part[-1] + 1] if everyone and part[-1] - part[0] == len(part) - 1 else \
                self.usable[part]
            yield part, scores if everyone else np.where(self.open[part, None], scores, 0)

    def join_failing(self, rows, fails, columns=None):
        """Bring into the graph the pairs of `rows` (with mentors among `columns`) for which `fails(rows, columns,
        block)` holds (a mask), at most JOINING of each mentee's, the best first; whether any failed."""
        columns = np.arange(self.usable.shape[1]) if columns is None else columns
        if not len(columns):
            return False
        found = []
        for part, block in self.blocks(np.nonzero(rows & self.open)[0]):
            block = block if len(columns) == self.usable.shape[1] else block[:, columns]
            mask = fails(part, columns, block)
            if mask.any():
                row, column, score, _ = best_of(np.where(mask, block, 0), JOINING)
                found.append((part[row], columns[column], score))
        if not found:
            return False
        joining = [np.concatenate(part).astype(np.int64) for part in zip(*found, strict=True)]
        self.graph = self.graph.joined(*joining)
        self.joined += len(joining[0])
        return True


def _proven(table, capacity, bonus, floor):
    """The pairs (scoring `floor` or more) of the best assignment by score + `bonus` a pair, proven for every usable
    pair of the table: a pair left out of the graph scores at most its mentee's `beyond`, so only the mentees whose
    price that could beat are looked at."""
    while True:
        chosen, mentee_price, mentor_price = _best(table.graph.at_least(floor), capacity, bonus,
                                                   table.usable.shape)
        doubtful = (table.beyond >= floor) & (table.beyond + bonus > mentee_price + SLACK)
        cheap = np.nonzero(mentor_price < bonus + TOP)[0]  # no pair is worth more than a dearer mentor
        if not table.join_failing(doubtful, _worth_more(mentee_price, mentor_price, bonus, floor), cheap):
            return chosen


def _worth_more(mentee_price, mentor_price, bonus, floor):
    """A test of a block's pairs: those scoring `floor` or more worth more than their mentee's and mentor's prices."""
    def fails(rows, columns, block):
        return ((block >= max(floor, 1)) &
                (block > (mentee_price[rows] - bonus)[:, None] + mentor_price[columns][None, :] + SLACK))
    return fails


def _best(graph, capacity, bonus, shape):
    """Maximise the sum of score + `bonus` over the pairs made of the graph: the pairs (mentee, mentor, score), and
    the lowest mentor prices (0 for those without pairs in the graph) with their mentees' prices."""
    mentee_price, mentor_price = np.zeros(shape[0]), np.zeros(shape[1])
    seats = np.maximum(capacity, 0)
    if not len(graph.score) or not seats.sum():
        return [], mentee_price, mentor_price
    worth = graph.score + bonus
    made = _matching(graph, seats, worth)
    mentor_of = np.full(shape[0], -1)
    mentor_of[graph.mentee[made]] = graph.mentor[made]
    worth_of = np.zeros(shape[0])
    worth_of[graph.mentee[made]] = worth[made]
    mentor_price = _lowest_prices(graph, worth, mentor_of, worth_of, seats, shape[1])
    matched = mentor_of >= 0
    mentee_price[matched] = worth_of[matched] - mentor_price[mentor_of[matched]]
    return ([(int(i), int(j), int(s)) for i, j, s in
             zip(graph.mentee[made], graph.mentor[made], graph.score[made], strict=True)],
            mentee_price, mentor_price)


def _matching(graph, seats, worth):
    """Which pairs of the graph an assignment of the highest total `worth` makes: scipy's LAPJVsp on a bipartite
    graph of the mentees with pairs and one node for each seat of a mentor, costs made positive, where every node of
    the smaller side may also stay alone (a column of its own); the smaller side is matched in full."""
    copies = seats[graph.mentor]
    edge = np.repeat(np.arange(len(graph.score)), copies)
    seat = (np.concatenate([[0], np.cumsum(seats)])[graph.mentor[edge]] + np.arange(len(edge)) -
            np.repeat(np.cumsum(copies) - copies, copies))
    mentees, mentee = np.unique(graph.mentee[edge], return_inverse=True)
    sides = (seat, mentee, int(seats.sum()), len(mentees))  # the smaller side first: its nodes are the rows
    if sides[2] > sides[3]:
        sides = (mentee, seat, len(mentees), int(seats.sum()))
    rows, columns, row_count, column_count = sides
    top = float(worth.max()) + 1
    costs = csr_matrix((np.concatenate([top - worth[edge], np.full(row_count, top)]),
                        (np.concatenate([rows, np.arange(row_count)]),
                         np.concatenate([columns, column_count + np.arange(row_count)]))),
                       shape=(row_count, column_count + row_count))
    matched_rows, chosen = min_weight_full_bipartite_matching(costs)
    taken = chosen < column_count
    named = csr_matrix((edge + 1, (rows, columns)), shape=(row_count, column_count))
    made = np.zeros(len(graph.score), dtype=bool)
    made[np.asarray(named[matched_rows[taken], chosen[taken]]).ravel() - 1] = True
    return made


def _lowest_prices(graph, worth, mentor_of, worth_of, seats, mentors):
    """The lowest prices of the mentors' seats under which no mentee prefers another mentor to the one it has, nor
    a mentee left out any mentor at all (the least solution of those difference constraints, found by relaxing every
    pair at once until none moves: an optimal assignment has no cycle that gains)."""
    price = np.zeros(mentors)
    alone = mentor_of[graph.mentee] < 0
    np.maximum.at(price, graph.mentor[alone], worth[alone])
    paired = ~alone & (graph.mentor != mentor_of[graph.mentee])
    source, target = mentor_of[graph.mentee[paired]], graph.mentor[paired]
    gain = worth[paired] - worth_of[graph.mentee[paired]]
    order = np.argsort(target, kind="stable")
    source, target, gain = source[order], target[order], gain[order]
    starts = np.nonzero(np.r_[True, target[1:] != target[:-1]])[0] if len(target) else np.zeros(0, dtype=np.int64)
    for _ in range(mentors + 1):
        if not len(target):
            break
        offered = np.maximum.reduceat(price[source] + gain, starts)
        raised = offered > price[target[starts]] + SLACK
        if not raised.any():
            break
        price[target[starts[raised]]] = offered[raised]
    return price


def _highest_floor(table, capacity, target, low):
    """The highest score every one of `target` pairs can reach at once (as many pairs as the most there can be),
    `low` or more."""
    high = TOP
    while low < high:
        middle = (low + high + 1) // 2
        enough = _most_pairs_proven(table, capacity, middle, target) >= target
        low, high = (middle, high) if enough else (low, middle - 1)
    return low


def _most_pairs_proven(table, capacity, floor, target=None):
    """How many pairs can be made at most of pairs scoring `floor` or more (or whether `target` can: as soon as it
    is reached), proven for every usable pair: a pair left out adds one only if it leaves a mentee an alternating
    path reaches for a mentor with seats none reaches (outside König's cover)."""
    while True:
        matched, mentees_reached, mentors_reached = _most_pairs(table.graph.at_least(floor), capacity,
                                                                table.usable.shape)
        if target is not None and matched >= target:
            return matched
        doubtful = mentees_reached & (table.beyond >= floor)
        if not table.join_failing(doubtful, _at_least(floor), np.nonzero(~mentors_reached & (capacity > 0))[0]):
            return matched


def _at_least(floor):
    """A test of a block's pairs: those scoring `floor` or more."""
    def fails(rows, columns, block):
        return block >= max(floor, 1)
    return fails


def _most_pairs(graph, capacity, shape):
    """How many pairs can be made at most (Hopcroft-Karp, one column per seat), and which mentees and mentors an
    alternating path from a mentee left out reaches."""
    mentees_reached, mentors_reached = np.zeros(shape[0], dtype=bool), np.zeros(shape[1], dtype=bool)
    seats = np.maximum(capacity, 0)
    if not len(graph.score) or not seats.sum():
        mentees_reached[graph.mentee] = True
        return 0, mentees_reached, mentors_reached
    owner = np.repeat(np.arange(len(seats)), seats)
    copies = seats[graph.mentor]
    mentee = np.repeat(graph.mentee, copies)
    seat = (np.repeat(np.concatenate([[0], np.cumsum(seats)])[graph.mentor], copies) +
            np.arange(copies.sum()) - np.repeat(np.cumsum(copies) - copies, copies))
    n, columns = shape[0], len(owner)
    partner = maximum_bipartite_matching(csr_matrix((np.ones(len(seat), dtype=np.int8), (mentee, seat)),
                                                    shape=(n, columns)), perm_type="column")
    matched = partner >= 0
    made = matched[mentee] & (partner[mentee] == seat)
    holder = np.full(columns, -1)
    holder[partner[matched]] = np.nonzero(matched)[0]
    starts = np.unique(graph.mentee[~matched[graph.mentee]])
    if len(starts):
        source = n + columns  # mentee → seat by a pair not made, seat → its mentee by the pair made
        tail = np.concatenate([mentee[~made], n + np.nonzero(holder >= 0)[0], np.full(len(starts), source)])
        head = np.concatenate([n + seat[~made], holder[holder >= 0], starts])
        paths = csr_matrix((np.ones(len(tail), dtype=np.int8), (tail, head)), shape=(source + 1, source + 1))
        reached = breadth_first_order(paths, source, directed=True, return_predecessors=False)
        mentees_reached[reached[reached < n]] = True
        mentors_reached[owner[reached[(reached >= n) & (reached < source)] - n]] = True
    return int(matched.sum()), mentees_reached, mentors_reached


def greedy(usable, capacity):
    """First come, first served (a baseline): each mentee in turn takes their best mentor with a free seat."""
    capacity = np.array(capacity, dtype=np.int64)
    pairs = []
    for start in range(0, usable.shape[0], BLOCK):
        for row, scores in enumerate(usable[start:start + BLOCK], start):
            choices = np.where(capacity > 0, scores, 0)
            mentor = int(np.argmax(choices))
            if choices[mentor] > 0:
                capacity[mentor] -= 1
                pairs.append((row, mentor, int(choices[mentor])))
    return Assignment(pairs=pairs)


def summary(assignment, mentees):
    """Matched, total, mean and lowest score, and how many mentees were left out."""
    scores = assignment.scores
    return {"matched": len(scores), "total": int(sum(scores)),
            "mean": round(float(np.mean(scores)), 1) if scores else 0.0,
            "lowest": min(scores) if scores else 0, "unmatched": mentees - len(scores)}

"""Choosing every pair of a program at once (pure: numpy and scipy, no Flask, no peewee).

The best assignment has the highest total score: each mentee gets at most one mentor, each mentor at
most their free seats, only pairs that pass the hard filters (and are not blocked) count, and pinned
pairs are made first. The fairest one first makes the lowest score as high as possible while pairing
as many mentees as the best one can, then has the highest total. Each mentor is opened into one
column per free seat and scipy's linear_sum_assignment solves the rectangular problem; a column left
to a pair that does not count is a seat left empty.
"""
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching


class AssignmentError(ValueError):
    """Constraints that cannot all hold (for example more pins on a mentor than their seats)."""


@dataclass
class Assignment:
    pairs: list  # (mentee index, mentor index, score), pinned pairs first
    pinned: int = 0

    @property
    def scores(self):
        return [score for _, _, score in self.pairs]


def benefits(scores, feasible, blocks=()):
    """The score of each pair that may be made, 0 for the others (filtered out, blocked, or scoring 0)."""
    usable = np.where(feasible, scores, 0).astype(np.float64)
    for mentee, mentor in blocks:
        usable[mentee, mentor] = 0
    return usable


def solve(scores, feasible, capacity, pins=(), blocks=(), fairest=False):
    """The best (or fairest) assignment; `scores` and `feasible` are mentees × mentors arrays,
    `capacity` the free seats of each mentor, `pins` and `blocks` (mentee, mentor) index pairs."""
    capacity = np.array(capacity, dtype=np.int64)
    usable = benefits(scores, feasible, blocks)
    pinned, taken = _pin(pins, capacity, scores)
    free_rows = np.array([row for row in range(usable.shape[0]) if row not in taken], dtype=np.int64)
    pairs = (_fairest if fairest else _best)(usable[free_rows], capacity)
    return Assignment(pairs=pinned + [(int(free_rows[row]), col, score) for row, col, score in pairs],
                      pinned=len(pinned))


def _pin(pins, capacity, scores):
    """Make the pinned pairs, using up their seats; refuses pins that cannot all hold."""
    pinned, taken = [], set()
    for mentee, mentor in pins:
        if mentee in taken:
            raise AssignmentError("A mentee is pinned to two mentors.")
        if capacity[mentor] <= 0:
            raise AssignmentError("A mentor has more pinned mentees than free seats.")
        capacity[mentor] -= 1
        taken.add(mentee)
        pinned.append((int(mentee), int(mentor), int(scores[mentee, mentor])))
    return pinned, taken


def _seats(capacity):
    """The mentor of each seat column."""
    return np.repeat(np.arange(len(capacity)), np.maximum(capacity, 0))


def _assign(usable, capacity):
    """Maximise the total of `usable` (mentees × mentors) within the seats; returns (mentee, mentor, value)
    of the cells used that count. The seat matrix is built once, negated in place, in the orientation the
    solver takes without copying (fewer rows than columns)."""
    owners = _seats(capacity)
    if usable.shape[0] == 0 or len(owners) == 0:
        return []
    by_mentee = usable.shape[0] <= len(owners)
    cost = usable[:, owners] if by_mentee else usable.T[owners]
    np.negative(cost, out=cost)
    rows, cols = linear_sum_assignment(cost)
    mentees, seats = (rows, cols) if by_mentee else (cols, rows)
    values = -cost[rows, cols]
    return [(int(mentee), int(owners[seat]), value)
            for mentee, seat, value in zip(mentees, seats, values, strict=True) if value > 0]


def _best(usable, capacity):
    return [(row, mentor, int(value)) for row, mentor, value in _assign(usable, capacity)]


def most_pairs(usable, capacity, threshold=0):
    """How many mentees can be paired at all using pairs scoring more than `threshold`."""
    owners = _seats(capacity)
    graph = csr_matrix((usable[:, owners] > threshold).astype(np.int8))
    if graph.shape[0] == 0 or graph.shape[1] == 0:
        return 0
    return int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())


def _fairest(usable, capacity):
    """Pair as many as possible, with the lowest score as high as it can be, then the highest total."""
    target = most_pairs(usable, capacity)
    if target == 0:
        return []
    levels = np.unique(usable[usable > 0])
    low, high = 0, len(levels) - 1  # the answer is the highest level every target pair can reach
    while low < high:
        middle = (low + high + 1) // 2
        if most_pairs(usable, capacity, threshold=levels[middle] - 0.5) == target:
            low = middle
        else:
            high = middle - 1
    floor = levels[low]
    bonus = 100.0 * (target + 1)  # one more pair always outweighs any gain in total score
    lifted = np.where(usable >= floor, usable + bonus, 0)
    return [(row, mentor, int(value - bonus)) for row, mentor, value in _assign(lifted, capacity)]


def greedy(scores, feasible, capacity, blocks=(), order=None):
    """First come, first served: each mentee in turn takes their best mentor with a free seat (a baseline)."""
    capacity = np.array(capacity, dtype=np.int64)
    usable = benefits(scores, feasible, blocks)
    pairs = []
    for row in (range(usable.shape[0]) if order is None else order):
        choices = np.where(capacity > 0, usable[row], 0)
        mentor = int(np.argmax(choices))
        if choices[mentor] > 0:
            capacity[mentor] -= 1
            pairs.append((row, mentor, int(choices[mentor])))
    return Assignment(pairs=pairs)


def summary(assignment, mentees):
    """Matched, mean and lowest score, and how many mentees were left out."""
    scores = assignment.scores
    return {"matched": len(scores), "mean": round(float(np.mean(scores)), 1) if scores else 0.0,
            "lowest": min(scores) if scores else 0, "unmatched": mentees - len(scores)}

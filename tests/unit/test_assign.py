"""Tables of cases for the assignment, and its optimum checked against an independent solver (HiGHS)."""
import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from mentoring.matching.assign import AssignmentError, greedy, solve


def matrix(rows):
    scores = np.array(rows, dtype=np.int16)
    return scores, scores > 0


def chosen(assignment):
    return sorted((mentee, mentor) for mentee, mentor, _ in assignment.pairs)


@pytest.mark.parametrize("rows, capacity, pins, blocks, fairest, pairs", [
    # the best total, not each mentee's favourite
    ([[90, 80], [85, 10]], [1, 1], [], [], False, [(0, 1), (1, 0)]),
    # a mentor's capacity
    ([[90, 10], [80, 20], [70, 30]], [2, 1], [], [], False, [(0, 0), (1, 0), (2, 1)]),
    ([[90, 10], [80, 20], [70, 30]], [1, 0], [], [], False, [(0, 0)]),
    # nobody is paired where the filters refuse (score 0)
    ([[0, 0], [50, 0]], [1, 1], [], [], False, [(1, 0)]),
    # pins are made first, blocks never
    ([[90, 10], [80, 20]], [1, 1], [(0, 1)], [], False, [(0, 1), (1, 0)]),
    ([[90, 10], [80, 20]], [1, 1], [], [(0, 0)], False, [(0, 1), (1, 0)]),
    ([[90, 60], [40, 0]], [1, 1], [], [], False, [(0, 1), (1, 0)]),
    # fairest: the lowest score as high as possible, then the total
    ([[100, 45], [50, 2]], [1, 1], [], [], False, [(0, 0), (1, 1)]),
    ([[100, 45], [50, 2]], [1, 1], [], [], True, [(0, 1), (1, 0)]),
    ([[90, 50, 0], [60, 50, 0], [0, 0, 10]], [1, 1, 1], [], [], True, [(0, 0), (1, 1), (2, 2)]),
    ([[90, 0], [80, 70]], [1, 1], [], [], True, [(0, 0), (1, 1)]),  # never fewer pairs to be fair
])
def test_assignment_cases(rows, capacity, pins, blocks, fairest, pairs):
    scores, feasible = matrix(rows)
    assert chosen(solve(scores, feasible, capacity, pins, blocks, fairest)) == pairs


def test_pins_that_cannot_hold_are_refused():
    scores, feasible = matrix([[50, 50], [50, 50]])
    with pytest.raises(AssignmentError, match="more pinned mentees than free seats"):
        solve(scores, feasible, [1, 1], pins=[(0, 0), (1, 0)])
    with pytest.raises(AssignmentError, match="pinned to two mentors"):
        solve(scores, feasible, [1, 1], pins=[(0, 0), (0, 1)])


def reference_total(scores, feasible, capacity, pins=(), blocks=(), count=None, floor=0, objective="score"):
    """The optimum found by HiGHS's integer programming: an independent check of the assignment."""
    usable = np.where(feasible, scores, 0).astype(float)
    for i, j in blocks:
        usable[i, j] = 0
    cells = [(i, j) for i in range(usable.shape[0]) for j in range(usable.shape[1])
             if (usable[i, j] >= max(floor, 1)) or (i, j) in pins]
    if not cells:
        return 0
    gains = np.array([usable[i, j] if objective == "score" else 1 for i, j in cells])
    rows = [[1.0 if i == mentee else 0.0 for i, _ in cells] for mentee in range(usable.shape[0])]
    cols = [[1.0 if j == mentor else 0.0 for _, j in cells] for mentor in range(usable.shape[1])]
    constraints = [LinearConstraint(rows, 0, 1), LinearConstraint(cols, 0, capacity)]
    if count is not None:
        constraints.append(LinearConstraint([np.ones(len(cells))], count, count))
    lower = np.array([1.0 if cell in pins else 0.0 for cell in cells])
    result = milp(-gains, constraints=constraints, integrality=np.ones(len(cells)), bounds=Bounds(lower, 1))
    assert result.success
    return round(-result.fun)


def random_instance(seed):
    rng = np.random.default_rng(seed)
    mentees, mentors = rng.integers(3, 14), rng.integers(2, 9)
    scores = rng.integers(1, 101, size=(mentees, mentors)).astype(np.int16)
    feasible = rng.random((mentees, mentors)) > 0.3
    capacity = rng.integers(1, 4, size=mentors)
    return scores, feasible, capacity, rng


@pytest.mark.parametrize("seed", range(30))
def test_the_best_total_equals_the_independent_optimum(seed):
    scores, feasible, capacity, rng = random_instance(seed)
    blocks = [(int(rng.integers(scores.shape[0])), int(rng.integers(scores.shape[1])))]
    result = solve(scores, feasible, capacity, blocks=blocks)
    assert sum(result.scores) == reference_total(scores, feasible, capacity, blocks=blocks)
    mentees = [i for i, _, _ in result.pairs]
    assert len(mentees) == len(set(mentees))
    assert all(np.bincount([j for _, j, _ in result.pairs], minlength=len(capacity)) <= capacity)
    assert all(feasible[i, j] and (i, j) not in blocks for i, j, _ in result.pairs)
    assert sum(greedy(scores, feasible, capacity, blocks).scores) <= sum(result.scores)


@pytest.mark.parametrize("seed", range(10))
def test_pinned_pairs_are_kept_and_the_rest_is_optimal(seed):
    scores, feasible, capacity, _ = random_instance(100 + seed)
    pins = [(0, 0)]
    result = solve(scores, feasible, capacity, pins=pins)
    assert (0, 0) in chosen(result)
    assert sum(result.scores) == reference_total(scores, feasible, capacity, pins=pins) + \
        (0 if feasible[0, 0] else int(scores[0, 0]))


@pytest.mark.parametrize("seed", range(10))
def test_the_fairest_assignment_lifts_the_lowest_score_without_pairing_fewer(seed):
    scores, feasible, capacity, _ = random_instance(200 + seed)
    result = solve(scores, feasible, capacity, fairest=True)
    most = reference_total(scores, feasible, capacity, objective="count")
    assert len(result.pairs) == most
    levels = sorted(set(scores[feasible].tolist()))
    low, high = 0, len(levels) - 1  # the highest floor that still pairs as many (HiGHS decides each step)
    while low < high:
        middle = (low + high + 1) // 2
        if reference_total(scores, feasible, capacity, floor=levels[middle], objective="count") == most:
            low = middle
        else:
            high = middle - 1
    assert min(result.scores) == levels[low]
    assert sum(result.scores) == reference_total(scores, feasible, capacity, count=most, floor=levels[low])

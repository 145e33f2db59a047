"""Tables of cases for the assignment's three objectives, and its answers checked against an independent exact solver
(networkx's minimum-cost flow) on random dense and sparse programs, from each mentee's best mentors alone."""
import networkx as nx
import numpy as np
import pytest

from mentoring.matching.assign import (
    FAIREST,
    HIGHEST_TOTAL,
    MOST_PAIRS,
    AssignmentError,
    best_of,
    greedy,
    solve,
    solve_each,
    summary,
)


def table(rows):
    """A mentees × mentors table of usable scores (0: the pair may not be made)."""
    return np.array(rows, dtype=np.uint8)


def chosen(assignment):
    return sorted((mentee, mentor) for mentee, mentor, _ in assignment.pairs)


@pytest.mark.parametrize("rows, capacity, objective, pairs", [
    # the best total, not each mentee's favourite
    ([[90, 80], [85, 10]], [1, 1], MOST_PAIRS, [(0, 1), (1, 0)]),
    # a mentor's capacity, and a mentor without seats
    ([[90, 10], [80, 20], [70, 30]], [2, 1], MOST_PAIRS, [(0, 0), (1, 0), (2, 1)]),
    ([[90, 10], [80, 20], [70, 30]], [1, 0], MOST_PAIRS, [(0, 0)]),
    # nobody is paired where the pair may not be made
    ([[0, 0], [50, 0]], [1, 1], MOST_PAIRS, [(1, 0)]),
    # a mentee with one possible mentor at 30 keeps the seat under "most pairs", loses it for points under "highest
    # total", and the fairest lifts the lowest score without pairing fewer
    ([[90, 80], [30, 0]], [1, 1], MOST_PAIRS, [(0, 1), (1, 0)]),
    ([[90, 80], [30, 0]], [1, 1], FAIREST, [(0, 1), (1, 0)]),
    ([[95, 0], [60, 0], [0, 0]], [1, 1], HIGHEST_TOTAL, [(0, 0)]),
    ([[100, 45], [50, 2]], [1, 1], MOST_PAIRS, [(0, 0), (1, 1)]),
    ([[100, 45], [50, 2]], [1, 1], FAIREST, [(0, 1), (1, 0)]),
    ([[100, 45], [50, 2]], [1, 1], HIGHEST_TOTAL, [(0, 0), (1, 1)]),
    ([[90, 5], [80, 0]], [1, 1], MOST_PAIRS, [(0, 1), (1, 0)]),
    ([[90, 5], [80, 0]], [1, 1], HIGHEST_TOTAL, [(0, 0)]),
    ([[90, 50, 0], [60, 50, 0], [0, 0, 10]], [1, 1, 1], FAIREST, [(0, 0), (1, 1), (2, 2)]),
    ([[90, 0], [80, 70]], [1, 1], FAIREST, [(0, 0), (1, 1)]),  # never fewer pairs to be fair
])
def test_objective_cases(rows, capacity, objective, pairs):
    assert chosen(solve(table(rows), capacity, objective)) == pairs


def test_the_three_objectives_differ_where_they_should():
    # two programs side by side: [[90, 5], [80, 0]] gives up a pair for points; [[100, 45], [50, 2]] has a low one
    candidates = table([[90, 5, 0, 0], [80, 0, 0, 0], [0, 0, 100, 45], [0, 0, 50, 2]])
    found = {objective: summary(solve(candidates, [1, 1, 1, 1], objective), 4)
             for objective in (MOST_PAIRS, FAIREST, HIGHEST_TOTAL)}
    assert found == {MOST_PAIRS: {"matched": 4, "total": 187, "mean": 46.8, "lowest": 2, "unmatched": 0},
                     FAIREST: {"matched": 4, "total": 180, "mean": 45.0, "lowest": 5, "unmatched": 0},
                     HIGHEST_TOTAL: {"matched": 3, "total": 192, "mean": 64.0, "lowest": 2, "unmatched": 1}}


def test_pins_are_made_first_and_those_that_cannot_hold_are_refused():
    candidates = table([[90, 10], [80, 20]])
    result = solve(candidates, [1, 1], MOST_PAIRS, pins=[(0, 1, 10)])
    assert chosen(result) == [(0, 1), (1, 0)] and result.pinned == 1
    with pytest.raises(AssignmentError, match="more pinned mentees than free seats"):
        solve(candidates, [1, 1], pins=[(0, 0, 90), (1, 0, 80)])
    with pytest.raises(AssignmentError, match="pinned to two mentors"):
        solve(candidates, [1, 1], pins=[(0, 0, 90), (0, 1, 10)])


@pytest.mark.parametrize("usable, k, pairs, beyond", [
    ([[5, 9, 7]], 2, [(0, 1, 9), (0, 2, 7)], [5]),
    ([[5, 0, 7]], 2, [(0, 0, 5), (0, 2, 7)], [0]),
    ([[0, 0, 0]], 2, [], [0]),
    ([[3, 4]], 2, [(0, 0, 3), (0, 1, 4)], [0]),
    ([[1, 2, 3], [3, 0, 0]], 1, [(0, 2, 3), (1, 0, 3)], [2, 0]),
])
def test_each_mentee_starts_from_its_best_mentors_and_the_best_score_left_out(usable, k, pairs, beyond):
    row, column, score, left_out = best_of(np.array(usable, dtype=np.uint8), k)
    assert sorted(zip(row.tolist(), column.tolist(), score.tolist(), strict=True)) == pairs
    assert left_out.tolist() == beyond


def reference(usable, capacity, objective, floor=0):
    """(pairs, total) of the optimum by networkx's minimum-cost flow: each mentee sends one unit to a mentor's seat
    or straight to the sink; a pair earns its score, and one more pair outweighs any total unless only the total
    counts."""
    mentees, mentors = usable.shape
    bonus = 0 if objective == HIGHEST_TOTAL else 100 * (mentees + 1)
    graph = nx.DiGraph()
    graph.add_node("source", demand=-mentees)
    graph.add_node("sink", demand=mentees)
    for i in range(mentees):
        graph.add_edge("source", ("mentee", i), capacity=1, weight=0)
        graph.add_edge(("mentee", i), "sink", capacity=1, weight=0)
        for j in np.nonzero(usable[i] >= max(floor, 1))[0]:
            graph.add_edge(("mentee", i), ("mentor", int(j)), capacity=1, weight=-(int(usable[i, j]) + bonus))
    for j in range(mentors):
        graph.add_edge(("mentor", j), "sink", capacity=int(capacity[j]), weight=0)
    flow = nx.min_cost_flow(graph)
    made = [(i, j) for i in range(mentees) for j in range(mentors) if flow[("mentee", i)].get(("mentor", j))]
    return len(made), sum(int(usable[i, j]) for i, j in made)


def fairest_reference(usable, capacity):
    """(pairs, lowest, total): the most pairs, then the highest floor that still makes as many, then the total."""
    most = reference(usable, capacity, MOST_PAIRS)[0]
    if not most:
        return 0, 0, 0
    floor = max(f for f in range(1, 101) if reference(usable, capacity, MOST_PAIRS, floor=f)[0] == most)
    return most, floor, reference(usable, capacity, MOST_PAIRS, floor=floor)[1]


def random_program(seed, density):
    rng = np.random.default_rng(seed)
    mentees, mentors = int(rng.integers(3, 16)), int(rng.integers(2, 9))
    scores = rng.integers(1, 101, size=(mentees, mentors))
    usable = np.where(rng.random((mentees, mentors)) < density, scores, 0).astype(np.uint8)
    return usable, rng.integers(0, 4, size=mentors), int(rng.integers(1, 4))


def checked(assignment, usable, capacity):
    """The assignment's (pairs, total), once it is seen to keep every rule."""
    mentees = [i for i, _, _ in assignment.pairs]
    assert len(mentees) == len(set(mentees))
    assert (np.bincount([j for _, j, _ in assignment.pairs], minlength=len(capacity)) <= capacity).all()
    assert all(usable[i, j] == score > 0 for i, j, score in assignment.pairs)
    return len(assignment.pairs), sum(assignment.scores)


@pytest.mark.parametrize("density", [0.25, 0.9])
@pytest.mark.parametrize("seed", range(15))
def test_each_objective_equals_the_independent_optimum_from_the_best_mentors_alone(seed, density):
    usable, capacity, k = random_program(seed, density)
    for objective in (MOST_PAIRS, HIGHEST_TOTAL):
        found = checked(solve(usable, capacity, objective, k=k), usable, capacity)
        assert found == reference(usable, capacity, objective)
    fairest = solve(usable, capacity, FAIREST, k=k)
    pairs, total = checked(fairest, usable, capacity)
    assert (pairs, min(fairest.scores, default=0), total) == fairest_reference(usable, capacity)
    first_come = greedy(usable, capacity)
    assert checked(first_come, usable, capacity)[1] <= reference(usable, capacity, HIGHEST_TOTAL)[1]


def test_the_proof_brings_in_a_pair_beyond_a_mentee_s_best_mentors():
    # mentees 0 and 1 both name mentor 0 first, mentee 2 names mentor 1; the best pairs need mentee 1's second
    result = solve(table([[90, 0], [80, 70], [0, 60]]), [1, 1], MOST_PAIRS, k=1)
    assert chosen(result) == [(0, 0), (1, 1)] and result.joined == 1


def test_a_mentor_few_name_first_is_offered_its_best_mentees_from_the_start():
    result = solve(table([[90, 0], [80, 70]]), [1, 1], MOST_PAIRS, k=1)
    assert chosen(result) == [(0, 0), (1, 1)] and result.joined == 0


def test_the_proof_brings_in_nothing_when_the_best_mentors_are_enough():
    result = solve(table([[90, 10], [10, 80]]), [1, 1], MOST_PAIRS, k=1)
    assert chosen(result) == [(0, 0), (1, 1)] and result.joined == 0


def test_the_fairest_floor_is_proven_from_the_best_mentors_alone():
    # at k=1 mentees 0 and 1 both want mentor 0's single seat; only mentee 1's pair with mentor 1 lets the floor be 60
    result = solve(table([[95, 0, 0], [90, 60, 0], [0, 0, 70], [0, 50, 0]]), [1, 1, 1], FAIREST, k=1)
    assert chosen(result) == [(0, 0), (1, 1), (2, 2)] and min(result.scores) == 60 and result.joined >= 1


@pytest.mark.parametrize("seed", range(6))
def test_a_larger_sparse_program_from_one_best_mentor_each_is_still_exact(seed):
    rng = np.random.default_rng(300 + seed)
    usable = np.where(rng.random((40, 12)) < 0.3, rng.integers(1, 101, size=(40, 12)), 0).astype(np.uint8)
    capacity = rng.integers(1, 4, size=12)
    for objective in (MOST_PAIRS, HIGHEST_TOTAL):
        assert checked(solve(usable, capacity, objective, k=1), usable, capacity) == reference(usable, capacity,
                                                                                              objective)


def test_each_objective_is_solved_in_turn_and_told_as_its_turn_comes():
    told = []
    found = solve_each(table([[90, 5], [80, 0]]), [1, 1], report=told.append)
    assert told == [HIGHEST_TOTAL, MOST_PAIRS, FAIREST]
    assert {objective: len(assignment.pairs) for objective, assignment in found.items()} == {
        HIGHEST_TOTAL: 1, MOST_PAIRS: 2, FAIREST: 2}

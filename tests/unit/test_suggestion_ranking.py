"""Suggestions are read best first: a mentee's ranking (by score, then the older id) holds only the mentors who pass
their must-haves; it is read a chunk at a time, the first holding the best asked for; mentors are found in the pool by
id."""
import numpy as np
import pytest

from mentoring.matching.suggestions import CHUNK, _chunks, _rows_of, _Scored


@pytest.mark.parametrize("count, first", [(0, 20), (5, 20), (20, 20), (21, 20), (500, 20), (500, 200), (5000, 40)])
def test_the_chunks_in_turn_are_the_whole_ranking(count, first):
    ranked = np.random.default_rng(count + first).permutation(count)
    chunks = list(_chunks(ranked, first))
    assert np.concatenate(chunks or [ranked]).tolist() == ranked.tolist()
    assert (len(chunks[0]) if chunks else 0) == min(count, first)
    assert all(0 < len(chunk) <= CHUNK for chunk in chunks[1:])


@pytest.mark.parametrize("scores, feasible, ranked", [
    ([10, 90, 50], [True, True, True], [1, 2, 0]),
    ([50, 90, 50], [True, True, True], [1, 0, 2]),  # a tie: the older id first
    ([50, 90, 50], [True, False, True], [0, 2]),  # a must-have failed: not ranked
    ([0, 0], [False, False], []),
])
def test_a_mentees_ranking(scores, feasible, ranked):
    ids = np.array([3, 4, 5][:len(scores)])
    scored = _Scored(None, None, np.array(scores, dtype=np.int16), np.array(feasible), ids)
    assert scored.ranked.tolist() == ranked


def test_a_tie_goes_to_the_older_id_wherever_it_sits():
    scored = _Scored(None, None, np.array([50, 50, 50], dtype=np.int16), np.ones(3, dtype=bool), np.array([9, 2, 5]))
    assert scored.ranked.tolist() == [1, 2, 0]


class _Pool:
    def __init__(self, ids):
        self.ids = np.array(ids, dtype=np.int64)

    def __len__(self):
        return len(self.ids)


@pytest.mark.parametrize("ids, wanted, rows", [
    ([3, 5, 8], [5], [1]),
    ([3, 5, 8], [8, 3], [2, 0]),
    ([3, 5, 8], [1, 4, 9], []),  # before, between and after: not in the pool
    ([3, 5, 8], [9, 5], [1]),
])
def test_mentors_are_found_in_the_pool_by_id(ids, wanted, rows):
    assert _rows_of(_Pool(ids), wanted).tolist() == rows

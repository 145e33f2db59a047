"""Suggestions are ranked best first without sorting every mentor: the chunks, read in turn, are the whole ranking."""
import numpy as np
import pytest

from mentoring.matching.suggestions import CHUNK, _best_first


@pytest.mark.parametrize("count, first", [(0, 20), (5, 20), (20, 20), (21, 20), (500, 20), (500, 200), (5000, 40)])
def test_the_chunks_in_turn_are_every_candidate_best_first(count, first):
    generator = np.random.default_rng(count + first)
    candidates = np.sort(generator.choice(10 * count + 1, count, replace=False))
    rank = generator.integers(0, 30, count) * 1_000_000 + candidates  # many ties in score, broken by id
    chunks = list(_best_first(candidates, rank, first))
    assert np.concatenate(chunks).tolist() == candidates[np.argsort(rank, kind="stable")].tolist()
    assert len(chunks[0]) == min(count, first) and all(len(chunk) <= CHUNK for chunk in chunks[1:])

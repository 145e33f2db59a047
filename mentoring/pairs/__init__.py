"""Pairs: the introduction, saying yes to a proposal, and ending."""
from mentoring.pairs import leaving  # noqa: F401  (registers what an account's deletion does to its pairs)

"""Pairs: the introduction, saying yes to a proposal, and ending."""

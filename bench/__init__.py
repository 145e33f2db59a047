"""Benchmarks: python -m bench.pages (make bench). Results are printed as tables, never asserted."""

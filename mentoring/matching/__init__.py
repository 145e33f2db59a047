"""Matching: scoring with reasons, suggestions, requests, and the coordinator's optimal assignment."""

"""Conversations: what a pair says and shares (its messages and files)."""

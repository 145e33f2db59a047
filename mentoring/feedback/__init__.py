"""Feedback: after each session, periodic check-ins and the end-of-program survey."""

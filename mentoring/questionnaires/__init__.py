"""Questionnaires: the question builder, the answer engine, and the default questions."""

"""Scores: agreement targets against results (`python -m pipeline score`), and the report's section."""

"""Scorers and runners behind ``dateline eval``: gold data in, figures next to peers out."""

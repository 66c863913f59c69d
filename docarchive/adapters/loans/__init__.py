"""Loan registers: one per backend, one shape (codec)."""

"""Approval request stores: one per backend, one shape (codec)."""

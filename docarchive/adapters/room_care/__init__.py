"""Archive-room care logs: one per backend, one shape (codec)."""

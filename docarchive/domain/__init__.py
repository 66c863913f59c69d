"""Pure rules of the archive: no I/O, no frameworks."""

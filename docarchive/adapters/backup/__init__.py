"""Backup sets: content-addressed objects, one manifest per snapshot, keys kept in a folder of their own."""

"""Search index backends. Import a backend's module directly; drivers load only with their adapter."""

"""Record stores. Import a backend's module directly; drivers load only with their adapter."""

"""Use cases. Ports come in as keyword arguments; errors go out as domain errors."""

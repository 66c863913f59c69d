"""Job queues. Import a backend's module directly."""

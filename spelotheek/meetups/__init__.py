"""Open meeting moments."""

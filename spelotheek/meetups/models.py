"""Open meeting moments: models."""

"""Parent-led topics: models."""

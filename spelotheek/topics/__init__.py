"""Parent-led topics."""

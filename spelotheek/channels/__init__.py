"""Channels: where invitation cards are handed out, their first-visit page and anonymous counts."""

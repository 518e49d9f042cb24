"""Perinatal groups."""

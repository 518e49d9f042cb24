"""Perinatal groups: models."""

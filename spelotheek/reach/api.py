"""Reach statistics: JSON API v1 routes (on the shared api blueprint)."""

from __future__ import annotations

from spelotheek.api.common import bp  # noqa: F401  (routes are added to the shared blueprint)

"""Keeping the directory true: partners edit their own entries, the coordinator all."""

from __future__ import annotations

"""Reach statistics: demo data."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session


def load(session: Session, today: date) -> None:
    """Add this feature's demo data (called once, when the demo data is first loaded)."""

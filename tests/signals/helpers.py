"""Test data for the signals bundle."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from spelotheek.signals import barriers

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
TODAY = date(2026, 11, 26)


def make_barriers(db: Session, *whats: str, day: date = TODAY, domain_id: int | None = None):
    """Barriers recorded by a worker, one per text."""
    return [barriers.record_barrier(db, None, domain_id, what, "", day) for what in whats]

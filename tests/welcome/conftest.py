"""Welcome test data: a weekly Saturday meeting, and card scans that make a family "come often"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.meetups import dates, timetable
from spelotheek.meetups.models import MeetupCardScan, MeetupSeries

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday
TODAY = NOW.date()
LAST_SATURDAY = date(2026, 12, 5)
NEXT_SATURDAY = date(2026, 12, 12)


def scan_at(db: Session, series: MeetupSeries, family: Family, days: list[date]) -> None:
    """The family's card scanned at these dates of the series."""
    for day in days:
        row = dates.row_for(db, timetable.get_occurrence(db, series.id, day))
        moment = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
        db.add(MeetupCardScan(occurrence_id=row.id, family_id=family.id, scanned_at=moment))
    db.flush()


def saturdays_before(day: date, count: int) -> list[date]:
    """`count` Saturdays, the last one on `day` (a Saturday)."""
    return [day - timedelta(days=7 * i) for i in range(count)]

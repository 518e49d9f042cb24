"""Meetup series: plan, change or split, pause and resume. Services flush, never commit."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.db import utcnow
from spelotheek.meetups import rules
from spelotheek.meetups.models import (
    MeetupSeries,
)
from spelotheek.meetups.rules import MeetupRefused

SERIES_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "location_id",
    "rrule",
    "first_day",
    "last_day",
    "starts",
    "ends",
    "capacity",
    "min_age",
    "max_age",
    "languages",
    "audience",
    "what_to_expect",
    "what_to_bring",
    "hosts",
    "accessibility",
)
# What staff write for families, with a {language: text} next to it (spelotheek/content.py).
TRANSLATED_SERIES_FIELDS = {
    "title": 120,
    "description": 2000,
    "audience": 200,
    "what_to_expect": 2000,
    "what_to_bring": 2000,
    "accessibility": 2000,
}
SERIES_FIELDS += tuple(f"{name}_texts" for name in TRANSLATED_SERIES_FIELDS)


def _check(fields: Mapping[str, Any]) -> None:
    rules.check_plan(
        rrule=str(fields["rrule"]),
        first_day=fields["first_day"],
        last_day=fields.get("last_day"),
        starts=fields["starts"],
        ends=fields["ends"],
        capacity=int(fields.get("capacity", 12)),
        min_age=int(fields.get("min_age", 0)),
        max_age=int(fields.get("max_age", 5)),
    )


def create_series(
    session: Session, actor_id: int | None, fields: dict[str, object]
) -> MeetupSeries:
    """Plan a new series; raises MeetupRefused for a schedule that cannot be."""
    values = {k: v for k, v in fields.items() if k in SERIES_FIELDS}
    _check(values)
    series = MeetupSeries(uid=f"{uuid.uuid4()}@spelotheek", **values)
    session.add(series)
    session.flush()
    audit.record(
        session,
        "meetup_series_created",
        actor_id=actor_id,
        subject_type="meetup_series",
        subject_id=series.id,
    )
    return series


def touch(series: MeetupSeries) -> None:
    """Mark the series changed: calendar feeds read its SEQUENCE and time."""
    series.sequence += 1
    series.updated_at = utcnow()


def update_series(
    session: Session,
    actor_id: int | None,
    series: MeetupSeries,
    fields: dict[str, object],
    from_day: date | None = None,
) -> MeetupSeries:
    """Change every date (from_day None) or the dates from from_day on; answers the series
    that now holds those dates (a new one when split). Changed single dates keep their change.
    """
    values = {k: v for k, v in fields.items() if k in SERIES_FIELDS}
    if from_day is None or from_day <= series.first_day:
        return _change_every_date(session, actor_id, series, values, from_day)
    return _split(session, actor_id, series, values, from_day)


def _change_every_date(
    session: Session,
    actor_id: int | None,
    series: MeetupSeries,
    values: dict[str, object],
    from_day: date | None,
) -> MeetupSeries:
    """Change the series itself (from_day, when given, may start it earlier)."""
    merged = {k: getattr(series, k) for k in SERIES_FIELDS} | values
    if from_day is not None:
        merged["first_day"] = min(merged["first_day"], from_day)
    _check(merged)
    for key, value in merged.items():
        setattr(series, key, value)
    touch(series)
    session.flush()
    audit.record(
        session,
        "meetup_series_changed",
        actor_id=actor_id,
        subject_type="meetup_series",
        subject_id=series.id,
    )
    return series


def _split(
    session: Session,
    actor_id: int | None,
    series: MeetupSeries,
    values: dict[str, object],
    from_day: date,
) -> MeetupSeries:
    """End the series the day before from_day; a new series holds the dates from then on."""
    if series.last_day is not None and from_day > series.last_day:
        raise MeetupRefused(_l("This series has no dates from that day on."), code="no_dates")
    merged = {k: getattr(series, k) for k in SERIES_FIELDS} | values | {"first_day": from_day}
    _check(merged)
    newer = MeetupSeries(uid=f"{uuid.uuid4()}@spelotheek", **merged)
    session.add(newer)
    series.last_day = from_day - timedelta(days=1)
    touch(series)
    session.flush()
    for row in list(series.occurrences):
        if row.original_day >= from_day:
            row.series_id = newer.id
    session.flush()
    session.expire(series, ["occurrences"])
    audit.record(
        session,
        "meetup_series_split",
        actor_id=actor_id,
        subject_type="meetup_series",
        subject_id=series.id,
        detail=f"new={newer.id}",
    )
    return newer


def pause(session: Session, actor_id: int | None, series: MeetupSeries, from_day: date) -> None:
    """Take a break from this day on, until the series is resumed."""
    series.paused_from = max(from_day, series.first_day)
    touch(series)
    session.flush()
    audit.record(
        session,
        "meetup_series_paused",
        actor_id=actor_id,
        subject_type="meetup_series",
        subject_id=series.id,
        detail=f"from {series.paused_from.isoformat()}",
    )


def resume(session: Session, actor_id: int | None, series: MeetupSeries) -> None:
    """End the break: the dates come back."""
    series.paused_from = None
    touch(series)
    session.flush()
    audit.record(
        session,
        "meetup_series_resumed",
        actor_id=actor_id,
        subject_type="meetup_series",
        subject_id=series.id,
    )

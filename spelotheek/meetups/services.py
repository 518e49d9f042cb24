"""Meetup series and their dates: plan, change one date, split a series, close a period (what
happens between two days is read in timetable.py). Services flush, never commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.db import utcnow
from spelotheek.domain_errors import NotFound
from spelotheek.meetups import rules
from spelotheek.meetups.models import (
    MeetupClosure,
    MeetupInterest,
    MeetupOccurrence,
    MeetupSeries,
)
from spelotheek.meetups.rules import MeetupRefused
from spelotheek.meetups.timetable import (
    MAX_MOVE_DAYS,
    Listed,
    closed_periods,
    get_occurrence,
    schedule,
    stored_row,
)

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


class Unchanged:
    """Marks an argument the caller did not give (None is a value: "no translations")."""


UNCHANGED = Unchanged()


@dataclass(frozen=True)
class Notice:
    """A message to send after the commit to a family that said it would probably come."""

    email: str
    language: str | None
    title: str
    start: datetime
    reason: str


def row_for(session: Session, listed: Listed) -> MeetupOccurrence:
    """The stored row of a date, made when the date gets its first change, count or interest."""
    if listed.row is not None:
        return listed.row
    nested = session.begin_nested()
    row = MeetupOccurrence(series_id=listed.series.id, original_day=listed.occurrence.original_day)
    session.add(row)
    try:
        nested.commit()
    except Exception:  # another host made it at the same moment: use theirs
        nested.rollback()
        found = stored_row(session, listed.series.id, listed.occurrence.original_day)
        if found is None:
            raise
        return found
    return row


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


def _touch(series: MeetupSeries) -> None:
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
        merged = {k: getattr(series, k) for k in SERIES_FIELDS} | values
        if from_day is not None:
            merged["first_day"] = min(merged["first_day"], from_day)
        _check(merged)
        for key, value in merged.items():
            setattr(series, key, value)
        _touch(series)
        session.flush()
        audit.record(
            session,
            "meetup_series_changed",
            actor_id=actor_id,
            subject_type="meetup_series",
            subject_id=series.id,
        )
        return series
    if series.last_day is not None and from_day > series.last_day:
        raise MeetupRefused(_l("This series has no dates from that day on."), code="no_dates")
    merged = {k: getattr(series, k) for k in SERIES_FIELDS} | values | {"first_day": from_day}
    _check(merged)
    newer = MeetupSeries(uid=f"{uuid.uuid4()}@spelotheek", **merged)
    session.add(newer)
    series.last_day = from_day - timedelta(days=1)
    _touch(series)
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


def change_date(
    session: Session,
    actor_id: int | None,
    series_id: int,
    original_day: date,
    *,
    day: date,
    starts: time,
    ends: time,
    theme: str | None,
    theme_texts: Mapping[str, str] | None | Unchanged = UNCHANGED,
    today: date | None = None,
) -> MeetupOccurrence:
    """Change this date only: move it, change its times, give it a theme (and its translations).

    Without `theme_texts` a changed theme drops the old translations; with it (a staff form
    shows them next to the theme) they are stored as given.
    `today` (for a day from an address) refuses a day outside the series' window as NotFound.
    """
    listed = get_occurrence(session, series_id, original_day, today)
    series = listed.series
    if ends <= starts:
        raise MeetupRefused(_l("The meeting must end after it starts."), code="end_before_start")
    if abs((day - original_day).days) > MAX_MOVE_DAYS:
        raise MeetupRefused(
            _l(
                "A date can move at most %(days)d days. Plan a new date instead.",
                days=MAX_MOVE_DAYS,
            ),
            code="move_too_far",
        )
    if day != listed.occurrence.day:
        rules.check_day_open(day, series.location_id, closed_periods(session, day, day))
    row = row_for(session, listed)
    row.day = None if day == original_day else day
    row.starts = None if starts == series.starts else starts
    row.ends = None if ends == series.ends else ends
    if ((theme or "").strip() or None) != row.theme:
        row.theme_texts = None  # an old translation would name another theme
    row.theme = (theme or "").strip() or None
    if not isinstance(theme_texts, Unchanged):
        row.theme_texts = dict(theme_texts) if theme_texts and row.theme else None
    row.sequence += 1
    row.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        "meetup_date_changed",
        actor_id=actor_id,
        subject_type="meetup_occurrence",
        subject_id=row.id,
    )
    return row


def _notices_for(session: Session, rows: Sequence[MeetupOccurrence], reason: str) -> list[Notice]:
    """Families that said they'd come and agreed to messages; marks them told (never twice)."""
    from spelotheek.families.models import Family

    if not rows:
        return []
    by_id = {r.id: r for r in rows}
    found = session.execute(
        select(MeetupInterest, Family)
        .join(Family, Family.id == MeetupInterest.family_id)
        .where(
            MeetupInterest.occurrence_id.in_(list(by_id)),
            MeetupInterest.cancel_notice_at.is_(None),
            Family.reminder_consent.is_(True),
            Family.email.is_not(None),
        )
    ).all()
    now, notices = utcnow(), []
    for interest, family in found:
        if family.email is None:  # pragma: no cover  (the query asked for an address)
            continue
        row = by_id[interest.occurrence_id]
        series = row.series
        interest.cancel_notice_at = now
        notices.append(
            Notice(
                family.email,
                family.language,
                series.title,
                rules.local_instant(row.day or row.original_day, row.starts or series.starts),
                reason,
            )
        )
    session.flush()
    return notices


def cancel_date(
    session: Session,
    actor_id: int | None,
    series_id: int,
    original_day: date,
    reason: str,
    today: date | None = None,
) -> list[Notice]:
    """Cancel one date with a reason; answers the messages to send after the commit."""
    reason = reason.strip()
    if not reason:
        raise MeetupRefused(_l("Please say why, so families know."), code="reason_needed")
    listed = get_occurrence(session, series_id, original_day, today)
    row = row_for(session, listed)
    row.status, row.cancel_reason = "cancelled", reason[:200]
    row.sequence += 1
    row.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        "meetup_date_cancelled",
        actor_id=actor_id,
        subject_type="meetup_occurrence",
        subject_id=row.id,
    )
    return _notices_for(session, [row], reason)


def restore_date(
    session: Session,
    actor_id: int | None,
    series_id: int,
    original_day: date,
    today: date | None = None,
) -> None:
    """Undo the cancellation of one date."""
    listed = get_occurrence(session, series_id, original_day, today)
    if listed.row is None or listed.row.status != "cancelled":
        return
    listed.row.status, listed.row.cancel_reason = "scheduled", ""
    listed.row.sequence += 1
    listed.row.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        "meetup_date_restored",
        actor_id=actor_id,
        subject_type="meetup_occurrence",
        subject_id=listed.row.id,
    )


def pause(session: Session, actor_id: int | None, series: MeetupSeries, from_day: date) -> None:
    """Take a break from this day on, until the series is resumed."""
    series.paused_from = max(from_day, series.first_day)
    _touch(series)
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
    _touch(series)
    session.flush()
    audit.record(
        session,
        "meetup_series_resumed",
        actor_id=actor_id,
        subject_type="meetup_series",
        subject_id=series.id,
    )


def close_period(
    session: Session,
    actor_id: int | None,
    location_id: int | None,
    first_day: date,
    last_day: date,
    reason: str,
) -> tuple[MeetupClosure, list[Notice]]:
    """Close a period (school holidays) at one location or everywhere; dates in it are cancelled."""
    if last_day < first_day:
        raise MeetupRefused(
            _l("The last date must be on or after the first date."), code="end_before_start"
        )
    if (last_day - first_day).days > 366:
        raise MeetupRefused(_l("A closed period is at most a year."), code="period_too_long")
    reason = reason.strip()[:120]
    if not reason:
        raise MeetupRefused(_l("Please say why, so families know."), code="reason_needed")
    closure = MeetupClosure(
        location_id=location_id, first_day=first_day, last_day=last_day, reason=reason
    )
    session.add(closure)
    session.flush()
    items = [
        i
        for i in schedule(session, first_day, last_day, location_id=location_id)
        if i.occurrence.cancelled
    ]
    for series in {i.series for i in items}:
        _touch(series)  # calendar feeds show the cancelled dates: their SEQUENCE must grow
    hit = [i.row for i in items if i.row is not None]
    audit.record(
        session,
        "meetup_period_closed",
        actor_id=actor_id,
        subject_type="meetup_closure",
        subject_id=closure.id,
    )
    return closure, _notices_for(session, hit, reason)


def reopen_period(session: Session, actor_id: int | None, closure_id: int) -> None:
    """Remove a closed period: its dates are on again."""
    closure = session.get(MeetupClosure, closure_id)
    if closure is None:
        raise NotFound(_l("We could not find this closed period."))
    statement = select(MeetupSeries)
    if closure.location_id is not None:
        statement = statement.where(MeetupSeries.location_id == closure.location_id)
    series = session.scalars(statement).all()
    for each in series:
        _touch(each)  # the calendar feeds must show the change
    session.delete(closure)
    session.flush()
    audit.record(
        session,
        "meetup_period_reopened",
        actor_id=actor_id,
        subject_type="meetup_closure",
        subject_id=closure_id,
    )

"""Closed periods (school holidays): the dates in them are cancelled, and open again."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.meetups import services
from spelotheek.meetups.models import MeetupClosure, MeetupSeries
from spelotheek.meetups.notices import Notice, notices_for
from spelotheek.meetups.rules import MeetupRefused
from spelotheek.meetups.timetable import schedule


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
        services.touch(series)  # calendar feeds show the cancelled dates: their SEQUENCE must grow
    hit = [i.row for i in items if i.row is not None]
    audit.record(
        session,
        "meetup_period_closed",
        actor_id=actor_id,
        subject_type="meetup_closure",
        subject_id=closure.id,
    )
    return closure, notices_for(session, hit, reason)


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
        services.touch(each)  # the calendar feeds must show the change
    session.delete(closure)
    session.flush()
    audit.record(
        session,
        "meetup_period_reopened",
        actor_id=actor_id,
        subject_type="meetup_closure",
        subject_id=closure_id,
    )

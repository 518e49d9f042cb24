"""One date of a series: its stored row, a move or theme, a cancellation and its restoring."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.db import utcnow
from spelotheek.meetups import rules
from spelotheek.meetups.models import MeetupOccurrence
from spelotheek.meetups.notices import Notice, notices_for
from spelotheek.meetups.rules import MeetupRefused
from spelotheek.meetups.timetable import (
    MAX_MOVE_DAYS,
    Listed,
    closed_periods,
    get_occurrence,
    stored_row,
)


class Unchanged:
    """Marks an argument the caller did not give (None is a value: "no translations")."""


UNCHANGED = Unchanged()


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
    return notices_for(session, [row], reason)


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

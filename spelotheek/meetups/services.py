"""Meetup series and their dates: plan, change one date, split a series, close a period, and
list what happens between two days. Services flush, never commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, union_all
from sqlalchemy.orm import Session, joinedload, selectinload

from spelotheek import audit
from spelotheek.db import utcnow
from spelotheek.errors import NotFound
from spelotheek.locations.models import Closure
from spelotheek.meetups import rules
from spelotheek.meetups.models import (
    MeetupClosure,
    MeetupInterest,
    MeetupOccurrence,
    MeetupSeries,
)
from spelotheek.meetups.rules import MeetupRefused

MAX_MOVE_DAYS = 31  # a date moves within a month of its planned day (keeps look-ups bounded)
SERIES_FIELDS = (
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


@dataclass(frozen=True)
class Listed:
    """A date as pages show it: the occurrence, its series, its row (if any) and interest."""

    occurrence: rules.Occurrence
    series: MeetupSeries
    row: MeetupOccurrence | None = None
    interested: int = 0

    @property
    def counts(self) -> rules.Counts:
        """Head counts so far (zero when nobody was counted)."""
        if self.row is None:
            return rules.Counts()
        return rules.Counts(**{n: getattr(self.row, n) for n in rules.COUNTER_NAMES})

    @property
    def full(self) -> bool:
        """True when the adults counted reach the capacity."""
        return rules.is_full(self.counts.adults, self.series.capacity)


@dataclass(frozen=True)
class Notice:
    """A message to send after the commit to a family that said it would probably come."""

    email: str
    language: str | None
    title: str
    start: datetime
    reason: str


def plan_of(series: MeetupSeries) -> rules.Plan:
    """The series in rule form."""
    return rules.Plan(
        series.id,
        series.rrule,
        series.first_day,
        series.last_day,
        series.starts,
        series.ends,
        series.location_id,
        series.paused_from,
    )


def change_of(row: MeetupOccurrence) -> rules.Change:
    """An occurrence row in rule form."""
    return rules.Change(
        row.original_day,
        row.day,
        row.starts,
        row.ends,
        row.status == "cancelled",
        row.cancel_reason,
        row.theme,
        row.has_counts,
    )


def closed_periods(session: Session, start: date, end: date) -> list[rules.ClosedPeriod]:
    """Meetup closures and closed days of the buildings that overlap [start, end], in one
    query and a fixed order (callers use the list as part of a cache key)."""
    both = union_all(
        *(
            select(t.first_day, t.last_day, t.reason, t.location_id).where(
                t.first_day <= end, t.last_day >= start
            )
            for t in (MeetupClosure, Closure)
        )
    ).subquery()
    return [
        rules.ClosedPeriod(*row)
        for row in session.execute(
            select(both).order_by(
                both.c.first_day, both.c.last_day, both.c.location_id, both.c.reason
            )
        )
    ]


def feed_version(
    session: Session, *, location_id: int | None = None, series_id: int | None = None
) -> tuple:
    """A cheap fingerprint of the series and dates a calendar feed shows, in one statement.

    Every change of a series or a date that a feed shows bumps its `updated_at` (and
    `sequence`: see `_touch`, `set_theme`, `change_date`); a new date row has a new, larger id;
    date rows are only ever deleted with their series, which changes the series count. The
    newest id and change come from indexes (no scan of the dates), so a feed cached under this
    fingerprint is rebuilt exactly when it could differ. Closures and places are not in it:
    the caller adds them (they are few rows).
    """
    of_series = of_dates = None
    if location_id is not None or series_id is not None:
        chosen = select(MeetupSeries.id)
        if location_id is not None:
            chosen = chosen.where(MeetupSeries.location_id == location_id)
        if series_id is not None:
            chosen = chosen.where(MeetupSeries.id == series_id)
        of_series, of_dates = MeetupSeries.id.in_(chosen), MeetupOccurrence.series_id.in_(chosen)
    columns = [
        select(func.count(MeetupSeries.id)),
        select(func.max(MeetupSeries.updated_at)),
        select(func.sum(MeetupSeries.sequence)),
        select(func.sum(MeetupSeries.location_id)),
        select(func.max(MeetupOccurrence.id)),
        select(func.max(MeetupOccurrence.updated_at)),
    ]
    columns = [
        c.where(of_series if i < 4 else of_dates) if of_series is not None else c
        for i, c in enumerate(columns)
    ]
    return tuple(session.execute(select(*(c.scalar_subquery() for c in columns))).one())


# What the rules and the filters need of a series, read as plain rows: building 770 series
# objects with their places for a network's home page cost more than the rest of the page.
_SERIES_FACTS = (
    MeetupSeries.id,
    MeetupSeries.title,
    MeetupSeries.min_age,
    MeetupSeries.max_age,
    MeetupSeries.rrule,
    MeetupSeries.first_day,
    MeetupSeries.last_day,
    MeetupSeries.starts,
    MeetupSeries.ends,
    MeetupSeries.location_id,
    MeetupSeries.paused_from,
)


@dataclass
class _Period:
    """What schedule() reads for a period: series facts, dated rows, interest and closures."""

    series: Sequence[Any]  # rows of _SERIES_FACTS
    rows: dict[int, dict[date, MeetupOccurrence]]
    changes: dict[int, dict[date, rules.Change]]
    interest: dict[int, int]
    closures: list[rules.ClosedPeriod]


def _read_period(
    session: Session,
    start: date,
    end: date,
    location_id: int | None = None,
    series_id: int | None = None,
    closures: list[rules.ClosedPeriod] | None = None,
    with_interest: bool = True,
) -> _Period:
    """Series facts, rows, interest and closures for dates between start and end, in 5 queries
    (series, rows, interest, two for closures); fewer when the closures are given or no
    interest is wanted."""
    reach = timedelta(days=MAX_MOVE_DAYS)
    running = [
        MeetupSeries.first_day <= end + reach,
        or_(MeetupSeries.last_day.is_(None), MeetupSeries.last_day >= start - reach),
    ]
    if location_id is not None:
        running.append(MeetupSeries.location_id == location_id)
    if series_id is not None:
        running.append(MeetupSeries.id == series_id)
    all_series = session.execute(
        select(*_SERIES_FACTS).where(*running).order_by(MeetupSeries.id)
    ).all()
    if not all_series:
        return _Period([], {}, {}, {}, [])
    # Rows of the period, and moved dates whose planned day lies up to a month around it: a
    # date that was not moved cannot land in the period from outside it. (Every counted date
    # has a row: reading a month of them on each side cost more than the page itself.)
    rows = session.scalars(
        select(MeetupOccurrence).where(
            # The same series as a subquery: a network's 770 ids as parameters took longer to
            # send and plan than the rows took to read.
            MeetupOccurrence.series_id.in_(select(MeetupSeries.id).where(*running)),
            or_(
                MeetupOccurrence.original_day.between(start, end),
                and_(
                    MeetupOccurrence.day.is_not(None),
                    MeetupOccurrence.original_day.between(start - reach, end + reach),
                ),
            ),
        )
    ).all()
    interest = (
        dict(
            session.execute(
                select(MeetupInterest.occurrence_id, func.count())
                .where(MeetupInterest.occurrence_id.in_([r.id for r in rows]))
                .group_by(MeetupInterest.occurrence_id)
            ).all()
        )
        if rows and with_interest
        else {}
    )
    by_series: dict[int, dict[date, MeetupOccurrence]] = {}
    for row in rows:
        by_series.setdefault(row.series_id, {})[row.original_day] = row
    changes = {
        series_id: {day: change_of(row) for day, row in own.items()}
        for series_id, own in by_series.items()
    }
    if closures is None:
        closures = closed_periods(session, start - reach, end + reach)
    return _Period(all_series, by_series, changes, interest, closures)


def _listed(period: _Period, start: date, end: date) -> list[Listed]:
    """The dates of a period read by _read_period between start and end, in time order.

    Their `series` is still the row of facts; `_with_series` puts the series in.
    """
    listed = []
    for series in period.series:
        own = period.rows.get(series.id, {})
        changes = period.changes.get(series.id, {})
        for item in rules.occurrences_between(
            plan_of(series), changes, period.closures, start, end
        ):
            row = own.get(item.original_day)
            listed.append(Listed(item, series, row, period.interest.get(row.id, 0) if row else 0))
    return sorted(listed, key=lambda x: (x.occurrence.start, x.series.title, x.series.id))


def series_by_id(session: Session, ids: set[int]) -> dict[int, MeetupSeries]:
    """These series with their places, by id, in 1 query."""
    return {
        series.id: series
        for series in session.scalars(
            select(MeetupSeries)
            .where(MeetupSeries.id.in_(ids))
            .options(joinedload(MeetupSeries.location))
        )
    }


def _with_series(session: Session, listed: list[Listed]) -> None:
    """Put each listed date's series (with its place) in, for the series listed only: 1 query."""
    if listed:
        found = series_by_id(session, {item.series.id for item in listed})
        listed[:] = [replace(item, series=found[item.series.id]) for item in listed]


def schedule(
    session: Session,
    start: date,
    end: date,
    *,
    location_id: int | None = None,
    series_id: int | None = None,
) -> list[Listed]:
    """Every date (cancelled ones too) between start and end, in time order, in 6 queries."""
    listed = _listed(_read_period(session, start, end, location_id, series_id), start, end)
    _with_series(session, listed)
    return listed


def get_series(session: Session, series_id: int) -> MeetupSeries:
    """The series with this id and its location; NotFound otherwise."""
    series = session.scalar(
        select(MeetupSeries)
        .where(MeetupSeries.id == series_id)
        .options(selectinload(MeetupSeries.location))
    )
    if series is None:
        raise NotFound(_l("We could not find this meeting."))
    return series


def _row(session: Session, series_id: int, original_day: date) -> MeetupOccurrence | None:
    return session.scalar(
        select(MeetupOccurrence).where(
            MeetupOccurrence.series_id == series_id, MeetupOccurrence.original_day == original_day
        )
    )


def get_occurrence(session: Session, series_id: int, original_day: date) -> Listed:
    """One date of a series by its original day; NotFound when the series has no such date."""
    series = get_series(session, series_id)
    row = _row(session, series_id, original_day)
    plan = plan_of(series)
    if not rules.is_planned(plan, original_day) and (row is None or not change_of(row).kept):
        raise NotFound(_l("This meeting has no date on this day."))
    reach = timedelta(days=MAX_MOVE_DAYS)
    closures = closed_periods(session, original_day - reach, original_day + reach)
    item = rules.occurrence(plan, original_day, change_of(row) if row else None, closures)
    interested = 0
    if row is not None:
        interested = session.scalar(
            select(func.count()).where(MeetupInterest.occurrence_id == row.id)
        )
    return Listed(item, series, row, interested or 0)


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
        found = _row(session, listed.series.id, listed.occurrence.original_day)
        if found is None:
            raise
        return found
    return row


def _check(fields: dict[str, object]) -> None:
    rules.check_plan(
        rrule=str(fields["rrule"]),
        first_day=fields["first_day"],  # type: ignore[arg-type]
        last_day=fields.get("last_day"),  # type: ignore[arg-type]
        starts=fields["starts"],  # type: ignore[arg-type]
        ends=fields["ends"],  # type: ignore[arg-type]
        capacity=int(fields.get("capacity", 12)),  # type: ignore[arg-type]
        min_age=int(fields.get("min_age", 0)),  # type: ignore[arg-type]
        max_age=int(fields.get("max_age", 5)),  # type: ignore[arg-type]
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
            merged["first_day"] = min(merged["first_day"], from_day)  # type: ignore[type-var]
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
) -> MeetupOccurrence:
    """Change this date only: move it, change its times, give it a theme."""
    listed = get_occurrence(session, series_id, original_day)
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
    row.theme = (theme or "").strip() or None
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
    session: Session, actor_id: int | None, series_id: int, original_day: date, reason: str
) -> list[Notice]:
    """Cancel one date with a reason; answers the messages to send after the commit."""
    reason = reason.strip()
    if not reason:
        raise MeetupRefused(_l("Please say why, so families know."), code="reason_needed")
    listed = get_occurrence(session, series_id, original_day)
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
    session: Session, actor_id: int | None, series_id: int, original_day: date
) -> None:
    """Undo the cancellation of one date."""
    listed = get_occurrence(session, series_id, original_day)
    if listed.row is None or listed.row.status != "cancelled":
        return
    listed.row.status, listed.row.cancel_reason = "scheduled", ""
    listed.row.sequence += 1
    listed.row.updated_at = utcnow()
    session.flush()


def pause(session: Session, actor_id: int | None, series: MeetupSeries, from_day: date) -> None:
    """Take a break from this day on, until the series is resumed."""
    series.paused_from = max(from_day, series.first_day)
    _touch(series)
    session.flush()


def resume(session: Session, actor_id: int | None, series: MeetupSeries) -> None:
    """End the break: the dates come back."""
    series.paused_from = None
    _touch(series)
    session.flush()


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

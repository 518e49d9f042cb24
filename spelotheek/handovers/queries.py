"""Reads for the handover pages: each face finds only what is its own (a family its handovers,
a sender what it prepared, a partner its organisation's approved ones)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session, selectinload

from spelotheek.auth.models import User
from spelotheek.families.models import Family
from spelotheek.groups.models import Enrolment, Group
from spelotheek.handovers import rules
from spelotheek.handovers.models import Handover
from spelotheek.locations.models import Location
from spelotheek.meetups import timetable
from spelotheek.meetups.models import MeetupSeries
from spelotheek.network.models import NetworkClosure, Organization, Service

MEETUP_WEEKS_AHEAD = 6
LIST_SIZE = 200


def _handovers() -> Select[Handover]:
    """Handovers with their events (the loop, shown on every page of one)."""
    return select(Handover).options(selectinload(Handover.events))


def _one(session: Session, *conditions: ColumnElement[bool]) -> Handover:
    handover = session.scalar(_handovers().where(*conditions))
    if handover is None:
        raise rules.handover_not_found()
    return handover


def family_handovers(session: Session, family_id: int) -> Sequence[Handover]:
    """A family's own handovers, newest first."""
    return session.scalars(
        _handovers()
        .where(Handover.family_id == family_id)
        .order_by(Handover.created_at.desc(), Handover.id.desc())
        .limit(LIST_SIZE)
    ).all()


def family_handover(session: Session, family_id: int, handover_id: int) -> Handover:
    """One of the family's own handovers; NotFound for any other."""
    return _one(session, Handover.id == handover_id, Handover.family_id == family_id)


def by_slip(session: Session, family_id: int, slip_code: str) -> Handover:
    """The handover of a printed slip, if it is this family's; NotFound otherwise."""
    return _one(session, Handover.slip_code == slip_code[:60], Handover.family_id == family_id)


def prepared_by(session: Session, user_id: int) -> Sequence[Handover]:
    """What this worker or partner prepared, newest first."""
    return session.scalars(
        _handovers()
        .where(Handover.prepared_by == user_id)
        .order_by(Handover.created_at.desc(), Handover.id.desc())
        .limit(LIST_SIZE)
    ).all()


def group_families(session: Session, facilitator_id: int) -> list[tuple[int, str]]:
    """(id, name) of the families in the groups this facilitator leads, to hand one over."""
    rows = session.execute(
        select(Family.id, Family.display_name)
        .join(Enrolment, Enrolment.family_id == Family.id)
        .join(Group, Group.id == Enrolment.group_id)
        .where(
            Enrolment.withdrawn_at.is_(None),
            Group.facilitators.any(User.id == facilitator_id),
        )
        .distinct()
        .order_by(Family.display_name, Family.id)
        .limit(LIST_SIZE)
    ).all()
    return [(fid, name) for fid, name in rows]


def sender_handover(session: Session, user_id: int, handover_id: int) -> Handover:
    """One handover this worker or partner prepared; NotFound for any other."""
    return _one(session, Handover.id == handover_id, Handover.prepared_by == user_id)


def for_partner(session: Session, organization_id: int) -> Sequence[Handover]:
    """The approved handovers to this organisation, newest decision first."""
    return session.scalars(
        select(Handover)
        .where(Handover.organization_id == organization_id, Handover.decision == "approved")
        .order_by(Handover.decided_at.desc(), Handover.id.desc())
        .limit(LIST_SIZE)
    ).all()


def partner_handover(session: Session, organization_id: int, handover_id: int) -> Handover:
    """One approved handover to this organisation; NotFound for any other, whatever its state."""
    return _one(
        session,
        Handover.id == handover_id,
        Handover.organization_id == organization_id,
        Handover.decision == "approved",
    )


def family(session: Session, family_id: int) -> Family:
    """The family a handover is prepared for (with its children); NotFound otherwise."""
    found = session.scalar(
        select(Family).where(Family.id == family_id).options(selectinload(Family.children))
    )
    if found is None:
        raise rules.handover_not_found()
    return found


def user(session: Session, user_id: int | None) -> User | None:
    """An account, for the sender's name and address."""
    return session.get(User, user_id) if user_id else None


def partner_accounts(session: Session, organization_id: int) -> Sequence[User]:
    """The active partner accounts of an organisation (who is told a handover waits)."""
    return session.scalars(
        select(User).where(User.organization_id == organization_id, User.active.is_(True))
    ).all()


def services_by_id(session: Session, ids: set[int]) -> dict[int, Service]:
    """Services (with their organisation) by id, for the lists."""
    if not ids:
        return {}
    found = session.scalars(
        select(Service).where(Service.id.in_(ids)).options(selectinload(Service.organization))
    ).all()
    return {s.id: s for s in found}


def service_choices(session: Session, leave_out: int | None = None) -> list[tuple[int, str]]:
    """Active services of the directory as (id, 'service — organisation'), by name."""
    rows = session.execute(
        select(Service.id, Service.name, Organization.name)
        .join(Organization, Organization.id == Service.organization_id)
        .where(Service.status == "active")
        .order_by(Service.name, Organization.name)
    ).all()
    return [(sid, f"{name} — {org}") for sid, name, org in rows if sid != leave_out]


def meeting_place(session: Session, series_id: int | None) -> str:
    """'title, place' of the open meeting a handover meets at ('' when none)."""
    if series_id is None:
        return ""
    found = session.execute(
        select(MeetupSeries.title, Location.name)
        .join(Location, Location.id == MeetupSeries.location_id)
        .where(MeetupSeries.id == series_id)
    ).first()
    return f"{found[0]}, {found[1]}" if found else ""


def meetup_dates(session: Session, today: date) -> list[tuple[str, date, str]]:
    """Open meeting dates of the coming weeks as ('series:day', day, title)."""
    listed = timetable.schedule(session, today, today + timedelta(weeks=MEETUP_WEEKS_AHEAD))
    return [
        (f"{x.series.id}:{x.occurrence.original_day.isoformat()}", x.occurrence.day, x.series.title)
        for x in listed
        if not x.occurrence.cancelled
    ]


def network_closed_days(session: Session, start: date, end: date) -> set[date]:
    """Days the whole network is closed (closures without a place) between start and end."""
    days: set[date] = set()
    for first, last in session.execute(
        select(NetworkClosure.first_day, NetworkClosure.last_day).where(
            NetworkClosure.location_id.is_(None),
            NetworkClosure.first_day <= end,
            NetworkClosure.last_day >= start,
        )
    ):
        day = max(first, start)
        while day <= min(last, end):
            days.add(day)
            day += timedelta(days=1)
    return days

"""Perinatal groups: who sees which group, groups and their sessions. Flush, never commit.

Row-level access lives here: a facilitator reaches only the groups they lead; anything else
answers NotFound (404), so group numbers cannot be probed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.auth.models import User
from spelotheek.auth.roles import Role
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.groups import rules
from spelotheek.groups.models import (
    STATUSES,
    Enrolment,
    Group,
    GroupSession,
    SessionTemplate,
)
from spelotheek.groups.rules import BRUSSELS
from spelotheek.locations.models import Location
from spelotheek.locations.rules import ClosedPeriod
from spelotheek.locations.services import closures_of
from spelotheek.meetups.models import MeetupClosure

PARTICIPANTS_VIEWED = "group_participants_viewed"
ACCESS_ACTIONS = (
    PARTICIPANTS_VIEWED,
    "group_enrolled",
    "group_consent_withdrawn",
    "group_attendance_recorded",
)


def _group_not_found() -> NotFound:
    return NotFound(_l("We could not find this group."))


def may_see(user: User, group: Group) -> bool:
    """Coordinators see every group; facilitators only the groups they lead; others none."""
    if user.role == Role.COORDINATOR:
        return True
    return user.role == Role.FACILITATOR and any(f.id == user.id for f in group.facilitators)


def visible_groups(session: Session, user: User) -> Sequence[Group]:
    """The groups this user may see, newest window first."""
    statement = (
        select(Group)
        .options(
            selectinload(Group.location),
            selectinload(Group.facilitators),
            selectinload(Group.sessions),
        )
        .order_by(Group.due_from.desc(), Group.id)
    )
    if user.role != Role.COORDINATOR:
        if user.role != Role.FACILITATOR:
            return []
        statement = statement.where(Group.facilitators.any(User.id == user.id))
    return session.scalars(statement).all()


def get_group(session: Session, user: User, group_id: int) -> Group:
    """A group the user may see, with its sessions, participants and their attendance.

    Raises NotFound for a group that does not exist or is not the user's to see.
    """
    group = session.scalar(
        select(Group)
        .where(Group.id == group_id)
        .options(
            selectinload(Group.location).selectinload(Location.closures),
            selectinload(Group.facilitators),
            selectinload(Group.sessions).selectinload(GroupSession.attendance),
            selectinload(Group.enrolments).selectinload(Enrolment.family),
            selectinload(Group.enrolments).selectinload(Enrolment.attendance),
            selectinload(Group.enrolments).selectinload(Enrolment.consent_by),
        )
    )
    if group is None or not may_see(user, group):
        raise _group_not_found()
    return group


def participants_viewed(session: Session, group: Group, actor_id: int | None, page: str) -> None:
    """Write the view of a participant list to the audit log (who, when, which group)."""
    audit.record(
        session,
        PARTICIPANTS_VIEWED,
        actor_id=actor_id,
        subject_type="group",
        subject_id=group.id,
        detail=page,
    )


def facilitators(session: Session) -> Sequence[User]:
    """Active accounts with the facilitator role."""
    return session.scalars(
        select(User).where(User.role == Role.FACILITATOR, User.active.is_(True)).order_by(User.name)
    ).all()


def locations(session: Session) -> Sequence[Location]:
    """Every location, by name."""
    return session.scalars(select(Location).order_by(Location.name)).all()


def _set_facilitators(session: Session, group: Group, facilitator_ids: Sequence[int]) -> None:
    chosen = list(
        session.scalars(
            select(User).where(User.id.in_(facilitator_ids), User.role == Role.FACILITATOR)
        )
    )
    if len(chosen) != len(set(facilitator_ids)):
        raise DomainError(_l("Please choose facilitators from the list."), code="invalid_field")
    group.facilitators = chosen


def closed_at(session: Session, location: Location) -> list[ClosedPeriod]:
    """The days a place is closed: its own closures and the periods without meetings there or
    everywhere (school holidays), as the meetings calendar counts them too."""
    meetings_off = session.scalars(
        select(MeetupClosure).where(
            (MeetupClosure.location_id == location.id) | MeetupClosure.location_id.is_(None)
        )
    )
    return closures_of(location) + [ClosedPeriod(c.first_day, c.last_day) for c in meetings_off]


def create_group(
    session: Session,
    actor_id: int,
    fields: Mapping[str, object],
    facilitator_ids: Sequence[int],
    template_id: int,
    first_day: date,
    start: time,
    room: str = "",
) -> Group:
    """Add a group with a session plan generated from a template (holidays skipped)."""
    template = session.get(SessionTemplate, template_id)
    location = session.get(Location, fields["location_id"])
    if template is None or location is None:
        raise DomainError(_l("Please choose a plan and a place from the list."), "invalid_field")
    group = Group(**fields)
    _set_facilitators(session, group, facilitator_ids)
    planned = rules.plan_sessions(
        [(s.offset_weeks, s.theme) for s in template.steps],
        first_day,
        start,
        closed_at(session, location),
    )
    translated = {s.theme: s.theme_texts for s in template.steps}
    group.sessions = [
        GroupSession(
            position=p.position,
            starts_at=rules.local_to_utc(p.day, p.start),
            room=room,
            theme=p.theme,
            theme_texts=translated.get(p.theme),
        )
        for p in planned
    ]
    session.add(group)
    session.flush()
    audit.record(
        session, "group_created", actor_id=actor_id, subject_type="group", subject_id=group.id
    )
    return group


def update_group(
    session: Session,
    actor_id: int,
    group: Group,
    fields: Mapping[str, object],
    today: date,
    facilitator_ids: Sequence[int] | None = None,
) -> None:
    """Change a group; finishing it starts the retention period from `today`."""
    status = fields.get("status", group.status)
    if status not in STATUSES:
        raise DomainError(_l("Unknown status."), code="invalid_field")
    if status == "finished" and group.status != "finished":
        group.finished_on = today
    elif status != "finished":
        group.finished_on = None
    for key, value in fields.items():
        setattr(group, key, value)
    if facilitator_ids is not None:
        _set_facilitators(session, group, facilitator_ids)
    session.flush()
    audit.record(
        session, "group_changed", actor_id=actor_id, subject_type="group", subject_id=group.id
    )


def get_session_of(group: Group, session_id: int) -> GroupSession:
    """One session of this group; NotFound for a session of another group."""
    found = next((s for s in group.sessions if s.id == session_id), None)
    if found is None:
        raise NotFound(_l("We could not find this session."))
    return found


def update_session(
    session: Session,
    actor_id: int | None,
    group: Group,
    group_session: GroupSession,
    day: date,
    start: time,
    fields: Mapping[str, object],
) -> None:
    """Change a session's date, local time, room, theme, interpreter flag or notes."""
    group_session.starts_at = rules.local_to_utc(day, start)
    if fields.get("theme", group_session.theme) != group_session.theme:
        group_session.theme_texts = None  # an old translation would say something else
    for key in ("room", "theme", "theme_texts", "interpreter_needed", "notes", "duration_minutes"):
        if key in fields:
            setattr(group_session, key, fields[key])
    session.flush()
    audit.record(
        session,
        "group_session_changed",
        actor_id=actor_id,
        subject_type="group",
        subject_id=group.id,
        detail=f"session {group_session.id}",
    )


def session_day(group_session: GroupSession) -> date:
    """The local (Brussels) day a session is held."""
    return group_session.starts_at.astimezone(BRUSSELS).date()


def next_session(group: Group, now: datetime) -> GroupSession | None:
    """The group's next session that has not started."""
    return next((s for s in group.sessions if s.starts_at > now), None)


def upcoming_offer(session: Session, now: datetime) -> Sequence[Group]:
    """Groups people can still join, for the public page (no participant data)."""
    groups = session.scalars(
        select(Group)
        .where(Group.status != "finished")
        .options(selectinload(Group.location), selectinload(Group.sessions))
        .order_by(Group.due_from, Group.id)
    ).all()
    return [g for g in groups if g.rolling_entry or all(s.starts_at > now for s in g.sessions)]


def open_group(session: Session, group_id: int, now: datetime) -> Group:
    """A group on the public offer (no participant data loaded); NotFound for any other."""
    found = next((g for g in upcoming_offer(session, now) if g.id == group_id), None)
    if found is None:
        raise _group_not_found()
    return found


def session_window(group_session: GroupSession) -> tuple[datetime, datetime]:
    """A session's start and end instants."""
    return group_session.starts_at, group_session.starts_at + timedelta(
        minutes=group_session.duration_minutes
    )

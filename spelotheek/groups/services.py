"""Perinatal groups: groups, session plans, enrolment and attendance. Flush, never commit.

Row-level access lives here: a facilitator reaches only the groups they lead; anything else
answers NotFound (404), so group numbers cannot be probed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.auth.models import User
from spelotheek.auth.roles import Role
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.families.models import Family
from spelotheek.groups import rules
from spelotheek.groups.models import (
    ATTENDANCE,
    STATUSES,
    Attendance,
    Enrolment,
    Group,
    GroupSession,
    SessionTemplate,
    TemplateStep,
)
from spelotheek.groups.rules import BRUSSELS, EnrolmentRefused
from spelotheek.groups.themes import THEME_TRANSLATIONS
from spelotheek.locations.models import Location
from spelotheek.locations.rules import ClosedPeriod
from spelotheek.locations.services import closures_of
from spelotheek.meetups.models import MeetupClosure

CONSENT_PURPOSE = (
    "Take part in the pregnancy group: name, due month and attendance are kept for the "
    "group's facilitators until 12 months after the group ends."
)
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


def ensure_default_templates(session: Session) -> None:
    """Add the standard session plans when there are no templates at all."""
    if session.scalar(select(func.count(SessionTemplate.id))):
        return
    for name, steps in rules.DEFAULT_TEMPLATES.items():
        template = SessionTemplate(name=name)
        template.steps = [
            TemplateStep(position=i, offset_weeks=w, theme=t, theme_texts=THEME_TRANSLATIONS.get(t))
            for i, (w, t) in enumerate(steps, start=1)
        ]
        session.add(template)
    session.flush()


def templates(session: Session) -> Sequence[SessionTemplate]:
    """Every session plan template with its steps."""
    return session.scalars(
        select(SessionTemplate)
        .options(selectinload(SessionTemplate.steps))
        .order_by(SessionTemplate.name)
    ).all()


def save_template(
    session: Session,
    actor_id: int,
    template_id: int | None,
    name: str,
    steps: Sequence[tuple[int, str]],
) -> SessionTemplate:
    """Create or change a template (its steps are replaced); refuses a taken name."""
    name = name.strip()
    taken = session.scalar(select(SessionTemplate.id).where(SessionTemplate.name == name))
    if taken is not None and taken != template_id:
        raise rules.PlanRefused(_l("There is already a plan with this name."), status=409)
    template: SessionTemplate | None
    if template_id is None:
        template = SessionTemplate(name=name)
        session.add(template)
    else:
        template = session.get(SessionTemplate, template_id)
        if template is None:
            raise NotFound(_l("We could not find this plan."))
        template.name = name
        template.steps.clear()
        session.flush()  # old positions go before the new ones take their place
    template.steps.extend(
        TemplateStep(position=i, offset_weeks=w, theme=t) for i, (w, t) in enumerate(steps, 1)
    )
    session.flush()
    audit.record(
        session,
        "group_template_saved",
        actor_id=actor_id,
        subject_type="group_template",
        subject_id=template.id,
    )
    return template


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


def active_enrolments(group: Group) -> list[Enrolment]:
    """Participants whose consent stands and who are still linked to their family."""
    return [e for e in group.enrolments if e.active]


def enrol(
    session: Session,
    actor_id: int,
    group: Group,
    family: Family,
    *,
    due_year: int,
    due_month: int,
    consent: bool,
    now: datetime,
    with_partner: bool = False,
    share_name: bool = False,
) -> tuple[Enrolment, bool]:
    """Enrol a family with its explicit consent; answers the enrolment and whether the group
    is now over capacity (allowed, the caller warns)."""
    if not consent:
        raise EnrolmentRefused(
            _l("Please ask for consent first and tick the box. Without it we cannot enrol.")
        )
    started = [s for s in group.sessions if s.starts_at <= now]
    rules.check_enrolment_open(group.status, group.rolling_entry, len(started))
    if any(e.family_id == family.id for e in active_enrolments(group)):
        raise EnrolmentRefused(_l("This person is already in the group."))
    enrolment = Enrolment(
        group=group,
        family=family,
        due_year=due_year,
        due_month=due_month,
        with_partner=with_partner,
        share_name=share_name,
        consent_purpose=CONSENT_PURPOSE,
        consent_at=now,
        consent_by_id=actor_id,
        first_position=rules.first_position_for([s.starts_at for s in group.sessions], now),
        enrolled_at=now,
    )
    session.add(enrolment)
    session.flush()
    audit.record(
        session,
        "group_enrolled",
        actor_id=actor_id,
        subject_type="group",
        subject_id=group.id,
        detail=f"enrolment {enrolment.id}",
    )
    return enrolment, rules.over_capacity(len(active_enrolments(group)), group.capacity)


def withdraw(
    session: Session,
    enrolment: Enrolment,
    now: datetime,
    actor_id: int | None = None,
) -> None:
    """Consent withdrawn (by the family, or by staff: actor_id); the family is unlinked at once
    and only an anonymous count stays."""
    if enrolment.withdrawn_at is not None:
        return
    enrolment.withdrawn_at = now
    enrolment.unlinked_at = now
    enrolment.family = None
    enrolment.feed_token_hash = None
    enrolment.share_name = False
    session.flush()
    audit.record_by_staff_or_family(
        session,
        "group_consent_withdrawn",
        actor_id,
        subject_type="group",
        subject_id=enrolment.group_id,
        detail=f"enrolment {enrolment.id}",
    )


def get_enrolment_of(group: Group, enrolment_id: int) -> Enrolment:
    """An active enrolment of this group; NotFound otherwise."""
    found = next((e for e in active_enrolments(group) if e.id == enrolment_id), None)
    if found is None:
        raise NotFound(_l("We could not find this person in the group."))
    return found


def record_attendance(
    session: Session,
    actor_id: int,
    group: Group,
    group_session: GroupSession,
    marks: Mapping[int, tuple[str | None, bool]],
    *,
    today: date,
) -> int:
    """Save who came to a session: enrolment id → (status or None to clear, partner came).

    Answers how many marks were saved; ids of other groups are refused, and so is a session
    whose day (in Brussels) comes after `today`.
    """
    rules.check_attendance_day(session_day(group_session), today)
    enrolments = {e.id: e for e in active_enrolments(group)}
    existing = {a.enrolment_id: a for a in group_session.attendance}
    saved = 0
    for enrolment_id, (status, partner) in marks.items():
        if enrolment_id not in enrolments:
            raise NotFound(_l("We could not find this person in the group."))
        if status is not None and status not in ATTENDANCE:
            raise DomainError(_l("Unknown attendance."), code="invalid_field")
        row = existing.get(enrolment_id)
        if status is None:
            if row is not None:
                group_session.attendance.remove(row)
            continue
        if row is None:
            row = Attendance(enrolment_id=enrolment_id, status=status)
            group_session.attendance.append(row)
        row.status = status
        row.partner_present = partner and status == "present"
        saved += 1
    session.flush()
    audit.record(
        session,
        "group_attendance_recorded",
        actor_id=actor_id,
        subject_type="group",
        subject_id=group.id,
        detail=f"session {group_session.id}",
    )
    return saved


def reach_out_list(group: Group, now: datetime) -> list[tuple[Enrolment, str]]:
    """Participants a facilitator might gently get in touch with, and why."""
    today = now.astimezone(BRUSSELS).date()
    answer = []
    for enrolment in active_enrolments(group):
        marks = {a.session_id: a.status for a in enrolment.attendance}
        history = [
            (s.starts_at.astimezone(BRUSSELS).date(), marks.get(s.id))
            for s in group.sessions
            if s.position >= enrolment.first_position and s.starts_at <= now
        ]
        joined = enrolment.enrolled_at.astimezone(BRUSSELS).date()
        reason = rules.reach_out_reason(history, joined, today)
        if reason:
            answer.append((enrolment, reason))
    return answer


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


def session_window(group_session: GroupSession) -> tuple[datetime, datetime]:
    """A session's start and end instants."""
    return group_session.starts_at, group_session.starts_at + timedelta(
        minutes=group_session.duration_minutes
    )

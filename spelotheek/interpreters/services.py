"""Interpreter requests: asked for a meeting date, a group session or a handover, listed for
staff, marked arranged, deleted a week after their day. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.auth.models import User
from spelotheek.domain_errors import NotFound
from spelotheek.groups import services as groups
from spelotheek.groups.models import Enrolment, Group, GroupSession
from spelotheek.handovers import queries as handovers
from spelotheek.interpreters import rules
from spelotheek.interpreters.models import InterpreterRequest
from spelotheek.locations.models import Location
from spelotheek.meetups import timetable
from spelotheek.meetups.models import MeetupSeries


def _save(
    session: Session,
    request: InterpreterRequest,
    language: str | None,
    note: str | None,
    today: date,
) -> InterpreterRequest:
    request.language, request.note = rules.language(language), rules.note(note)
    rules.check_not_past(request.on_day, today)
    session.add(request)
    session.flush()
    return request


def ask_for_meetup(
    session: Session,
    actor_id: int | None,
    series_id: int,
    day: date,
    language: str | None,
    note: str | None,
    today: date,
) -> InterpreterRequest:
    """Staff ask for an interpreter at one open-meeting date."""
    listed = timetable.get_occurrence(session, series_id, day, today)
    if listed.occurrence.cancelled:
        raise rules.InterpreterRefused(_l("This date is cancelled."), code="cancelled")
    request = InterpreterRequest(
        meetup_series_id=series_id, on_day=listed.occurrence.original_day, asked_by="staff"
    )
    _save(session, request, language, note, today)
    _audit(session, "interpreter_asked", actor_id, request)
    return request


def ask_for_session(
    session: Session,
    actor_id: int | None,
    user: User,
    group_id: int,
    session_id: int,
    language: str | None,
    note: str | None,
    today: date,
) -> InterpreterRequest:
    """A facilitator (of this group) or a coordinator asks for an interpreter at a session."""
    group_session = groups.get_session_of(groups.get_group(session, user, group_id), session_id)
    request = InterpreterRequest(
        group_session_id=group_session.id,
        on_day=groups.session_day(group_session),
        asked_by="staff",
    )
    _save(session, request, language, note, today)
    _audit(session, "interpreter_asked", actor_id, request)
    return request


def ask_for_handover(
    session: Session,
    actor_id: int,
    handover_id: int,
    language: str | None,
    note: str | None,
    today: date,
) -> InterpreterRequest:
    """The worker who prepared a handover asks for an interpreter for it."""
    handover = handovers.sender_handover(session, actor_id, handover_id)
    request = InterpreterRequest(
        handover_id=handover.id, on_day=handover.together_on or today, asked_by="staff"
    )
    _save(session, request, language, note, today)
    _audit(session, "interpreter_asked", actor_id, request)
    return request


def family_asks_for_handover(
    session: Session,
    family_id: int,
    handover_id: int,
    language: str | None,
    note: str | None,
    today: date,
) -> InterpreterRequest:
    """A family asks for an interpreter for one of its own handovers."""
    handover = handovers.family_handover(session, family_id, handover_id)
    request = InterpreterRequest(
        handover_id=handover.id, on_day=handover.together_on or today, asked_by="family"
    )
    _save(session, request, language, note, today)
    audit.record_by_staff_or_family(
        session, "interpreter_asked", None, subject_type="interpreter_request",
        subject_id=request.id,
    )  # fmt: skip
    return request


def family_asks_for_session(
    session: Session,
    family_id: int,
    session_id: int,
    language: str | None,
    note: str | None,
    today: date,
) -> InterpreterRequest:
    """A family asks for an interpreter at a session of a group it is enrolled in."""
    group_session = session.scalar(
        select(GroupSession)
        .join(Enrolment, Enrolment.group_id == GroupSession.group_id)
        .where(
            GroupSession.id == session_id,
            Enrolment.family_id == family_id,
            Enrolment.withdrawn_at.is_(None),
        )
    )
    if group_session is None:
        raise NotFound(_l("We could not find this session."))
    request = InterpreterRequest(
        group_session_id=group_session.id,
        on_day=groups.session_day(group_session),
        asked_by="family",
    )
    _save(session, request, language, note, today)
    audit.record_by_staff_or_family(
        session, "interpreter_asked", None, subject_type="interpreter_request",
        subject_id=request.id,
    )  # fmt: skip
    return request


def _audit(
    session: Session, action: str, actor_id: int | None, request: InterpreterRequest
) -> None:
    audit.record(
        session,
        action,
        actor_id=actor_id,
        subject_type="interpreter_request",
        subject_id=request.id,
        detail=request.language,
    )


def arrange(session: Session, actor_id: int | None, request_id: int, now: datetime) -> None:
    """Staff mark a request arranged (the interpreter is booked)."""
    request = session.get(InterpreterRequest, request_id)
    if request is None:
        raise NotFound(_l("We could not find this request."))
    if request.arranged_at is None:
        request.arranged_at, request.arranged_by = now, actor_id
        session.flush()
    _audit(session, "interpreter_arranged", actor_id, request)


@dataclass(frozen=True)
class Listed:
    """A request as the staff list shows it: what it is for, in words and a link target."""

    request: InterpreterRequest
    kind: str  # meetup, session or handover
    title: str  # the meeting's title or the group session's place; '' for a handover
    series_id: int | None = None


def open_requests(session: Session, today: date) -> Sequence[Listed]:
    """Requests not yet arranged whose day is today or later, soonest first (3 queries)."""
    found = session.scalars(
        select(InterpreterRequest)
        .where(InterpreterRequest.arranged_at.is_(None), InterpreterRequest.on_day >= today)
        .order_by(InterpreterRequest.on_day, InterpreterRequest.id)
        .limit(200)
    ).all()
    titles = dict(
        session.execute(
            select(MeetupSeries.id, MeetupSeries.title).where(
                MeetupSeries.id.in_({r.meetup_series_id for r in found if r.meetup_series_id})
            )
        ).all()
    )
    places = dict(
        session.execute(
            select(GroupSession.id, Location.name)
            .join(Group, Group.id == GroupSession.group_id)
            .join(Location, Location.id == Group.location_id)
            .where(GroupSession.id.in_({r.group_session_id for r in found if r.group_session_id}))
        ).all()
    )
    listed = []
    for r in found:
        if r.meetup_series_id:
            listed.append(
                Listed(r, "meetup", titles.get(r.meetup_series_id, ""), r.meetup_series_id)
            )
        elif r.group_session_id:
            listed.append(Listed(r, "session", places.get(r.group_session_id, "")))
        else:
            listed.append(Listed(r, "handover", ""))
    return listed


def requests_for_meetup(
    session: Session, series_id: int, day: date
) -> Sequence[InterpreterRequest]:
    """The requests made for one meeting date."""
    return session.scalars(
        select(InterpreterRequest)
        .where(InterpreterRequest.meetup_series_id == series_id, InterpreterRequest.on_day == day)
        .order_by(InterpreterRequest.id)
    ).all()


def requests_for_session(session: Session, session_id: int) -> Sequence[InterpreterRequest]:
    """The requests made for one group session."""
    return session.scalars(
        select(InterpreterRequest)
        .where(InterpreterRequest.group_session_id == session_id)
        .order_by(InterpreterRequest.id)
    ).all()


def requests_for_handover(session: Session, handover_id: int) -> Sequence[InterpreterRequest]:
    """The requests made for one handover."""
    return session.scalars(
        select(InterpreterRequest)
        .where(InterpreterRequest.handover_id == handover_id)
        .order_by(InterpreterRequest.id)
    ).all()


def purge(session: Session, today: date) -> int:
    """Requests whose day is more than a week ago are deleted, arranged or not."""
    cutoff = today - timedelta(days=rules.KEPT_DAYS)
    result = session.execute(delete(InterpreterRequest).where(InterpreterRequest.on_day < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)

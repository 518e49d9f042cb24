"""What a participant sees: their group's schedule, the private calendar feed, shared names.

The feed lives at an unguessable URL; only a hash of its token is stored, so a database dump
cannot be turned into feed addresses. A new link replaces the old one; revoked links answer 404.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.groups.models import Enrolment, Group
from spelotheek.groups.participants import active_enrolments
from spelotheek.groups.services import session_window

TOKEN_BYTES = 32  # 256 bits from `secrets`


def token_hash(token: str) -> str:
    """The stored form of a feed token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _with_group():
    return (
        selectinload(Enrolment.group).selectinload(Group.sessions),
        selectinload(Enrolment.group).selectinload(Group.location),
    )


def family_enrolments(session: Session, family_id: int) -> Sequence[Enrolment]:
    """The family's current enrolments (consent standing), with their group's sessions."""
    return session.scalars(
        select(Enrolment)
        .where(Enrolment.family_id == family_id, Enrolment.withdrawn_at.is_(None))
        .options(*_with_group())
        .order_by(Enrolment.id)
    ).all()


def family_enrolment(session: Session, family_id: int, enrolment_id: int) -> Enrolment:
    """One of the family's own current enrolments; NotFound for anyone else's."""
    enrolment = next(
        (e for e in family_enrolments(session, family_id) if e.id == enrolment_id), None
    )
    if enrolment is None:
        raise NotFound(_("We could not find this group."))
    return enrolment


def new_feed_token(session: Session, enrolment: Enrolment) -> str:
    """Make a new private feed link (the old one stops working); the token is shown once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    enrolment.feed_token_hash = token_hash(token)
    session.flush()
    return token


def revoke_feed(session: Session, enrolment: Enrolment) -> None:
    """Stop the private feed link from working."""
    enrolment.feed_token_hash = None
    session.flush()


def enrolment_for_feed(session: Session, token: str) -> Enrolment:
    """The enrolment a feed token belongs to; NotFound when unknown, revoked or withdrawn."""
    enrolment = session.scalar(
        select(Enrolment)
        .where(Enrolment.feed_token_hash == token_hash(token))
        .options(*_with_group())
    )
    if enrolment is None or not enrolment.active:
        raise NotFound(_("We could not find this page."))
    return enrolment


def calendar(enrolment: Enrolment, now: datetime, language: str = "nl") -> bytes:
    """The participant's sessions as iCalendar (RFC 5545), in UTC instants, without names."""
    group = enrolment.group
    with force_locale(language):
        title = _("Pregnancy group")
        interpreter = _("An interpreter will be there.")
        cal = Calendar()
        cal.add("prodid", "-//Spelotheek//Pregnancy groups//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", title)
        place = f"{group.location.name}, {group.location.address}, {group.location.postcode} "
        place += group.location.city
        for group_session in group.sessions:
            if group_session.position < enrolment.first_position:
                continue
            starts, ends = session_window(group_session)
            event = Event()
            event.add("uid", f"group-session-{group_session.id}@spelotheek")
            event.add("dtstamp", now)
            event.add("dtstart", starts)
            event.add("dtend", ends)
            event.add(
                "summary", f"{title}: {group_session.theme}" if group_session.theme else title
            )
            event.add(
                "location", f"{place} ({group_session.room})" if group_session.room else place
            )
            if group_session.interpreter_needed:
                event.add("description", interpreter)
            cal.add_component(event)
    return cal.to_ical()


def shared_names(session: Session, enrolment: Enrolment, family_id: int) -> list[str]:
    """Display names of the other participants who agreed to share them; the view is audited."""
    group = session.scalars(
        select(Group)
        .where(Group.id == enrolment.group_id)
        .options(selectinload(Group.enrolments).selectinload(Enrolment.family))
    ).one()
    names = sorted(
        e.family.display_name
        for e in active_enrolments(group)
        if e.share_name and e.id != enrolment.id and e.family is not None
    )
    audit.record(
        session,
        "group_participants_viewed",
        actor_kind="family",
        subject_type="group",
        subject_id=group.id,
        detail=f"family {family_id}: portal",
    )
    return names

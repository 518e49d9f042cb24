"""Handovers change hands here: a worker prepares, the family approves, changes, refuses or
withdraws, the partner says what happened. Session in, flush, never commit; every step leaves an
event on the handover (codes only) and, for workers and partners, an audit row."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.auth.models import User
from spelotheek.auth.roles import Role
from spelotheek.families.models import Family
from spelotheek.groups.models import Enrolment, Group
from spelotheek.handovers import rules
from spelotheek.handovers.models import Handover, HandoverEvent
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.messages import texts
from spelotheek.messages.occasions import Occasion, queue_for
from spelotheek.network.models import Barrier, Service
from spelotheek.phones import readable_phone
from spelotheek.signals import barriers

# The form token a worker's page carries becomes the slip's code: a second submission of the
# same form finds the handover the first one made.
SLIP_CODE_LENGTH = 43


def new_slip_code() -> str:
    """A random, unguessable code for the slip's QR code (256 bits)."""
    return secrets.token_urlsafe(32)


def _event(handover: Handover, actor: str, kind: str, at: datetime, detail: str = "") -> None:
    handover.events.append(HandoverEvent(actor=actor, kind=kind, at=at, detail=detail[:300]))


def _tell_family(session: Session, family: Family, handover: Handover, now: datetime) -> None:
    """A short message that something waits (only with the family's opt-in); what, never."""
    key = f"handover_waiting:{handover.id}"
    queue_for(session, "handover_waiting", [Occasion(family, key, texts.handover_waiting)], now)


def may_prepare_for(session: Session, user: User, family_id: int) -> bool:
    """Staff and coordinators for any family; a facilitator for a family in one of its groups."""
    if user.role in (Role.STAFF, Role.COORDINATOR):
        return True
    if user.role != Role.FACILITATOR:
        return False
    found = session.scalar(
        select(Enrolment.id)
        .join(Group, Group.id == Enrolment.group_id)
        .where(
            Enrolment.family_id == family_id,
            Enrolment.withdrawn_at.is_(None),
            Group.facilitators.any(User.id == user.id),
        )
        .limit(1)
    )
    return found is not None


def active_service(session: Session, service_id: int | None) -> Service:
    """A service of the directory that takes handovers; NotFound otherwise."""
    service = session.get(Service, service_id) if service_id else None
    if service is None or service.status != "active":
        raise rules.HandoverRefused(_l("Please choose a service from the list."))
    return service


def prepare(
    session: Session,
    actor_id: int,
    family: Family,
    service_id: int,
    plan: rules.Plan,
    slip_code: str,
    now: datetime,
    expiry_days: int,
    today: date,
) -> tuple[Handover, bool]:
    """A new handover waiting for the family's decision, and True; or, for a form sent twice,
    the handover the first submission made, and False."""
    if len(slip_code) != SLIP_CODE_LENGTH:
        raise rules.HandoverRefused(_l("This form is too old. Please open it again."))
    existing = session.scalar(select(Handover).where(Handover.slip_code == slip_code))
    if existing is not None:
        if existing.prepared_by != actor_id or existing.family_id != family.id:
            raise rules.HandoverRefused(_l("This form is too old. Please open it again."))
        return existing, False
    service = active_service(session, service_id)
    kept = rules.check_plan(plan, today, has_phone=bool(family.phone))
    handover = Handover(
        slip_code=slip_code,
        family_id=family.id,
        service_id=service.id,
        organization_id=service.organization_id,
        prepared_by=actor_id,
        question=kept.question,
        note=kept.note,
        shares=list(kept.shares),
        warm_way=kept.warm_way,
        together_on=kept.together_on,
        meetup_series_id=kept.meetup_series_id,
        meetup_day=kept.meetup_day,
        call_time=kept.call_time,
        call_language=kept.call_language,
        interpreter=kept.interpreter,
        created_at=now,
        expires_at=rules.expires_at(now, expiry_days),
    )
    _event(handover, "worker", "prepared", now, ",".join(kept.shares))
    try:
        with session.begin_nested():  # two desks sending the same form at once: one wins
            session.add(handover)
            session.flush()
    except IntegrityError:
        found = session.scalar(select(Handover).where(Handover.slip_code == slip_code))
        if found is None or found.prepared_by != actor_id:  # pragma: no cover  (a race)
            raise
        return found, False
    audit.record(
        session,
        "handover_prepared",
        actor_id=actor_id,
        subject_type="handover",
        subject_id=handover.id,
        detail=f"service {service.id}",
    )
    _tell_family(session, family, handover, now)
    return handover, True


def expire_if_due(handover: Handover, now: datetime) -> bool:
    """Mark a waiting handover past its time as expired (checked on every read); True if so."""
    if not rules.is_expired(handover.decision, handover.expires_at, now):
        return False
    handover.decision = "expired"
    handover.closed_at = now
    _event(handover, "system", "expired", now)
    return True


def expire_waiting(session: Session, now: datetime) -> int:
    """Every waiting handover past its time expires (the job; safe to run again)."""
    due = session.scalars(
        select(Handover).where(Handover.decision == "waiting", Handover.expires_at <= now)
    ).all()
    for handover in due:
        expire_if_due(handover, now)
    session.flush()
    return len(due)


def family_facts(family: Family, handover: Handover, today: date) -> dict[str, object]:
    """Everything that could leave, read at the moment the family approves."""
    births = [(c.birth_year, c.birth_month) for c in family.children]
    return {
        "first_name": family.display_name,
        "phone": readable_phone(family.phone),
        "language": family.language or "",
        "children_ages": rules.children_ages(births, today),
        "question": handover.question,
        "note": handover.note,
    }


def _family_step(session: Session, handover: Handover, action: str, now: datetime) -> None:
    if expire_if_due(handover, now):
        rules.check_family_action(action, "expired")
    rules.check_family_action(action, handover.decision)
    audit.record(
        session,
        "handover_decided",
        actor_kind="family",
        subject_type="handover",
        subject_id=handover.id,
        detail=action,
        at=now,
    )


def approve(session: Session, family: Family, handover: Handover, now: datetime) -> None:
    """The family says yes: exactly the chosen fields' values are written for the partner."""
    _family_step(session, handover, "approve", now)
    today = now.astimezone(rules.BRUSSELS).date()
    handover.shared = rules.shared_values(handover.shares, family_facts(family, handover, today))
    handover.decision = "approved"
    handover.decided_at = now
    _event(handover, "family", "approved", now, ",".join(handover.shared))
    session.flush()


def change(
    session: Session, family: Family, handover: Handover, plan: rules.Plan, now: datetime
) -> None:
    """The family takes things away, rewrites the question or chooses another warm way; an
    approved handover's shared values are written again at once."""
    _family_step(session, handover, "change", now)
    if not rules.taken_away_only(handover.shares, plan.shares):
        raise rules.HandoverRefused(_l("You can only take things away from what is shared."))
    today = now.astimezone(rules.BRUSSELS).date()
    kept = rules.check_plan(plan, today, has_phone=bool(family.phone))
    changed = [
        name
        for name in ("question", "shares", "warm_way", "together_on", "meetup_day", "call_time")
        if getattr(handover, name)
        != (list(kept.shares) if name == "shares" else getattr(kept, name))
    ]
    handover.question, handover.shares, handover.warm_way = (
        kept.question,
        list(kept.shares),
        kept.warm_way,
    )
    handover.together_on = kept.together_on
    handover.meetup_series_id, handover.meetup_day = kept.meetup_series_id, kept.meetup_day
    handover.call_time, handover.call_language = kept.call_time, kept.call_language
    handover.interpreter = kept.interpreter
    if handover.decision == "approved":
        handover.shared = rules.shared_values(
            handover.shares, family_facts(family, handover, today)
        )
    _event(handover, "family", "changed", now, ",".join(changed))
    session.flush()


def refuse(session: Session, handover: Handover, now: datetime) -> None:
    """The family says no: nothing leaves, and the handover is closed."""
    _family_step(session, handover, "refuse", now)
    _close(handover, "refused", now)
    session.flush()


def withdraw(session: Session, handover: Handover, now: datetime) -> None:
    """The family takes its yes back: the partner no longer sees anything."""
    _family_step(session, handover, "withdraw", now)
    _close(handover, "withdrawn", now)
    session.flush()


def _close(handover: Handover, decision: str, now: datetime) -> None:
    handover.decision = decision
    handover.shared = None
    handover.decided_at = now
    handover.closed_at = now
    _event(handover, "family", decision, now)


def set_partner_status(
    session: Session,
    actor_id: int,
    handover: Handover,
    status: str,
    now: datetime,
    suggested_service_id: int | None = None,
) -> None:
    """The receiving partner says what happened; "not ours" may suggest another service."""
    rules.check_partner_status(handover.decision, handover.partner_status, status)
    suggested = None
    if status == "not_ours" and suggested_service_id:
        suggested = active_service(session, suggested_service_id)
        if suggested.id == handover.service_id:
            raise rules.HandoverRefused(_l("Please suggest another service than this one."))
    handover.partner_status = status
    handover.partner_status_at = now
    handover.suggested_service_id = suggested.id if suggested else None
    # A last word closes it for retention; a partner correcting itself opens it again.
    handover.closed_at = now if status in rules.FINAL_STATES else None
    _event(handover, "partner", f"status:{status}", now)
    audit.record(
        session,
        "handover_status",
        actor_id=actor_id,
        subject_type="handover",
        subject_id=handover.id,
        detail=status,
    )
    session.flush()


def pass_on(
    session: Session, actor_id: int, handover: Handover, now: datetime, expiry_days: int
) -> Handover:
    """A partner for whom the handover was not the right place prepares one to the service it
    suggested, with no more than the family shared with it; the family decides again."""
    if handover.partner_status != "not_ours" or handover.suggested_service_id is None:
        raise rules.HandoverRefused(_l("First say 'not our service' and suggest another one."))
    shared = handover.shared or {}
    if not shared.get("question"):  # the partner passes on only what it was told
        raise rules.HandoverRefused(
            _l("The family did not share its question with you. Ask the sender to hand over.")
        )
    shares = tuple(field for field in rules.SHAREABLE if field in shared)
    # The warm way the family agreed to goes along; it can change it before it says yes.
    plan = rules.Plan(
        question=str(shared["question"]),
        shares=shares,
        warm_way=handover.warm_way,
        together_on=handover.together_on,
        meetup_series_id=handover.meetup_series_id,
        meetup_day=handover.meetup_day,
        call_time=handover.call_time,
        call_language=handover.call_language,
        interpreter=handover.interpreter,
    )
    service = active_service(session, handover.suggested_service_id)
    kept = rules.check_plan(plan, now.astimezone(rules.BRUSSELS).date(), "phone" in shared)
    made = Handover(
        slip_code=new_slip_code(),
        family_id=handover.family_id,
        service_id=service.id,
        organization_id=service.organization_id,
        prepared_by=actor_id,
        question=kept.question,
        shares=list(kept.shares),
        warm_way=kept.warm_way,
        together_on=kept.together_on,
        meetup_series_id=kept.meetup_series_id,
        meetup_day=kept.meetup_day,
        call_time=kept.call_time,
        call_language=kept.call_language,
        interpreter=kept.interpreter,
        created_at=now,
        expires_at=rules.expires_at(now, expiry_days),
    )
    _event(made, "partner", "prepared", now, f"after {handover.id}")
    _event(handover, "partner", "passed_on", now)
    session.add(made)
    session.flush()
    audit.record(
        session,
        "handover_prepared",
        actor_id=actor_id,
        subject_type="handover",
        subject_id=made.id,
        detail=f"service {service.id}, after handover {handover.id}",
    )
    family = session.get(Family, made.family_id)
    if family is not None:
        _tell_family(session, family, made, now)
    return made


def note_barrier(
    session: Session, actor_id: int, handover: Handover, what: str, place: str, now: datetime
) -> Barrier:
    """An anonymous barrier from a handover that failed: no family, no handover, the day only."""
    if handover.partner_status not in rules.FAILED_STATES:
        raise rules.HandoverRefused(_l("A barrier can be noted when the handover failed."))
    what, place = what.strip(), place.strip()
    if not what or len(what) > 500 or len(place) > 160:
        raise rules.HandoverRefused(_l("Please say in a few words what blocked (at most 500)."))
    service = session.get(Service, handover.service_id) if handover.service_id else None
    # One way into the signals bundle: its own recorder (which audits), then the service.
    barrier = barriers.record_barrier(
        session,
        actor_id,
        service.domains[0].id if service and service.domains else None,
        what,
        place,
        now.astimezone(rules.BRUSSELS).date(),
        source="handover",
    )
    barrier.service_id = handover.service_id
    _event(handover, "worker", "barrier_noted", now)
    session.flush()
    return barrier


def viewed(session: Session, actor_id: int, handover_id: int | None, page: str) -> None:
    """A worker or partner looked at a handover (or at a list of them): the audit says so."""
    audit.record(
        session,
        "handover_viewed",
        actor_id=actor_id,
        subject_type="handover",
        subject_id=handover_id,
        detail=page,
    )

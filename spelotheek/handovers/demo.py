"""Demo handovers, loaded after the directory's demo (nothing when it has no services): the
first demo family has one the partner answered and one waiting for its answer; the
coordinator, the midwife and the partner each prepared one, so every page has an example."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.auth.models import User
from spelotheek.families.models import Family
from spelotheek.groups.models import Enrolment, Group
from spelotheek.handovers import rules, services
from spelotheek.handovers.models import Handover
from spelotheek.network.models import Service


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=rules.BRUSSELS)


def _plan(question: str, shares: tuple[str, ...], together_on: date) -> rules.Plan:
    return rules.Plan(
        question=question, shares=shares, warm_way="together", together_on=together_on
    )


def _account(session: Session, role: str) -> User | None:
    return session.scalar(select(User).where(User.role == role).order_by(User.id))


def _prepare(
    session: Session, worker: User, family: Family, service: Service, plan: rules.Plan, day: date
) -> Handover:
    handover, _made = services.prepare(
        session,
        worker.id,
        family,
        service.id,
        plan,
        services.new_slip_code(),
        _at(day, 10),
        30,
        day,
    )
    return handover


def load(session: Session, today: date) -> None:
    """The demo's handovers, if the directory, a staff account and a family are there."""
    staff, family = _account(session, "staff"), session.scalar(select(Family).order_by(Family.id))
    partner = _account(session, "partner")
    active = session.scalars(
        select(Service).where(Service.status == "active").order_by(Service.id)
    ).all()
    ours = [s for s in active if partner and s.organization_id == partner.organization_id]
    others = [s for s in active if s not in ours]
    if staff is None or family is None or not active:
        return
    target = (ours or active)[0]
    yesterday, soon = today - timedelta(days=1), today + timedelta(days=3)
    answered = _prepare(
        session,
        staff,
        family,
        target,
        _plan("Waar kan ik terecht voor hulp met de huur?", ("first_name", "question"), soon),
        yesterday,
    )
    services.approve(session, family, answered, _at(yesterday, 11))
    if partner is not None:
        services.set_partner_status(session, partner.id, answered, "received", _at(today, 9))
    _prepare(
        session,
        staff,
        family,
        (others or active)[-1],
        _plan("Ik wil iemand spreken over opvoeding.", ("first_name", "question"), today),
        today,
    )
    coordinator = _account(session, "coordinator")
    if coordinator is not None:
        passed = _prepare(
            session,
            coordinator,
            family,
            target,
            _plan("Hulp bij het invullen van papieren.", ("first_name", "question"), soon),
            yesterday,
        )
        services.approve(session, family, passed, _at(yesterday, 12))
        if partner is not None and others:
            at = _at(today, 9)
            services.set_partner_status(session, partner.id, passed, "not_ours", at, others[0].id)
            services.pass_on(session, partner.id, passed, at, 30)
    _facilitator_demo(session, active[0], today)


def _facilitator_demo(session: Session, service: Service, today: date) -> None:
    """The midwife hands over a family of her group."""
    midwife = _account(session, "facilitator")
    if midwife is None:
        return
    family = session.scalar(
        select(Family)
        .join(Enrolment, Enrolment.family_id == Family.id)
        .join(Group, Group.id == Enrolment.group_id)
        .where(Enrolment.withdrawn_at.is_(None), Group.facilitators.any(User.id == midwife.id))
        .order_by(Family.id)
        .limit(1)
    )
    if family is not None:
        plan = _plan("Waar vind ik een kinderarts?", ("first_name", "question"), today)
        _prepare(session, midwife, family, service, plan, today)

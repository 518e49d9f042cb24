"""Demo handovers for the demo family: one waiting for its answer, one the family approved and
the partner answered — only when the directory has services (its demo loads before this)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.auth.models import User
from spelotheek.families.models import Family
from spelotheek.handovers import rules, services
from spelotheek.network.models import Service


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=rules.BRUSSELS)


def load(session: Session, today: date) -> None:
    """Two handovers of the first demo family (the one with the demo card), if it can."""
    staff = session.scalar(select(User).where(User.role == "staff").order_by(User.id))
    family = session.scalar(select(Family).order_by(Family.id))
    partner = session.scalar(select(User).where(User.role == "partner").order_by(User.id))
    chosen = select(Service).where(Service.status == "active").order_by(Service.id)
    if partner is not None:
        chosen = chosen.where(Service.organization_id == partner.organization_id)
    found = session.scalars(chosen.limit(2)).all()
    if staff is None or family is None or not found:
        return
    yesterday = today - timedelta(days=1)
    answered, _made = services.prepare(
        session,
        staff.id,
        family,
        found[0].id,
        rules.Plan(
            question="Waar kan ik terecht voor hulp met de huur?",
            shares=("first_name", "children_ages", "question"),
            warm_way="together",
            together_on=today + timedelta(days=3),
        ),
        services.new_slip_code(),
        _at(yesterday, 10),
        30,
        yesterday,
    )
    services.approve(session, family, answered, _at(yesterday, 11))
    if partner is not None:
        services.set_partner_status(session, partner.id, answered, "received", _at(today, 9))
    services.prepare(
        session,
        staff.id,
        family,
        found[-1].id,
        rules.Plan(
            question="Ik wil graag iemand spreken over opvoeding.",
            shares=("first_name", "question"),
            warm_way="together",
            together_on=today + timedelta(days=7),
        ),
        services.new_slip_code(),
        _at(today, 9),
        30,
        today,
    )

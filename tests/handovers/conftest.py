"""Handover test data: a worker, a family with a phone and a child, a service to hand over to."""

from __future__ import annotations

from datetime import UTC, datetime

from spelotheek.families import services as family_services
from spelotheek.handovers import rules, services
from spelotheek.handovers.models import Handover
from tests.factories import make_family, make_service, make_user

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday
TODAY = NOW.date()


def call_plan(**fields: object) -> rules.Plan:
    """A plan where the partner calls, sharing first name, phone and the question."""
    values: dict[str, object] = {
        "question": "Ik zoek hulp met de huur.",
        "shares": ("first_name", "phone", "question"),
        "warm_way": "call",
        "call_time": "na 14 uur",
        "call_language": "tr",
    }
    values.update(fields)
    return rules.Plan(**values)  # type: ignore[arg-type]


def make_handover(
    db, family=None, service=None, worker=None, plan: rules.Plan | None = None, now=NOW
) -> Handover:
    """A waiting handover prepared by a staff member."""
    if family is None:
        family, _code = make_family(db, "Amira", phone="0470 11 22 33", language="tr")
        family_services.add_child(db, None, family, 2022, 3)
    service = service or make_service(db)
    worker = worker or make_user(db, role="staff")
    handover, made = services.prepare(
        db,
        worker.id,
        family,
        service.id,
        plan or call_plan(),
        services.new_slip_code(),
        now,
        30,
        now.date(),
    )
    assert made
    return handover

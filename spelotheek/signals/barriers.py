"""Barriers: recorded without the family, then grouped into a new or an existing signal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.network.models import Barrier, LifeDomain
from spelotheek.signals import rules, services
from spelotheek.signals.models import Signal

MAX_GROUPED = 500


def record_barrier(
    session: Session,
    actor_id: int | None,
    domain_id: int | None,
    what: str,
    place: str,
    today: date,
    source: str = "worker",
) -> Barrier:
    """A barrier a worker met: the domain, what blocked and where; only the day is kept."""
    if source not in rules.BARRIER_SOURCES:
        raise rules.SignalRefused(_l("Please choose where it comes from."), code="source")
    if domain_id is not None and session.get(LifeDomain, domain_id) is None:
        raise rules.SignalRefused(_l("Please choose a life domain from the list."), code="domain")
    barrier = Barrier(
        domain_id=domain_id,
        what=rules.check_text(what, rules.WHAT_MAX, _l("Please say in a few words what blocked.")),
        place=rules.check_text(place, rules.PLACE_MAX),
        source=source,
        noted_on=today,
    )
    session.add(barrier)
    session.flush()
    audit.record(
        session, "barrier_recorded", actor_id=actor_id, subject_type="barrier",
        subject_id=barrier.id,
    )  # fmt: skip
    return barrier


def group(
    session: Session,
    actor_id: int | None,
    barrier_ids: Sequence[int],
    today: date,
    now: datetime,
    signal_id: int | None = None,
    title: str = "",
) -> Signal:
    """Group ungrouped barriers into an existing signal (its count goes up) or a new one."""
    ids = sorted(set(barrier_ids))
    if not ids:
        raise rules.SignalRefused(_l("Please tick at least one barrier."), code="none_chosen")
    if len(ids) > MAX_GROUPED:
        raise rules.SignalRefused(_l("Please group fewer barriers at once."), code="too_many")
    found = session.scalars(
        select(Barrier).where(Barrier.id.in_(ids), Barrier.signal_id.is_(None))
    ).all()
    if len(found) != len(ids):
        raise rules.SignalRefused(
            _l("Some of these barriers were grouped already. Please look again."), code="grouped"
        )
    first = min(b.noted_on for b in found)
    if signal_id is not None:
        signal = services.get_signal(session, signal_id)
        services.count_again(session, actor_id, signal, now, more=len(found))
        signal.first_seen_on = min(signal.first_seen_on, first)
    else:
        domains = {b.domain_id for b in found}
        signal = services.create_signal(
            session,
            actor_id,
            title or found[0].what[: rules.TITLE_MAX],
            first,
            now,
            domain_id=domains.pop() if len(domains) == 1 else None,
            count=len(found),
        )
    for barrier in found:
        barrier.signal_id = signal.id
    session.flush()
    audit.record(
        session, "barriers_grouped", actor_id=actor_id, subject_type="signal",
        subject_id=signal.id, detail=str(len(found)),
    )  # fmt: skip
    return signal

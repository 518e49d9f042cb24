"""Holds: a family's place in the queue for a toy, and the copy kept for the first in line.

Session in, flush, never commit.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.families.models import Family
from spelotheek.loans import rules
from spelotheek.loans.models import Hold, Item, Toy
from spelotheek.loans.rules import LoanRefused
from spelotheek.loans.terms import get_policy, local_today, location_rules
from spelotheek.templating import BRUSSELS


def ready_hold_for_item(session: Session, item_id: int) -> Hold | None:
    """The hold this item is kept for, if any."""
    return session.scalar(select(Hold).where(Hold.item_id == item_id, Hold.status == "ready"))


def make_available(session: Session, item: Item, now: datetime) -> Hold | None:
    """The copy can go out again: the first waiting family's hold becomes ready, if any."""
    session.flush()
    first = session.scalar(
        select(Hold)
        .where(Hold.toy_id == item.toy_id, Hold.status == "waiting")
        .order_by(Hold.position, Hold.id)
        .limit(1)
        .with_for_update()
    )
    if first is None:
        item.state = "available"
        return None
    policy = get_policy(session)
    sessions, closures = location_rules(session, item.location_id, from_day=local_today(now))
    local_now = now.astimezone(BRUSSELS).replace(tzinfo=None)
    deadline = rules.pickup_deadline(local_now, sessions, closures, policy.pickup_sessions)
    item.state = "held"
    first.status, first.item_id, first.ready_at = "ready", item.id, now
    first.pickup_by = deadline.replace(tzinfo=BRUSSELS).astimezone(now.tzinfo) if deadline else None
    session.flush()
    return first


def place_hold(
    session: Session, actor_id: int | None, family: Family, toy_id: int, now: datetime
) -> Hold:
    """Put the family in the queue for a toy; a copy on the shelf is kept for it at once.

    Raises NotFound for an unknown toy, LoanRefused (already_waiting, no_copies).
    """
    toy = session.get(Toy, toy_id)
    if toy is None:
        raise NotFound(_l("We could not find this toy."), code="toy_not_found")
    existing = session.scalar(
        select(Hold.id).where(
            Hold.family_id == family.id,
            Hold.toy_id == toy_id,
            Hold.status.in_(rules.ACTIVE_HOLD_STATES),
        )
    )
    if existing is not None:
        raise LoanRefused(
            _l("You are already on the list for this toy."), code="already_waiting", status=409
        )
    lendable = session.scalar(
        select(func.count(Item.id)).where(Item.toy_id == toy_id, Item.state != "retired")
    )
    if not lendable:
        raise LoanRefused(_l("This toy cannot be reserved at the moment."), code="no_copies")
    position = (
        session.scalar(select(func.max(Hold.position)).where(Hold.toy_id == toy_id)) or 0
    ) + 1
    hold = Hold(toy_id=toy_id, family_id=family.id, position=position, created_at=now)
    try:
        with session.begin_nested():
            session.add(hold)
            session.flush()
    except IntegrityError:
        raise LoanRefused(
            _l("You are already on the list for this toy."), code="already_waiting", status=409
        ) from None
    shelf = session.scalar(
        select(Item)
        .where(Item.toy_id == toy_id, Item.state == "available")
        .order_by(Item.id)
        .limit(1)
        .with_for_update()
    )
    if shelf is not None:
        make_available(session, shelf, now)
    audit.record_by_staff_or_family(
        session,
        "hold_placed",
        actor_id,
        subject_type="toy",
        subject_id=toy_id,
    )
    session.flush()
    return hold


def cancel_hold(
    session: Session,
    actor_id: int | None,
    hold_id: int,
    now: datetime,
    reason: str = "",
    family_id: int | None = None,
) -> Hold:
    """End a hold (staff with a reason, or the family itself); a kept copy passes on."""
    hold = session.get(Hold, hold_id)
    if hold is None or (family_id is not None and hold.family_id != family_id):
        raise NotFound(_l("We could not find this reservation."))
    if hold.status not in rules.ACTIVE_HOLD_STATES:
        return hold
    if actor_id is not None and family_id is None and not reason.strip():
        raise LoanRefused(_l("Please give a reason."), code="reason_needed")
    item = hold.item if hold.status == "ready" else None
    hold.status, hold.closed_at, hold.item_id = "cancelled", now, None
    hold.cancel_reason = reason.strip()[:200] or None
    session.flush()
    if item is not None:
        make_available(session, item, now)
    audit.record(
        session, "hold_cancelled", actor_id=actor_id, subject_type="hold", subject_id=hold.id
    )
    session.flush()
    return hold


def move_hold(session: Session, actor_id: int | None, hold_id: int, direction: int) -> None:
    """Staff move a waiting hold one place up (-1) or down (+1) in its toy's queue."""
    hold = session.get(Hold, hold_id)
    if hold is None or hold.status != "waiting":
        raise NotFound(_l("We could not find this reservation."))
    queue = list(  # a list: reordered in place below
        session.scalars(
            select(Hold)
            .where(Hold.toy_id == hold.toy_id, Hold.status == "waiting")
            .order_by(Hold.position, Hold.id)
        )
    )
    index = queue.index(hold)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(queue):
        return
    queue[index], queue[other] = queue[other], queue[index]
    # Renumber from the current smallest position so the queue stays compact and ordered.
    base = min(h.position for h in queue)
    for offset, entry in enumerate(queue):
        entry.position = base + offset + 10_000  # clear first, then settle (no clashes mid-way)
    session.flush()
    for offset, entry in enumerate(queue):
        entry.position = base + offset
    audit.record(session, "hold_moved", actor_id=actor_id, subject_type="hold", subject_id=hold_id)
    session.flush()


def expire_holds(session: Session, now: datetime, toy_id: int | None = None) -> int:
    """Ready holds past their pickup deadline expire; their copy passes to the next family."""
    statement = select(Hold).where(Hold.status == "ready", Hold.pickup_by < now)
    if toy_id is not None:
        statement = statement.where(Hold.toy_id == toy_id)
    expired = session.scalars(statement.options(selectinload(Hold.item))).all()
    for hold in expired:
        item = hold.item
        hold.status, hold.closed_at, hold.item_id = "expired", now, None
        session.flush()
        if item is not None and item.state == "held":
            make_available(session, item, now)
    return len(expired)

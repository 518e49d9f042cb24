"""Lending, returning with a parts check, item states and renewing (holds and loan terms have
their own modules). Session in, flush, never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Date,
    Integer,
    Label,
    ScalarSelect,
    Select,
    Time,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.types import TypeEngine

from spelotheek import audit, typed
from spelotheek.domain_errors import NotFound
from spelotheek.loans import rules
from spelotheek.loans.holds import expire_holds, make_available, ready_hold_for_item
from spelotheek.loans.models import (
    FamilyLoanLimit,
    Hold,
    Item,
    Loan,
    LoanPolicy,
    MissingPart,
    Toy,
)
from spelotheek.loans.rules import LoanRefused, Policy
from spelotheek.loans.terms import (
    POLICY_FIELDS,
    get_policy,
    local_today,
    location_rows,
    location_rules,
    rules_from_rows,
)
from spelotheek.locations.rules import ClosedPeriod
from spelotheek.locations.rules import Session as OpeningSession


@cache
def _item_statement(lock: bool, with_parts: bool) -> Select[Item]:
    statement = select(Item).where(Item.label == bindparam("label"))
    if lock:
        statement = statement.with_for_update(of=Item)
    if with_parts:
        statement = statement.options(joinedload(Item.toy, innerjoin=True).selectinload(Toy.parts))
    return statement


def item_by_label(
    session: Session, label: str, lock: bool = False, with_parts: bool = True
) -> Item:
    """The item with this label (case and spaces ignored); NotFound otherwise.

    With `lock`, only the item's row is locked (FOR UPDATE OF items), not its toy's: two desks
    lending two copies of one toy do not wait for each other. `with_parts=False` loads the
    item alone (a lend needs no parts list).
    """
    item = session.scalar(_item_statement(lock, with_parts), {"label": normalise_label(label)})
    if item is None:
        raise NotFound(_l("We do not know this toy label."), code="item_not_found")
    return item


def normalise_label(text: str) -> str:
    """A label as stored: upper case, without spaces or dashes, any script's digits as ASCII."""
    return "".join(c for c in typed.code(text) if c.isalnum())[:20]


def open_loan_of(session: Session, item_id: int) -> Loan | None:
    """The item's open loan, if it is out."""
    return session.scalar(select(Loan).where(Loan.item_id == item_id, Loan.returned_at.is_(None)))


def open_loan_count(session: Session, family_id: int) -> int:
    """How many toys the family has at home now."""
    return session.execute(
        select(func.count(Loan.id)).where(Loan.family_id == family_id, Loan.returned_at.is_(None))
    ).scalar_one()


def _with_policy(*columns: Any, after: Sequence[Any] = ()) -> Select[*tuple[Any, ...]]:
    """A one-row select of the columns, then the loan policy's fields, then `after`.

    The policy row may not exist yet (then the defaults hold): it is outer-joined to a one-row
    select, so the row comes back either way, with None for every policy field.
    """
    dual = select(literal(1).label("one")).subquery()
    policy = (getattr(LoanPolicy, name) for name in POLICY_FIELDS)
    return select(*columns, *policy, *after).select_from(
        dual.outerjoin(LoanPolicy, LoanPolicy.id == 1)
    )


def _policy_from(row: Row[Any]) -> Policy:
    """The policy in a row made by _with_policy; no policy row stored yet: the defaults."""
    if row.loan_days is None:
        return Policy()
    return Policy(**{name: getattr(row, name) for name in POLICY_FIELDS})


@dataclass(frozen=True)
class LendFacts:
    """What a lend must know about the family, the copy, the policy and the opening days."""

    policy: Policy
    open_loans: int  # toys the family has at home now
    own_limit: int | None  # the family's own maximum; None: the policy's
    overdue_ready_holds: int  # ready holds for this toy past their pickup deadline
    ready_hold_id: int | None  # the hold this copy is kept for
    ready_hold_family_id: int | None
    waiting_hold_id: int | None  # this family's own waiting hold for the toy
    item_state: str  # read here, in the writing transaction: the item may have been read before
    item_note: str | None
    sessions: list[OpeningSession]  # the item's location, for the due date
    closures: list[ClosedPeriod]  # closures that end today or later


# Each row of the lend's one statement says what it carries: the facts, or one opening session
# or closure of the item's location.
FACTS, OPENING = 0, 1
OPENING_COLUMNS = ("weekday", "opens", "closes", "first_day", "last_day")
OPENING_TYPES: tuple[type[TypeEngine[Any]], ...] = (Integer, Time, Time, Date, Date)


def _facts_columns() -> dict[str, ColumnElement[Any]]:
    """The facts of LendFacts as columns, by name (the partial unique indexes keep each
    `first` to one row)."""
    family_id: BindParameter[int] = bindparam("family_id")
    item_id: BindParameter[int] = bindparam("item_id")
    toy_id: BindParameter[int] = bindparam("toy_id")
    now: BindParameter[datetime] = bindparam("now")

    def first(
        column: InstrumentedAttribute[Any], *where: ColumnElement[bool]
    ) -> ScalarSelect[Any]:
        return select(column).where(*where).limit(1).scalar_subquery()

    def count(
        column: InstrumentedAttribute[Any], *where: ColumnElement[bool]
    ) -> ScalarSelect[Any]:
        return select(func.count(column)).where(*where).scalar_subquery()

    kept_for_this_copy = (Hold.item_id == item_id, Hold.status == "ready")
    return {
        "open_loans": count(Loan.id, Loan.family_id == family_id, Loan.returned_at.is_(None)),
        "own_limit": first(FamilyLoanLimit.max_open_loans, FamilyLoanLimit.family_id == family_id),
        "overdue_ready_holds": count(
            Hold.id, Hold.toy_id == toy_id, Hold.status == "ready", Hold.pickup_by < now
        ),
        "ready_hold_id": first(Hold.id, *kept_for_this_copy),
        "ready_hold_family_id": first(Hold.family_id, *kept_for_this_copy),
        "waiting_hold_id": first(
            Hold.id, Hold.family_id == family_id, Hold.toy_id == toy_id, Hold.status == "waiting"
        ),
        "item_state": first(Item.state, Item.id == item_id),
        "item_note": first(Item.lendable_note, Item.id == item_id),
    }


@cache
def _lend_facts_statement(first_location: bool) -> CompoundSelect[*tuple[Any, ...]]:
    """The statement behind lend_facts, built once (building it cost more than running it).

    Why one statement for two kinds of rows: on SQLite every desk waits while one lends, so
    the writing transaction makes one round trip for all it must know. A UNION wants every row
    to have every column, typed alike (PostgreSQL checks), so a facts row has empty opening
    columns and an opening row has empty facts; the code reads each row by name.
    """
    facts = [column.label(name) for name, column in _facts_columns().items()]
    empty_opening: list[Label[Any]] = [
        cast(null(), type_).label(name)
        for name, type_ in zip(OPENING_COLUMNS, OPENING_TYPES, strict=True)
    ]
    kind = literal_column(str(FACTS), Integer).label("kind")
    facts_row = _with_policy(kind, *facts, after=empty_opening)
    facts_and_policy = facts_row.selected_columns[1 : -len(OPENING_COLUMNS)]
    empty_facts = [cast(null(), column.type) for column in facts_and_policy]
    opening_rows = location_rows(
        first_location, True, (literal_column(str(OPENING), Integer), *empty_facts)
    )
    return union_all(facts_row, *opening_rows)


def lend_facts(session: Session, family_id: int, item: Item, now: datetime) -> LendFacts:
    """Everything lend() checks, in one round trip: the desk waits on every statement."""
    rows = session.execute(
        _lend_facts_statement(item.location_id is None),
        {
            "family_id": family_id,
            "item_id": item.id,
            "toy_id": item.toy_id,
            "now": now,
            "location_id": item.location_id,
            "from_day": local_today(now),
        },
    ).all()
    (facts,) = (row for row in rows if row.kind == FACTS)
    opening = [row for row in rows if row.kind == OPENING]
    sessions, closures = rules_from_rows(
        [tuple(getattr(row, name) for name in OPENING_COLUMNS) for row in opening]
    )
    return LendFacts(
        policy=_policy_from(facts),
        open_loans=facts.open_loans,
        own_limit=facts.own_limit,
        overdue_ready_holds=facts.overdue_ready_holds,
        ready_hold_id=facts.ready_hold_id,
        ready_hold_family_id=facts.ready_hold_family_id,
        waiting_hold_id=facts.waiting_hold_id,
        item_state=facts.item_state,
        item_note=facts.item_note,
        sessions=sessions,
        closures=closures,
    )


@dataclass
class Lent:
    """A loan just made, with what the desk should know."""

    loan_id: int
    due_on: date
    hold: Hold | None = None
    note: str | None = None
    previous_state: str = "available"


def lend(session: Session, actor_id: int | None, family_id: int, item: Item, now: datetime) -> Lent:
    """Lend the item to the family, or raise LoanRefused saying why not.

    Raises LoanRefused with code item_on_loan (409), held_for_other, item_unavailable or
    limit_reached (422). The item may have been read before the writing transaction began:
    its state is read again with the other facts. Two desks lending one copy at the same
    moment both pass the checks only to meet the partial unique index on open loans: then the
    insert fails, this raises item_on_loan (409) and the caller's transaction() rolls back.
    """
    facts = lend_facts(session, family_id, item, now)
    if facts.overdue_ready_holds:  # rare: a kept copy was not picked up in time
        expire_holds(session, now, toy_id=item.toy_id)
        facts = lend_facts(session, family_id, item, now)
    # The copy as it is now (another desk may have changed it since the caller read it).
    set_committed_value(item, "state", facts.item_state)
    set_committed_value(item, "lendable_note", facts.item_note)
    policy = facts.policy
    kept_for = facts.ready_hold_family_id if facts.item_state == "held" else None
    state = facts.item_state
    if state == "incomplete" and facts.item_note:
        state = "incomplete_lendable"
    rules.check_lend(
        item_state=state,
        open_loans=facts.open_loans,
        limit=policy.max_open_loans if facts.own_limit is None else facts.own_limit,
        ready_hold_family_id=kept_for,
        family_id=family_id,
    )
    due_on = rules.due_date(local_today(now), policy.loan_days, facts.sessions, facts.closures)
    # The hold this copy was kept for, or else the family's own waiting hold for the toy:
    # taking any copy fulfils it.
    hold_id = facts.ready_hold_id if kept_for is not None else facts.waiting_hold_id
    hold = session.get(Hold, hold_id) if hold_id is not None else None
    if hold is not None:
        hold.status, hold.closed_at = "collected", now
    # Made before the insert: its message needs the visitor's language, and after a failed
    # statement the session can read nothing until the caller's transaction() has rolled back.
    on_loan = LoanRefused(
        _l("This toy is already lent out. It has to come back first."),
        code="item_on_loan",
        status=409,
    )
    loan = Loan(item_id=item.id, family_id=family_id, lent_at=now, due_on=due_on, lent_by=actor_id)
    session.add(loan)
    item.state = "on_loan"
    try:
        session.flush()  # the partial unique index on open loans refuses a second loan here
    except IntegrityError:
        raise on_loan from None
    audit.record(session, "loan_made", actor_id=actor_id, subject_type="item", subject_id=item.id)
    note = facts.item_note if facts.item_state == "incomplete" else None
    return Lent(loan.id, due_on, hold=hold, note=note, previous_state=facts.item_state)


@dataclass
class Returned:
    """A return just recorded."""

    loan: Loan
    missing: dict[int, int] = field(default_factory=dict)
    hold: Hold | None = None  # a hold that became ready because this copy came back
    previous_state: str = "on_loan"


@cache
def _return_facts_statement() -> Select[*tuple[Any, ...]]:
    """Pieces of this copy still missing from earlier loans, whether a family waits for the
    toy, and the policy: one statement, built once."""
    item_id: BindParameter[int] = bindparam("item_id")
    toy_id: BindParameter[int] = bindparam("toy_id")
    missing = (
        select(func.coalesce(func.sum(MissingPart.count), 0))
        .join(Loan, Loan.id == MissingPart.loan_id)
        .where(Loan.item_id == item_id, MissingPart.found_at.is_(None))
        .scalar_subquery()
    )
    waits = select(Hold.id).where(Hold.toy_id == toy_id, Hold.status == "waiting").exists()
    return _with_policy(missing.label("missing_pieces"), waits.label("someone_waits"))


def _return_facts(session: Session, item: Item) -> tuple[Policy, int, bool]:
    row = session.execute(
        _return_facts_statement(), {"item_id": item.id, "toy_id": item.toy_id}
    ).one()
    return _policy_from(row), row.missing_pieces, bool(row.someone_waits)


def return_item(
    session: Session,
    actor_id: int | None,
    item: Item,
    missing: dict[int, int],
    now: datetime,
) -> Returned:
    """Take an item back with its parts check: missing pieces make it incomplete.

    Raises NotFound (not_on_loan) when the item is not out, LoanRefused for a wrong parts check.
    """
    loan = open_loan_of(session, item.id)
    if loan is None:
        raise NotFound(_l("This toy is not lent out."), code="not_on_loan", status=409)
    expected = {p.id: p.expected_count for p in item.toy.parts}
    cleaned = rules.check_missing_parts(expected, missing)
    loan.returned_at, loan.returned_by = now, actor_id
    for part_id, count in cleaned.items():
        loan.missing.append(MissingPart(part_id=part_id, count=count))
    hold = None
    policy, missing_before, someone_waits = _return_facts(session, item)
    if cleaned:
        item.state, item.lendable_note = "incomplete", None  # staff decide again
    elif missing_before:
        item.state = "incomplete"  # lent with a note: pieces from before are still missing
    elif policy.clean_after_return:
        item.state = "cleaning"
    elif someone_waits:
        hold = make_available(session, item, now)
    else:
        item.state = "available"
    audit.record(
        session,
        "loan_returned",
        actor_id=actor_id,
        subject_type="item",
        subject_id=item.id,
        detail=f"missing_parts={sum(cleaned.values())}",
    )
    session.flush()
    return Returned(loan=loan, missing=cleaned, hold=hold)


def still_missing(session: Session, item_id: int) -> int:
    """How many pieces of this copy are missing and not found yet."""
    session.flush()
    return session.execute(
        select(func.coalesce(func.sum(MissingPart.count), 0))
        .join(Loan, Loan.id == MissingPart.loan_id)
        .where(Loan.item_id == item_id, MissingPart.found_at.is_(None))
    ).scalar_one()


def set_item_state(
    session: Session,
    actor_id: int | None,
    item: Item,
    state: str,
    now: datetime,
    lendable_note: str | None = None,
) -> None:
    """Staff move an item between states (not in or out of a loan: the desk does that)."""
    if state not in rules.ITEM_STATES or state in ("on_loan", "held"):
        raise LoanRefused(_l("This state cannot be chosen here."), code="invalid_state")
    if item.state in ("on_loan",):
        raise LoanRefused(_l("This toy is lent out. Take it back at the desk first."))
    if item.state == "held":
        hold = ready_hold_for_item(session, item.id)
        if hold is not None:  # the copy is no longer kept: the family waits again, first in line
            hold.status, hold.item_id, hold.pickup_by, hold.ready_at = "waiting", None, None, None
    if state == "incomplete":
        item.state, item.lendable_note = "incomplete", (lendable_note or "").strip()[:200] or None
    elif state == "available":
        item.lendable_note = None
        make_available(session, item, now)
    else:
        item.state, item.lendable_note = state, None
    audit.record(
        session,
        "item_state",
        actor_id=actor_id,
        subject_type="item",
        subject_id=item.id,
        detail=state,
    )
    session.flush()


def mark_found(
    session: Session,
    actor_id: int | None,
    missing_id: int,
    now: datetime,
    family_id: int | None = None,
) -> MissingPart:
    """Pieces turned up: record it; when nothing is missing any more, the item is restored.

    A family (family_id given) may report only its own loans and within the grace period.
    """
    row = session.scalar(
        select(MissingPart)
        .where(MissingPart.id == missing_id)
        .options(selectinload(MissingPart.loan).selectinload(Loan.item))
    )
    if row is None or (family_id is not None and row.loan.family_id != family_id):
        raise NotFound(_l("We could not find these pieces."))
    if row.found_at is not None:
        return row
    if family_id is not None:
        rules.check_found_report(
            local_today(row.loan.returned_at or now),
            local_today(now),
            get_policy(session).found_grace_days,
        )
    row.found_at = now
    session.flush()
    item = row.loan.item
    if not still_missing(session, item.id) and item.state == "incomplete":
        make_available(session, item, now)
    audit.record_by_staff_or_family(
        session,
        "missing_parts_found",
        actor_id,
        subject_type="item",
        subject_id=item.id,
    )
    session.flush()
    return row


def renew(
    session: Session, family_id: int, loan_id: int, now: datetime, actor_id: int | None = None
) -> Loan:
    """Give the family more time with a toy, or raise LoanRefused saying why not."""
    loan = session.scalar(
        select(Loan)
        .where(Loan.id == loan_id, Loan.family_id == family_id, Loan.returned_at.is_(None))
        .options(selectinload(Loan.item))
    )
    if loan is None:
        raise NotFound(_l("We could not find this loan."))
    policy = get_policy(session)
    waits = session.scalar(
        select(func.count(Hold.id)).where(Hold.toy_id == loan.item.toy_id, Hold.status == "waiting")
    )
    today = local_today(now)
    refused = rules.renewal_refusal(  # the same rule the family page uses to offer it
        renewals=loan.renewals,
        max_renewals=policy.max_renewals,
        someone_waits=bool(waits),
        due_on=loan.due_on,
        today=today,
        long_overdue_days=policy.long_overdue_days,
    )
    if refused is not None:
        raise refused
    sessions, closures = location_rules(session, loan.item.location_id, from_day=today)
    loan.due_on = rules.renewed_due_date(loan.due_on, today, policy.loan_days, sessions, closures)
    loan.renewals += 1
    audit.record_by_staff_or_family(
        session,
        "loan_renewed",
        actor_id,
        subject_type="loan",
        subject_id=loan.id,
    )
    session.flush()
    return loan

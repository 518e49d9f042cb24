"""What a lend and a return must know, each read in one statement (the desk waits on every one)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Date,
    Integer,
    Label,
    ScalarSelect,
    Select,
    String,
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
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased
from sqlalchemy.types import TypeEngine

from spelotheek.families.cards import CardKey, holder
from spelotheek.loans.models import FamilyLoanLimit, Hold, Item, Loan, LoanPolicy, MissingPart
from spelotheek.loans.rules import Policy
from spelotheek.loans.terms import (
    POLICY_FIELDS,
    local_today,
    location_given,
    location_rows,
    rules_from_rows,
)
from spelotheek.locations.rules import ClosedPeriod
from spelotheek.locations.rules import Session as OpeningSession


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


def _facts_columns(
    family_id: ColumnElement[int], item_id: ColumnElement[int], toy_id: ColumnElement[int]
) -> dict[str, ColumnElement[Any]]:
    """The facts of LendFacts as columns, by name, for the family, copy and toy given (the
    partial unique indexes keep each `first` to one row)."""
    now: BindParameter[datetime] = bindparam("now")

    def first(column: InstrumentedAttribute[Any], *where: ColumnElement[bool]) -> ScalarSelect[Any]:
        return select(column).where(*where).limit(1).scalar_subquery()

    def count(column: InstrumentedAttribute[Any], *where: ColumnElement[bool]) -> ScalarSelect[Any]:
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


def _facts_statement(
    facts_columns: dict[str, ColumnElement[Any]], location: ColumnElement[int]
) -> CompoundSelect[*tuple[Any, ...]]:
    """One row of facts, then the location's opening sessions and closures, in one statement.

    Why one statement for two kinds of rows: on SQLite every desk waits while one lends, so
    the writing transaction makes one round trip for all it must know. A UNION wants every row
    to have every column, typed alike (PostgreSQL checks), so a facts row has empty opening
    columns and an opening row has empty facts; the code reads each row by name.
    """
    facts = [column.label(name) for name, column in facts_columns.items()]
    empty_opening: list[Label[Any]] = [
        cast(null(), type_).label(name)
        for name, type_ in zip(OPENING_COLUMNS, OPENING_TYPES, strict=True)
    ]
    kind = literal_column(str(FACTS), Integer).label("kind")
    facts_row = _with_policy(kind, *facts, after=empty_opening)
    # Plain NULLs: the facts row types each column (PostgreSQL reads a union's types from all
    # its rows), and the statement stays under psycopg's 4,096 bytes, whose parse it then keeps.
    empty_facts = [null()] * (len(facts_row.selected_columns) - 1 - len(OPENING_COLUMNS))
    opening_rows = location_rows(
        location, True, (literal_column(str(OPENING), Integer), *empty_facts)
    )
    return union_all(facts_row, *opening_rows)


@cache
def _lend_facts_statement(first_location: bool) -> CompoundSelect[*tuple[Any, ...]]:
    """The statement behind lend_facts, built once (building it cost more than running it)."""
    columns = _facts_columns(bindparam("family_id"), bindparam("item_id"), bindparam("toy_id"))
    return _facts_statement(columns, location_given(first_location))


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
    return _lend_facts_from(rows)[1]


def _lend_facts_from(rows: Sequence[Row[Any]]) -> tuple[Row[Any], LendFacts]:
    """The facts row and the facts, from the rows of a statement made by _facts_statement."""
    (facts,) = (row for row in rows if row.kind == FACTS)
    opening = [row for row in rows if row.kind == OPENING]
    sessions, closures = rules_from_rows(
        [tuple(getattr(row, name) for name in OPENING_COLUMNS) for row in opening]
    )
    return facts, LendFacts(
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


@dataclass(frozen=True)
class Scanned:
    """The copy and the card's family that a lend by scan found (None: nothing found)."""

    item_id: int | None
    family_id: int | None
    card_status: str | None


@cache
def _scan_facts_statement(library_card: bool) -> CompoundSelect[*tuple[Any, ...]]:
    """lend_facts' statement that also finds the copy by its label and the family by its card
    (the key bound as `card_hash`): on PostgreSQL the desk's lend then costs three statements,
    not five."""
    # Found once (PostgreSQL keeps a CTE named more than once), then named in every fact.
    copy = (
        select(Item.id, Item.toy_id, Item.location_id)
        .where(Item.label == bindparam("label", type_=String))
        .cte("copy")
    )
    item_id, toy_id, copy_location = (
        select(column).scalar_subquery()
        for column in (copy.c.id, copy.c.toy_id, copy.c.location_id)
    )
    card = holder(library_card).cte("card")
    family_id, card_status = (
        select(column).scalar_subquery() for column in (card.c.family_id, card.c.status)
    )
    columns = _facts_columns(family_id, item_id, toy_id) | {
        "item_id": item_id,
        "family_id": family_id,
        "card_status": card_status,
    }
    location = func.coalesce(copy_location, location_given(True))
    return _facts_statement(columns, location)


def scan_facts(
    session: Session, card: CardKey, label: str, now: datetime
) -> tuple[Scanned, LendFacts]:
    """What the copy with this label and the scanned card are, with lend_facts' facts for
    them, in one round trip (the facts mean nothing when either was not found)."""
    rows = session.execute(
        _scan_facts_statement(card.library),
        {"label": label, "card_hash": card.hash, "now": now, "from_day": local_today(now)},
    ).all()
    row, facts = _lend_facts_from(rows)
    return Scanned(row.item_id, row.family_id, row.card_status), facts


@dataclass(frozen=True)
class ReturnFacts:
    """What a return must know besides the loan."""

    policy: Policy
    missing_pieces: int  # pieces of this copy still missing from earlier loans
    someone_waits: bool  # a family waits for the toy


def return_columns(item_id: BindParameter[int], toy_id: BindParameter[int]) -> list[Label[Any]]:
    """The return's facts as columns, for the statement that closes the loan to return them.

    Read by that statement, not by the one that locked the copy: PostgreSQL reads a statement's
    subqueries as they were when it began, and the locking one may have waited for an undo.
    """
    earlier = aliased(Loan)  # its own name: never tied to the loan being closed
    missing = (
        select(func.coalesce(func.sum(MissingPart.count), 0))
        .join(earlier, earlier.id == MissingPart.loan_id)
        .where(earlier.item_id == item_id, MissingPart.found_at.is_(None))
        .scalar_subquery()
    )
    waits = select(Hold.id).where(Hold.toy_id == toy_id, Hold.status == "waiting").exists()
    policy = (
        select(getattr(LoanPolicy, name)).where(LoanPolicy.id == 1).scalar_subquery().label(name)
        for name in POLICY_FIELDS
    )
    return [missing.label("missing_pieces"), waits.label("someone_waits"), *policy]


def return_facts_from(row: Row[Any]) -> ReturnFacts:
    """The facts in a row that carries return_columns (no policy row stored: the defaults)."""
    return ReturnFacts(_policy_from(row), row.missing_pieces, bool(row.someone_waits))

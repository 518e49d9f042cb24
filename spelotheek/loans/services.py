"""Lending, returning with a parts check, renewing, and finding a copy by its label."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BindParameter,
    Insert,
    Integer,
    Select,
    Update,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.dml import ReturningUpdate

from spelotheek import audit, typed
from spelotheek.db import write_together
from spelotheek.domain_errors import NotFound
from spelotheek.families.cards import CardKey, family_id_of
from spelotheek.loans import rules
from spelotheek.loans.facts import (
    LendFacts,
    ReturnFacts,
    lend_facts,
    return_columns,
    return_facts_from,
    scan_facts,
)
from spelotheek.loans.holds import expire_holds, make_available
from spelotheek.loans.models import Hold, Item, Loan, MissingPart, Toy
from spelotheek.loans.rules import LoanRefused
from spelotheek.loans.terms import get_policy, local_today, location_rules


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
        raise unknown_label()
    return item


def unknown_label() -> NotFound:
    """The refusal of a label that no copy has."""
    return NotFound(_l("We do not know this toy label."), code="item_not_found")


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
    facts = _facts_as_now(session, family_id, item, now)
    lent = _lend_with(session, actor_id, family_id, item.id, facts, now)
    set_committed_value(item, "state", "on_loan")
    return lent


def lend_scanned(
    session: Session, actor_id: int | None, card: CardKey, label: str, now: datetime
) -> tuple[Lent, str]:
    """Lend the copy with this label to the family of the scanned card: as lend(), with the
    copy and the card read in the facts' statement (a desk device's lend: three statements on
    PostgreSQL). Answers the loan and the label as stored.

    Raises NotFound (item_not_found) before CardNotFound or CardRevoked, then what lend()
    raises. The rare lend that must first release overdue kept copies goes through lend().
    """
    label = normalise_label(label)
    scanned, facts = scan_facts(session, card, label, now)
    if scanned.item_id is None:
        raise unknown_label()
    family_id = family_id_of(scanned.family_id, scanned.card_status)
    if facts.overdue_ready_holds:
        item = session.get_one(Item, scanned.item_id)
        return lend(session, actor_id, family_id, item, now), label
    return _lend_with(session, actor_id, family_id, scanned.item_id, facts, now), label


def _lend_with(
    session: Session,
    actor_id: int | None,
    family_id: int,
    item_id: int,
    facts: LendFacts,
    now: datetime,
) -> Lent:
    """Check the facts, collect the hold this lend fulfils, write the loan."""
    kept_for = facts.ready_hold_family_id if facts.item_state == "held" else None
    _check_lend(facts, family_id, kept_for)
    policy = facts.policy
    due_on = rules.due_date(local_today(now), policy.loan_days, facts.sessions, facts.closures)
    hold = _collect_hold(session, facts, kept_for, now)
    loan_id = _write_lend(session, actor_id, family_id, item_id, now, due_on)
    note = facts.item_note if facts.item_state == "incomplete" else None
    return Lent(loan_id, due_on, hold=hold, note=note, previous_state=facts.item_state)


def _facts_as_now(session: Session, family_id: int, item: Item, now: datetime) -> LendFacts:
    """The lend's facts, overdue kept copies released first; the item takes the state read."""
    facts = lend_facts(session, family_id, item, now)
    if facts.overdue_ready_holds:  # rare: a kept copy was not picked up in time
        expire_holds(session, now, toy_id=item.toy_id)
        facts = lend_facts(session, family_id, item, now)
    # The copy as it is now (another desk may have changed it since the caller read it).
    set_committed_value(item, "state", facts.item_state)
    set_committed_value(item, "lendable_note", facts.item_note)
    return facts


def _check_lend(facts: LendFacts, family_id: int, kept_for: int | None) -> None:
    """Raise LoanRefused when the rules refuse this lend."""
    state = facts.item_state
    if state == "incomplete" and facts.item_note:
        state = "incomplete_lendable"
    policy = facts.policy
    rules.check_lend(
        item_state=state,
        open_loans=facts.open_loans,
        limit=policy.max_open_loans if facts.own_limit is None else facts.own_limit,
        ready_hold_family_id=kept_for,
        family_id=family_id,
    )


def _collect_hold(
    session: Session, facts: LendFacts, kept_for: int | None, now: datetime
) -> Hold | None:
    """The hold this lend fulfils, marked collected: the one this copy was kept for, or else
    the family's own waiting hold for the toy (taking any copy fulfils it)."""
    hold_id = facts.ready_hold_id if kept_for is not None else facts.waiting_hold_id
    if hold_id is None:
        return None
    # Locked and read again: a return of another copy may be making this hold ready right now,
    # and the lend writes its change only at commit.
    hold = session.get(Hold, hold_id, with_for_update=True)
    if hold is None or hold.status not in ("ready", "waiting"):
        return None
    hold.status, hold.closed_at = "collected", now
    return hold


def _write_lend(
    session: Session,
    actor_id: int | None,
    family_id: int,
    item_id: int,
    now: datetime,
    due_on: date,
) -> int:
    """Write the loan, the copy's new state and the audit row; a second open loan of the copy
    raises item_on_loan (409)."""
    # Made before the insert: its message needs the visitor's language, and after a failed
    # statement the session can read nothing until the caller's transaction() has rolled back.
    on_loan = LoanRefused(
        _l("This toy is already lent out. It has to come back first."),
        code="item_on_loan",
        status=409,
    )
    # Plain statements sent together, not the unit of work: every lend runs them, and the ORM's
    # flush cost more Python than the statements themselves (issue 25's profile of the desk).
    params = {"item": item_id, "family": family_id, "now": now, "due": due_on, "actor": actor_id}
    try:  # the partial unique index on open loans refuses a second loan here
        (row,) = write_together(session, *_lend_writes(), params=params)
    except IntegrityError as error:
        if not _second_open_loan(error):
            raise  # another constraint: not the desk's "already lent out"
        raise on_loan from None
    return int(row.id)


def _second_open_loan(error: IntegrityError) -> bool:
    """Whether the database refused a second open loan of one copy (its partial unique index)."""
    diag = getattr(error.orig, "diag", None)  # psycopg: the broken constraint, by its name
    if diag is not None:
        return bool(diag.constraint_name == "uq_loans_one_open_per_item")
    # SQLite names only the column of the unique index it broke.
    return "UNIQUE constraint failed: loans.item_id" in str(error.orig)


@cache
def _lend_writes() -> tuple[Insert, Update, Insert]:
    """A lend's writes, built once: the loan (returning its id), the copy's state, audit."""
    # Built for each lend, these statements cost more to build than to run (issue 25).
    loans, items, item = Loan.__table__, Item.__table__, bindparam("item", type_=Integer)
    loan = insert(loans).values(
        item_id=item,
        family_id=bindparam("family"),
        lent_at=bindparam("now"),
        due_on=bindparam("due"),
        lent_by=bindparam("actor"),
        renewals=0,  # every column set here: see db.write_together
    )
    return (
        loan.returning(loans.c.id),
        update(items).where(items.c.id == item).values(state="on_loan"),
        audit.event(
            "loan_made",
            actor_id=bindparam("actor"),
            subject_type="item",
            subject_id=item,
            at=bindparam("now"),
        ),
    )


@cache
def _return_writes(changed: tuple[str, ...]) -> tuple[Insert, Update]:
    """A return's last writes, built once: audit, and the copy's `changed` fields."""
    items, item = Item.__table__, bindparam("item", type_=Integer)
    trace = audit.event(
        "loan_returned",
        actor_id=bindparam("actor"),
        subject_type="item",
        subject_id=item,
        detail=bindparam("detail"),
        at=bindparam("now"),
    )
    values: dict[str, BindParameter[Any]] = {name: bindparam(f"new_{name}") for name in changed}
    return trace, update(items).where(items.c.id == item).values(values)


@dataclass
class Returned:
    """A return just recorded."""

    loan_id: int
    missing: dict[int, int] = field(default_factory=dict)
    hold: Hold | None = None  # a hold that became ready because this copy came back
    previous_state: str = "on_loan"


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
    session.flush()  # the loan is closed by a plain UPDATE, which does not flush what is pending
    closed = _close_open_loan(session, item, actor_id, now)
    if closed is None:
        raise NotFound(_l("This toy is not lent out."), code="not_on_loan", status=409)
    loan_id, facts = closed
    # The parts list only matters when pieces are reported missing: most toys come back whole,
    # and the API then reads the copy without its toy's parts (one statement less per return).
    # A wrong parts check raises here, and the caller's transaction() undoes the closed loan.
    expected = {p.id: p.expected_count for p in item.toy.parts} if missing else {}
    cleaned = rules.check_missing_parts(expected, missing)
    session.add_all(
        MissingPart(loan_id=loan_id, part_id=part_id, count=count)
        for part_id, count in cleaned.items()
    )
    state = rules.state_after_return(
        bool(cleaned), facts.missing_pieces, facts.policy.clean_after_return, facts.someone_waits
    )
    trace, copy_state = _return_writes(tuple(state or ()))
    params = {
        "item": item.id,
        "actor": actor_id,
        "now": now,
        "detail": f"missing_parts={sum(cleaned.values())}",
        **{f"new_{name}": value for name, value in (state or {}).items()},
    }
    if state is None:  # a family waits: the copy is kept for the first one, if it may go out
        hold = make_available(session, item, now)
        session.execute(trace, params)
    else:
        hold = None
        write_together(session, trace, copy_state, params=params)
        for name, value in state.items():
            set_committed_value(item, name, value)
    session.flush()
    return Returned(loan_id=loan_id, missing=cleaned, hold=hold)


@cache
def _closing_statement(with_facts: bool) -> ReturningUpdate[Any]:
    """The UPDATE that closes a copy's open loan, returning its id (and the return's facts)."""
    loans = Loan.__table__
    statement = (
        update(loans)
        .where(loans.c.item_id == bindparam("item"), loans.c.returned_at.is_(None))
        .values(returned_at=bindparam("now"), returned_by=bindparam("actor"))
        .returning(loans.c.id)
    )
    if with_facts:
        statement = statement.returning(*return_columns(bindparam("item"), bindparam("toy")))
    return statement


@cache
def _facts_statement() -> Select[Any]:
    """The return's facts alone (SQLite: read after the loan is closed)."""
    return select(*return_columns(bindparam("item"), bindparam("toy")))


def _close_open_loan(
    session: Session, item: Item, actor_id: int | None, now: datetime
) -> tuple[int, ReturnFacts] | None:
    """Mark the copy's open loan returned: its id and the return's facts, or None when the copy
    is not out."""
    # One UPDATE … RETURNING instead of reading the loan, flushing it and reading the facts:
    # on PostgreSQL two statements and the unit of work's bookkeeping less on every return.
    values = {"item": item.id, "toy": item.toy_id, "now": now, "actor": actor_id}
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(_closing_statement(True), values).first()
        loan_id = None if row is None else row.id
    else:
        # SQLAlchemy writes SQLite's RETURNING without table names, which the subqueries need.
        # SQLite holds the write lock from BEGIN (IMMEDIATE): the next read is just as fresh.
        loan_id = session.scalar(_closing_statement(False), values)
        row = None if loan_id is None else session.execute(_facts_statement(), values).one()
    if loan_id is None or row is None:
        return None
    loaded = session.identity_map.get(session.identity_key(Loan, loan_id))
    if loaded is not None:  # the desk read it before: read again when next used
        session.expire(loaded)
    return int(loan_id), return_facts_from(row)


def renew(
    session: Session, family_id: int, loan_id: int, now: datetime, actor_id: int | None = None
) -> Loan:
    """Give the family more time with a toy, or raise LoanRefused saying why not."""
    loan = _open_loan_of_family(session, family_id, loan_id)
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


def _open_loan_of_family(session: Session, family_id: int, loan_id: int) -> Loan:
    """The family's open loan with this id; NotFound otherwise."""
    loan = session.scalar(
        select(Loan)
        .where(Loan.id == loan_id, Loan.family_id == family_id, Loan.returned_at.is_(None))
        .options(selectinload(Loan.item))
    )
    if loan is None:
        raise NotFound(_l("We could not find this loan."))
    return loan

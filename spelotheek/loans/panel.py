"""The desk's family panel: loans (late first), holds, children's ages and the card's lock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek.auth.rules import Limit
from spelotheek.domain_errors import NotFound
from spelotheek.families import cardlock
from spelotheek.families.models import Family
from spelotheek.loans import rules, terms
from spelotheek.loans.models import Hold, Item, Loan


@dataclass
class Panel:
    """What the desk shows about a family: name, loans, holds and children's ages only.

    Late toys come first; `late` gives their days late and `no_renewal` why a toy cannot get
    more time (a toy missing there can: the same rule as the renewal itself).
    """

    family: Family
    loans: list[Loan]
    ready_holds: list[Hold]
    waiting_holds: list[Hold]
    ages: list[int]
    limit: int
    limit_reason: str | None = None  # why the family has its own limit (None: the usual one)
    card_locked: bool = False  # many wrong PIN tries: the volunteer may unlock, card in hand
    late: dict[int, int] = field(default_factory=dict)
    no_renewal: dict[int, str] = field(default_factory=dict)


def _days_late(session: Session, loans: list[Loan], today: date) -> dict[int, int]:
    """Days late per loan id, each counted with its location's opening days and closures."""
    late: dict[int, int] = {}
    by_location: dict[int | None, tuple] = {}
    for loan in loans:
        if loan.due_on >= today:
            continue  # not late before the due date: no need to read the opening hours
        where = loan.item.location_id
        if where not in by_location:
            by_location[where] = terms.location_rules(session, where)
        days = rules.days_late(loan.due_on, today, *by_location[where])
        if days:
            late[loan.id] = days
    return late


def _no_renewal(
    loans: list[Loan], waited_for: set[int], today: date, policy: rules.Policy
) -> dict[int, str]:
    """Why each loan cannot be renewed now (loans that can are left out)."""
    reasons: dict[int, str] = {}
    for loan in loans:
        refused = rules.renewal_refusal(
            renewals=loan.renewals,
            max_renewals=policy.max_renewals,
            someone_waits=loan.id in waited_for,
            due_on=loan.due_on,
            today=today,
            long_overdue_days=policy.long_overdue_days,
        )
        if refused is not None:
            reasons[loan.id] = str(refused.message)
    return reasons


def family_panel(
    session: Session, family_id: int, today: date, card_limit: Limit | None = None
) -> Panel:
    """The family panel, in a fixed number of queries; with `card_limit`, the card's lock too."""
    family = session.scalar(
        select(Family).where(Family.id == family_id).options(selectinload(Family.children))
    )
    if family is None:
        raise NotFound(_l("We could not find this family."))
    # Whether another family waits for the toy comes with each loan (no query of its own).
    someone_waits = (
        select(Hold.id)
        .join(Item, Item.toy_id == Hold.toy_id)
        .where(Item.id == Loan.item_id, Hold.status == "waiting")
        .exists()
    )
    rows = session.execute(
        select(Loan, someone_waits)
        .where(Loan.family_id == family_id, Loan.returned_at.is_(None))
        .options(selectinload(Loan.item).selectinload(Item.toy))
        .order_by(Loan.due_on)
    ).all()
    loans = [loan for loan, _waits in rows]
    waited_for = {loan.id for loan, waits in rows if waits}
    holds = session.scalars(
        select(Hold)
        .where(Hold.family_id == family_id, Hold.status.in_(rules.ACTIVE_HOLD_STATES))
        .options(selectinload(Hold.toy), selectinload(Hold.item))
        .order_by(Hold.created_at)
    ).all()
    ages = [rules.age_in_months(c.birth_year, c.birth_month, today) for c in family.children]
    policy = terms.get_policy(session)
    own = terms.own_limit(session, family_id)
    late = _days_late(session, loans, today)
    return Panel(
        family=family,
        loans=sorted(loans, key=lambda loan: (loan.id not in late, loan.due_on)),
        ready_holds=[h for h in holds if h.status == "ready"],
        waiting_holds=[h for h in holds if h.status == "waiting"],
        ages=sorted(a for a in ages if a >= 0),
        limit=own.max_open_loans if own else policy.max_open_loans,
        limit_reason=own.reason if own else None,
        card_locked=bool(card_limit and cardlock.many_wrong_tries(session, family, card_limit)),
        late=late,
        no_renewal=_no_renewal(loans, waited_for, today, policy),
    )

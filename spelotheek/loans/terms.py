"""Loan terms: the policy, a family's own limit, and the opening rules due dates follow.

Session in, flush, never commit.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Integer,
    Select,
    Time,
    bindparam,
    cast,
    func,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.domain_errors import DomainError
from spelotheek.loans.models import FamilyLoanLimit, LoanPolicy
from spelotheek.loans.rules import Policy
from spelotheek.locations.models import Closure, Location, OpeningHours
from spelotheek.locations.rules import ClosedPeriod
from spelotheek.locations.rules import Session as OpeningSession
from spelotheek.templating import BRUSSELS

POLICY_FIELDS = tuple(Policy.__dataclass_fields__)


def local_today(now: datetime) -> date:
    """The Brussels calendar day of a UTC instant."""
    return now.astimezone(BRUSSELS).date()


def get_policy(session: Session) -> Policy:
    """The loan policy the coordinator set, or the defaults."""
    row = session.get(LoanPolicy, 1)
    if row is None:
        return Policy()
    return Policy(**{name: getattr(row, name) for name in POLICY_FIELDS})


def set_policy(session: Session, actor_id: int | None, values: dict[str, object]) -> Policy:
    """Change the loan policy (the form validated the ranges; the database checks them too)."""
    row = session.get(LoanPolicy, 1) or LoanPolicy(id=1)
    for name in POLICY_FIELDS:
        if name in values:
            setattr(row, name, values[name])
    session.add(row)
    audit.record(session, "loan_policy_changed", actor_id=actor_id, subject_type="loan_policy")
    session.flush()
    return get_policy(session)


REASON_MAX = 200  # the family reads it on its own page: a sentence, not a file
# The reason the migration gave limits set before a reason was asked (0023_promises).
EARLIER_REASON = "set earlier"
EARLIER_REASON_SHOWN = _l("This was agreed with you earlier. Ask us if you want to know more.")


def own_limit(session: Session, family_id: int) -> FamilyLoanLimit | None:
    """The family's own limit with its reason, or None when the policy's number holds."""
    return session.get(FamilyLoanLimit, family_id)


def family_limit(session: Session, family_id: int, policy: Policy) -> int:
    """How many toys this family may have at home at once."""
    override = own_limit(session, family_id)
    return override.max_open_loans if override else policy.max_open_loans


def shown_reason(reason: str) -> str:
    """The reason as the family reads it (limits from before reasons were asked say so)."""
    return str(EARLIER_REASON_SHOWN) if reason == EARLIER_REASON else reason


def set_family_limit(
    session: Session,
    actor_id: int | None,
    family_id: int,
    limit: int | None,
    reason: str = "",
    *,
    now: datetime,
) -> None:
    """Give one family its own maximum with the reason it is shown (None goes back to the
    policy's number; no reason is needed for that).

    Raises DomainError when a limit comes without a reason or with a reason that is too long.
    """
    reason = " ".join(reason.split())
    row = own_limit(session, family_id)
    if limit is None:
        if row is not None:
            session.delete(row)
    else:
        if not reason:
            raise DomainError(
                _l("Please write why. The family sees this reason."), code="reason_needed"
            )
        if len(reason) > REASON_MAX:
            raise DomainError(
                _l("Please keep the reason under %(n)d characters.", n=REASON_MAX),
                code="invalid_field",
            )
        if row is None:
            session.add(
                FamilyLoanLimit(
                    family_id=family_id, max_open_loans=limit, reason=reason, set_at=now
                )
            )
        else:
            row.max_open_loans, row.reason, row.set_at = limit, reason, now
    audit.record(
        session,
        "family_loan_limit_set",
        actor_id=actor_id,
        subject_type="family",
        subject_id=family_id,
        detail=f"limit {limit}" if limit is not None else "usual limit",
    )
    session.flush()


def location_given(first_location: bool) -> ColumnElement[int]:
    """The location of a statement: the first one, or the one bound as `location_id`."""
    if first_location:  # where a copy without a location of its own is lent
        return select(func.min(Location.id)).scalar_subquery()
    return bindparam("location_id", type_=Integer)


def location_rows(location: ColumnElement[int], from_day: bool, lead: tuple = ()) -> list[Select]:
    """Selects of a location's opening hours and closures, each row (*lead, weekday, opens,
    closes, first_day, last_day): sessions have a weekday, closures a first day."""
    no_day, no_number, no_time = cast(null(), Date), cast(null(), Integer), cast(null(), Time)
    hours = select(
        *lead, OpeningHours.weekday, OpeningHours.opens, OpeningHours.closes, no_day, no_day
    ).where(OpeningHours.location_id == location)
    closed = select(*lead, no_number, no_time, no_time, Closure.first_day, Closure.last_day).where(
        Closure.location_id == location
    )
    if from_day:
        closed = closed.where(Closure.last_day >= bindparam("from_day", type_=Date))
    return [hours, closed]


def rules_from_rows(rows) -> tuple[list[OpeningSession], list[ClosedPeriod]]:
    """Opening sessions and closures from rows made by location_rows, each in order."""
    sessions = [OpeningSession(w, o, c) for w, o, c, _f, _l in rows if w is not None]
    closures = [ClosedPeriod(f, last) for w, _o, _c, f, last in rows if w is None]
    return (
        sorted(sessions, key=lambda s: (s.weekday, s.opens)),
        sorted(closures, key=lambda c: c.first_day),
    )


@cache
def _location_rules_statement(first_location: bool, from_day: bool) -> CompoundSelect:
    """Opening hours and closures of one location in one statement (built once)."""
    return union_all(*location_rows(location_given(first_location), from_day))


def location_rules(
    session: Session, location_id: int | None, from_day: date | None = None
) -> tuple[list[OpeningSession], list[ClosedPeriod]]:
    """Opening sessions and closures of a location (the first location when none is given).

    With `from_day`, closures that ended before that day are left out: a due date or a pickup
    deadline lies ahead, and years of past holidays would only cost time.
    """
    rows = session.execute(
        _location_rules_statement(location_id is None, from_day is not None),
        {"location_id": location_id, "from_day": from_day},
    ).all()
    return rules_from_rows(rows)

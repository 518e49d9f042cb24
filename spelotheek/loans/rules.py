"""Loan rules: pure functions (no clock, no database, no Flask). Today and now come in.

Every refusal is a LoanRefused with a message a parent understands and a machine code.
There are no fines and no deposits anywhere in these rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from spelotheek import typed
from spelotheek.domain_errors import DomainError
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.locations.rules import ClosedPeriod, Session, is_open_day, next_open_day

ITEM_STATES = ("available", "on_loan", "held", "incomplete", "cleaning", "repair", "retired")
HOLD_STATES = ("waiting", "ready", "collected", "expired", "cancelled")
ACTIVE_HOLD_STATES = ("waiting", "ready")
LABEL_PREFIX, LABEL_LENGTH = "SP", 8  # every copy's label: 'SP' and 6 random characters
AREAS = ("motor", "language", "social", "pretend", "puzzles", "board_games", "senses", "music")


class LoanRefused(DomainError):
    """The desk or the family cannot do this now; the message says why and what to do."""

    code = "refused"
    status = 422


@dataclass(frozen=True)
class Policy:
    """The coordinator's loan policy (defaults as agreed with the team)."""

    loan_days: int = 21
    max_open_loans: int = 3
    max_renewals: int = 2
    long_overdue_days: int = 14
    found_grace_days: int = 7
    pickup_sessions: int = 2
    clean_after_return: bool = False


def due_date(
    lent_on: date, loan_days: int, sessions: Sequence[Session], closures: Sequence[ClosedPeriod]
) -> date:
    """The due date: the loan period later, moved to the location's next opening day."""
    target = lent_on + timedelta(days=loan_days)
    if not sessions:
        return target  # a location without opening hours: nothing to move to
    return next_open_day(target, sessions, closures) or target


def overdue_since(
    due_on: date, sessions: Sequence[Session], closures: Sequence[ClosedPeriod]
) -> date:
    """The first day a loan counts as late: the day after the first opening day from due_on.

    A closure added after the loan was made (a sick day, a holiday) moves this on, so a family
    is never late for a day the doors were shut.
    """
    if not sessions:
        return due_on + timedelta(days=1)
    last_chance = next_open_day(due_on, sessions, closures) or due_on
    return last_chance + timedelta(days=1)


def is_overdue(
    due_on: date, today: date, sessions: Sequence[Session], closures: Sequence[ClosedPeriod]
) -> bool:
    """True when the family had an opening day to bring the toy back and that day has passed."""
    return today >= overdue_since(due_on, sessions, closures)


def days_late(
    due_on: date, today: date, sessions: Sequence[Session], closures: Sequence[ClosedPeriod]
) -> int:
    """How many days late a loan is (0 when it is not late)."""
    since = overdue_since(due_on, sessions, closures)
    return max((today - since).days + 1, 0)


def check_lend(
    *,
    item_state: str,
    open_loans: int,
    limit: int,
    ready_hold_family_id: int | None,
    family_id: int,
) -> None:
    """Refuse lending this item to this family, with the reason; return quietly when it may go.

    An incomplete item may go out only when staff marked it lendable (the caller passes the
    state 'incomplete_lendable' for that case).
    """
    if item_state == "on_loan":
        raise LoanRefused(
            _l("This toy is already lent out. It has to come back first."),
            code="item_on_loan",
            status=409,
        )
    if item_state == "held" and ready_hold_family_id not in (None, family_id):
        raise LoanRefused(
            _l("This toy is kept for another family. Please put it aside for them."),
            code="held_for_other",
        )
    unavailable = {
        "incomplete": _l("Pieces are missing from this toy. Staff will check it first."),
        "cleaning": _l("This toy is being cleaned. It cannot go out yet."),
        "repair": _l("This toy is being repaired. It cannot go out yet."),
        "retired": _l("This toy is no longer lent out."),
    }
    if item_state in unavailable:
        raise LoanRefused(unavailable[item_state], code="item_unavailable")
    if item_state not in ("available", "held", "incomplete_lendable"):
        raise LoanRefused(_l("This toy cannot go out now."), code="item_unavailable")
    if open_loans >= limit:
        raise LoanRefused(
            _l(
                "This family already has %(count)d toys at home. Bring one back to take a new one.",
                count=open_loans,
            ),
            code="limit_reached",
        )


def check_renewal(
    *,
    renewals: int,
    max_renewals: int,
    someone_waits: bool,
    due_on: date,
    today: date,
    long_overdue_days: int,
) -> None:
    """Refuse a renewal with the reason, or return quietly when it may be renewed."""
    if someone_waits:
        raise LoanRefused(
            _l("Another family is waiting for this toy. Please bring it back by the due date."),
            code="someone_waits",
        )
    if renewals >= max_renewals:
        raise LoanRefused(
            _l(
                "This toy was already renewed %(count)d times. Please bring it back.",
                count=renewals,
            ),
            code="renewals_used",
        )
    if (today - due_on).days > long_overdue_days:
        raise LoanRefused(
            _l("This toy has been at home for a long time. Please bring it to the desk."),
            code="long_overdue",
        )


def renewal_refusal(
    *,
    renewals: int,
    max_renewals: int,
    someone_waits: bool,
    due_on: date,
    today: date,
    long_overdue_days: int,
) -> LoanRefused | None:
    """Why a renewal would be refused, or None when it would be given (the same rule decides)."""
    try:
        check_renewal(
            renewals=renewals,
            max_renewals=max_renewals,
            someone_waits=someone_waits,
            due_on=due_on,
            today=today,
            long_overdue_days=long_overdue_days,
        )
    except LoanRefused as refused:
        return refused
    return None


def renewed_due_date(
    due_on: date,
    today: date,
    loan_days: int,
    sessions: Sequence[Session],
    closures: Sequence[ClosedPeriod],
) -> date:
    """The new due date: a loan period from the later of the due date and today."""
    return due_date(max(due_on, today), loan_days, sessions, closures)


def pickup_deadline(
    moment: datetime,
    sessions: Sequence[Session],
    closures: Sequence[ClosedPeriod],
    count: int = 2,
    horizon: int = 366,
) -> datetime | None:
    """The end of the `count`-th opening session that has not ended at this local moment.

    A session going on now counts as the first. Times are local (naive); None when the
    location has no sessions within the horizon.
    """
    seen = 0
    for offset in range(horizon):
        day = moment.date() + timedelta(days=offset)
        if not is_open_day(day, sessions, closures):
            continue
        for s in sorted((s for s in sessions if s.weekday == day.weekday()), key=lambda s: s.opens):
            end = datetime.combine(day, s.closes)
            if end > moment:
                seen += 1
                if seen == count:
                    return end
    return None


def age_in_months(birth_year: int, birth_month: int, today: date) -> int:
    """A child's age in whole months (negative before birth), from birth year and month."""
    return (today.year - birth_year) * 12 + today.month - birth_month


def fits_age(min_months: int, max_months: int, age_months: int) -> bool:
    """True when a toy's age range includes this age."""
    return min_months <= age_months <= max_months


def years_to_months(years: int) -> tuple[int, int]:
    """The months of 'a child of N years': from N×12 to N×12 + 11."""
    return years * 12, years * 12 + 11


def check_missing_parts(expected: Mapping[int, int], missing: Mapping[int, int]) -> dict[int, int]:
    """The missing counts that matter (count > 0), refusing unknown parts or impossible counts."""
    cleaned: dict[int, int] = {}
    for part_id, count in missing.items():
        if part_id not in expected:
            raise LoanRefused(_l("This part is not on the toy's parts list."), code="unknown_part")
        if count < 0 or count > expected[part_id]:
            raise LoanRefused(
                _l("Missing pieces must be between 0 and %(most)d.", most=expected[part_id]),
                code="invalid_count",
            )
        if count:
            cleaned[part_id] = count
    return cleaned


COUNT_DIGITS = 4  # no toy has 10,000 pieces of one kind: more characters are a scan
PARTS_CHECK_REFUSALS = ("invalid_count", "unknown_part", "scan_in_count")  # the check stays open


def state_after_return(
    pieces_missing: bool, missing_before: int, clean_after_return: bool, someone_waits: bool
) -> dict[str, str | None] | None:
    """The copy's state (and note) after its return; None when a waiting family decides it."""
    if pieces_missing:
        return {"state": "incomplete", "lendable_note": None}  # staff decide again
    if missing_before:
        return {"state": "incomplete"}  # lent with a note: pieces from before still missing
    if clean_after_return:
        return {"state": "cleaning"}
    if someone_waits:
        return None
    return {"state": "available"}


def parse_missing_count(text: str) -> int:
    """A typed number of missing pieces (empty: none); a scan that landed here is refused aloud.

    A handheld scanner types into whatever has the focus: its label or card code must never
    vanish into a count, nor be read as one.
    """
    value = text.strip()
    if not value:
        return 0
    if value.isdecimal() and len(value) <= COUNT_DIGITS:
        return int(value)
    if sum(c.isalnum() for c in value) > COUNT_DIGITS:
        raise LoanRefused(
            _l(
                "That was a scan, not a number of missing pieces. Nothing was taken back or "
                "lent: finish the pieces check first, then scan again."
            ),
            code="scan_in_count",
        )
    raise LoanRefused(
        _l("Type how many pieces are missing as a number, or leave it empty."),
        code="invalid_count",
    )


def check_found_report(returned_on: date, today: date, grace_days: int) -> None:
    """A family may report found pieces within the grace period after the return."""
    if (today - returned_on).days > grace_days:
        raise LoanRefused(
            _l("Please bring the pieces to the desk. We will be happy to take them."),
            code="grace_over",
        )


def looks_like_label(text: str) -> bool:
    """True when the text has the shape of one of our toy labels (as a scanner reads it)."""
    code = "".join(c for c in text.upper() if c.isalnum())
    return len(code) == LABEL_LENGTH and code.startswith(LABEL_PREFIX)


def is_repeat(last_at: datetime | None, now: datetime, seconds: float) -> bool:
    """True when the same scan came within `seconds`: a double scan, not a new action."""
    return last_at is not None and timedelta(0) <= now - last_at <= timedelta(seconds=seconds)


def can_undo(action_at: datetime, now: datetime, minutes: int = 15) -> bool:
    """The desk may undo its last action for a short while only."""
    return now - action_at <= timedelta(minutes=minutes)


def parse_parts(text: str) -> list[tuple[str, int]]:
    """Parts from lines like '12 wooden blocks' or 'board' (count 1); refuses repeated parts."""
    parts: list[tuple[str, int]] = []
    seen: set[str] = set()
    for raw in text.replace(";", "\n").splitlines():
        line = raw.strip()
        if not line:
            continue
        head, _, rest = line.partition(" ")
        head = head.rstrip("x×")
        try:
            count = typed.number(head) if rest.strip() else None
        except ValueError:  # not a number, or one with more digits than any count
            count = 0 if typed.fold(head).isdigit() else None
        if count is not None:
            description = rest.strip().lstrip("x× ").strip()
        else:
            count, description = 1, line
        if not 1 <= count <= 9999 or len(description) > 120:
            raise LoanRefused(_l("Check the parts list: %(line)s", line=line), code="invalid_parts")
        if description.lower() in seen:
            raise LoanRefused(
                _l("This part is on the list twice: %(line)s", line=description),
                code="invalid_parts",
            )
        seen.add(description.lower())
        parts.append((description, count))
    return parts

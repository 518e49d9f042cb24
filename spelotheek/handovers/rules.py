"""Warm handovers as pure rules: who may do what when, what leaves, when it expires and when a
silent partner is flagged. No clock, no Flask, no database.

    waiting ──► approved ──► withdrawn        (the family; "change" keeps the decision)
       ├──────► refused
       └──────► expired                       (nobody decided in time)

The partner's status (received, contacted, met, unreachable, not_ours) exists only once the
family approved; what the partner sees is `shared`, written at approval, and nothing else.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.lazytext import lazy_gettext as _l

# What the family decides.
DECISIONS = ("waiting", "approved", "refused", "withdrawn", "expired")
# What the receiving partner says happened.
PARTNER_STATES = ("received", "contacted", "met", "unreachable", "not_ours")
# How the handover is warm rather than a form.
WARM_WAYS = ("together", "meeting", "call")
# What a worker may offer to share; nothing else ever leaves.
SHAREABLE = ("first_name", "phone", "language", "children_ages", "question", "note")
BRUSSELS = ZoneInfo("Europe/Brussels")
TEXT_MAX = 2000
CALL_TIME_MAX = 120
REACTION_WORKING_DAYS = 5
# The partner's last word: the handover is closed for retention from then on.
FINAL_STATES = frozenset({"met", "unreachable", "not_ours"})
# The handover did not lead where it should: the sender may note an anonymous barrier.
FAILED_STATES = frozenset({"unreachable", "not_ours"})
CLOSED_DECISIONS = frozenset({"refused", "withdrawn", "expired"})

# Which decisions each of the family's actions starts from.
FAMILY_ACTIONS: Mapping[str, frozenset[str]] = {
    "approve": frozenset({"waiting"}),
    "change": frozenset({"waiting", "approved"}),
    "refuse": frozenset({"waiting"}),
    "withdraw": frozenset({"approved"}),
}

SHARE_LABELS: Mapping[str, object] = {
    "first_name": _l("First name"),
    "phone": _l("Phone number"),
    "language": _l("Language you speak"),
    "children_ages": _l("Ages of the children"),
    "question": _l("The question"),
    "note": _l("A note from the worker"),
}
DECISION_LABELS: Mapping[str, object] = {
    "waiting": _l("Waiting for your yes"),
    "approved": _l("You said yes"),
    "refused": _l("You said no"),
    "withdrawn": _l("You took it back"),
    "expired": _l("Too late: nobody said yes in time"),
}
STATUS_LABELS: Mapping[str, object] = {
    "received": _l("Received"),
    "contacted": _l("Contacted the family"),
    "met": _l("First meeting happened"),
    "unreachable": _l("Could not reach the family"),
    "not_ours": _l("Not our service"),
}
WARM_LABELS: Mapping[str, object] = {
    "together": _l("We go there together"),
    "meeting": _l("The partner comes to an open meeting"),
    "call": _l("The partner calls you"),
}


class HandoverRefused(DomainError):
    """A step the handover's state or the input does not allow; the message says why."""

    code = "handover_refused"


def handover_not_found() -> NotFound:
    """The same answer for a handover that does not exist and one that is not the caller's."""
    return NotFound(_l("We could not find this handover."))


@dataclass(frozen=True)
class Plan:
    """What a worker prepares or a family changes: the question, what is shared, the warm way."""

    question: str
    shares: tuple[str, ...]
    warm_way: str
    note: str = ""
    together_on: date | None = None
    meetup_series_id: int | None = None
    meetup_day: date | None = None
    call_time: str = ""
    call_language: str = ""
    interpreter: bool = False


def check_plan(plan: Plan, today: date, has_phone: bool) -> Plan:
    """The plan as it will be kept (shares in a fixed order, unused warm-way fields empty);
    raises HandoverRefused with a plain reason."""
    question = plan.question.strip()
    if not question:
        raise HandoverRefused(_l("Please write the question in the family's own words."))
    if len(question) > TEXT_MAX or len(plan.note) > TEXT_MAX:
        raise HandoverRefused(_l("Please keep it shorter: at most 2,000 characters."))
    if len(plan.call_time) > CALL_TIME_MAX:
        raise HandoverRefused(_l("Please keep the best time to call short."))
    unknown = set(plan.shares) - set(SHAREABLE)
    if unknown:
        raise HandoverRefused(_l("Only the listed things can be shared."))
    if plan.warm_way not in WARM_WAYS:
        raise HandoverRefused(_l("Please choose how the partner and the family meet."))
    shares = tuple(field for field in SHAREABLE if field in plan.shares)
    kept = Plan(question=question, shares=shares, warm_way=plan.warm_way, note=plan.note.strip())
    if plan.warm_way == "together":
        if plan.together_on is None or plan.together_on < today:
            raise HandoverRefused(_l("Please choose a day from today on to go together."))
        return _with(kept, together_on=plan.together_on)
    if plan.warm_way == "meeting":
        if plan.meetup_series_id is None or plan.meetup_day is None or plan.meetup_day < today:
            raise HandoverRefused(_l("Please choose an open meeting date from the list."))
        return _with(kept, meetup_series_id=plan.meetup_series_id, meetup_day=plan.meetup_day)
    if "phone" not in shares or not has_phone:
        raise HandoverRefused(
            _l("The partner can only call with a phone number. Share it, or choose another way.")
        )
    return _with(
        kept,
        call_time=plan.call_time.strip(),
        call_language=plan.call_language,
        interpreter=plan.interpreter,
    )


def _with(plan: Plan, **fields: object) -> Plan:
    return Plan(**{**plan.__dict__, **fields})


def taken_away_only(before: Iterable[str], after: Iterable[str]) -> bool:
    """A family's change may take shared things away, never add ones the worker did not offer."""
    return set(after) <= set(before)


def check_family_action(action: str, decision: str) -> None:
    """Raise HandoverRefused unless the family may take this step from this decision."""
    if decision not in FAMILY_ACTIONS[action]:
        if decision == "expired":
            raise HandoverRefused(_l("This handover has expired. Ask the worker for a new one."))
        raise HandoverRefused(_l("This step is no longer possible for this handover."))


def check_partner_status(decision: str, current: str | None, new: str) -> None:
    """The partner speaks only of an approved handover, and says something new."""
    if decision != "approved":
        raise handover_not_found()
    if new not in PARTNER_STATES:
        raise HandoverRefused(_l("Please choose one of the statuses."))
    if new == current:
        raise HandoverRefused(_l("This is already the status."))


def expires_at(created: datetime, days: int) -> datetime:
    """When a waiting handover expires."""
    return created + timedelta(days=days)


def is_expired(decision: str, expires: datetime, now: datetime) -> bool:
    """A handover still waiting at or after its expiry has expired."""
    return decision == "waiting" and now >= expires


def closes(decision: str, status: str | None) -> bool:
    """True when the handover is over (for retention): a closing decision or a last status."""
    return decision in CLOSED_DECISIONS or status in FINAL_STATES


def shared_values(shares: Iterable[str], facts: Mapping[str, object]) -> dict[str, object]:
    """Exactly what leaves at approval: the chosen fields that have a value, nothing else."""
    chosen = set(shares) & set(SHAREABLE)
    return {
        field: facts[field]
        for field in SHAREABLE
        if field in chosen and facts.get(field) not in (None, "", [])
    }


def children_ages(births: Iterable[tuple[int, int]], today: date) -> list[int]:
    """Ages in whole years from birth year and month, youngest first."""
    ages = []
    for year, month in births:
        months = (today.year - year) * 12 + today.month - month
        ages.append(max(months // 12, 0))
    return sorted(ages)


def working_day_after(start: date, count: int, closed: Collection[date] = ()) -> date:
    """The day `count` working days (Monday–Friday, not closed) after `start`."""
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            left -= 1
    return day


def reaction_overdue(
    approved_at: datetime,
    now: datetime,
    closed: Collection[date] = (),
    working_days: int = REACTION_WORKING_DAYS,
) -> bool:
    """True once `working_days` working days (Brussels) have passed since approval."""
    approved_day = approved_at.astimezone(BRUSSELS).date()
    return now.astimezone(BRUSSELS).date() > working_day_after(approved_day, working_days, closed)

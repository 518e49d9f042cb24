"""Writing the signals bundle: signals, their count, status history and action plan.

Every function takes the session and the acting staff member, flushes and never commits, and
leaves an audit row. No function stores anything that points to a family.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.network.models import LifeDomain, Organization
from spelotheek.signals import rules
from spelotheek.signals.models import Signal, SignalHistory, SignalStep


def get_signal(session: Session, signal_id: int) -> Signal:
    """The signal with this id; NotFound otherwise."""
    signal = session.get(Signal, signal_id)
    if signal is None:
        raise NotFound(_l("We could not find this signal."))
    return signal


def get_step(session: Session, signal: Signal, step_id: int) -> SignalStep:
    """A step of this signal's action plan; NotFound otherwise (also for another signal's)."""
    step = session.get(SignalStep, step_id)
    if step is None or step.signal_id != signal.id:
        raise NotFound(_l("We could not find this step."))
    return step


def _audit(
    session: Session, action: str, actor_id: int | None, signal: Signal, detail: str = ""
) -> None:
    audit.record(
        session,
        action,
        actor_id=actor_id,
        subject_type="signal",
        subject_id=signal.id,
        detail=detail,
    )


def _history(
    session: Session,
    signal: Signal,
    actor_id: int | None,
    what_changed: str,
    now: datetime,
    meeting_id: int | None = None,
) -> SignalHistory:
    entry = SignalHistory(
        signal=signal,
        at=now,
        status=signal.status,
        what_changed=what_changed,
        user_id=actor_id,
        meeting_id=meeting_id,
    )
    session.add(entry)
    return entry


def create_signal(
    session: Session,
    actor_id: int | None,
    title: str,
    today: date,
    now: datetime,
    domain_id: int | None = None,
    count: int = 1,
) -> Signal:
    """A new, open signal, first seen today, with its first history entry."""
    if domain_id is not None and session.get(LifeDomain, domain_id) is None:
        raise rules.SignalRefused(_l("Please choose a life domain from the list."), code="domain")
    signal = Signal(
        title=rules.check_title(title),
        outcome="",
        level="local",
        authority="",
        status="open",
        domain_id=domain_id,
        barrier_count=rules.check_count(0, max(count, 1)),
        first_seen_on=today,
        created_at=now,
        updated_at=now,
    )
    session.add(signal)
    _history(session, signal, actor_id, "", now)
    session.flush()
    _audit(session, "signal_created", actor_id, signal)
    return signal


def count_again(
    session: Session, actor_id: int | None, signal: Signal, now: datetime, more: int = 1
) -> None:
    """It came up once more (+1), or `more` barriers were grouped into it."""
    signal.barrier_count = rules.check_count(signal.barrier_count, more)
    signal.updated_at = now
    session.flush()
    _audit(session, "signal_counted", actor_id, signal, detail=str(more))


def set_status(
    session: Session,
    actor_id: int | None,
    signal: Signal,
    status: str,
    what_changed: str,
    now: datetime,
    meeting_id: int | None = None,
) -> SignalHistory:
    """A new dated entry in the history: where the signal stands now and what changed."""
    signal.status = rules.check_status(status)
    text = rules.check_text(what_changed, rules.CHANGE_MAX)
    entry = _history(session, signal, actor_id, text, now, meeting_id)
    signal.updated_at = now
    session.flush()
    _audit(session, "signal_status", actor_id, signal, detail=status)
    return entry


def describe(
    session: Session,
    actor_id: int | None,
    signal: Signal,
    fields: dict[str, object],
    now: datetime,
) -> None:
    """Change the title, outcome (with translations), domain, responsible partner and level."""
    title = rules.check_title(str(fields.get("title") or ""))
    outcome = rules.check_text(str(fields.get("outcome") or ""), rules.OUTCOME_MAX)
    level, authority = rules.check_level(
        str(fields.get("level") or ""), str(fields.get("authority") or "")
    )
    domain_id = fields.get("domain_id") or None
    if domain_id is not None and session.get(LifeDomain, domain_id) is None:
        raise rules.SignalRefused(_l("Please choose a life domain from the list."), code="domain")
    organization_id = fields.get("organization_id") or None
    if organization_id is not None and session.get(Organization, organization_id) is None:
        raise rules.SignalRefused(_l("Please choose a partner from the list."), code="partner")
    signal.title, signal.outcome = title, outcome
    signal.title_texts = _texts(fields.get("title_texts"), rules.TITLE_MAX)
    signal.outcome_texts = _texts(fields.get("outcome_texts"), rules.OUTCOME_MAX)
    signal.domain_id = domain_id  # type: ignore[assignment]  # checked above
    signal.organization_id = organization_id  # type: ignore[assignment]  # checked above
    signal.level, signal.authority = level, authority
    signal.updated_at = now
    session.flush()
    _audit(session, "signal_described", actor_id, signal)


def _texts(value: object, limit: int) -> dict[str, str] | None:
    """Translations as stored, each cleaned and within the limit."""
    if not isinstance(value, dict):
        return None
    kept = {str(k): rules.check_text(str(v), limit) for k, v in value.items() if v}
    return {k: v for k, v in kept.items() if v} or None


def add_step(
    session: Session,
    actor_id: int | None,
    signal: Signal,
    what: str,
    owner: str,
    due_on: date | None,
    now: datetime,
) -> SignalStep:
    """A step of the action plan: what, who takes it up, by when."""
    step = SignalStep(
        signal=signal,
        what=rules.check_text(what, rules.STEP_MAX, _l("Please say what will be done.")),
        owner=rules.check_text(owner, rules.OWNER_MAX),
        due_on=due_on,
        created_at=now,
    )
    session.add(step)
    signal.updated_at = now
    session.flush()
    _audit(session, "signal_step_added", actor_id, signal, detail=str(step.id))
    return step


def mark_step_done(
    session: Session, actor_id: int | None, step: SignalStep, today: date, now: datetime
) -> None:
    """The step was done today (marking it again keeps the first day)."""
    if step.done_on is None:
        step.done_on = today
    step.signal.updated_at = now
    session.flush()
    _audit(session, "signal_step_done", actor_id, step.signal, detail=str(step.id))

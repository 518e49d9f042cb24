"""Signals: barriers families run into, bundled for the local network meeting.

A signal holds a short description and a count of how often it came up; never a name or
anything that points to a family. Staff mark a topic as a signal (or add to one), or note a
recurring question directly (+1) without making a topic of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.topics import rules
from spelotheek.topics.models import Signal, Topic
from spelotheek.topics.rules import TopicRefused

MAX_OCCURRENCES = 100_000


def get_signal(session: Session, signal_id: int) -> Signal:
    """The signal with this id; NotFound otherwise."""
    signal = session.get(Signal, signal_id)
    if signal is None:
        raise NotFound(_l("We could not find this signal."))
    return signal


def signals(session: Session, open_only: bool = True) -> Sequence[Signal]:
    """Signals, the most frequent first; only the open ones unless asked."""
    statement = (
        select(Signal)
        .options(selectinload(Signal.topics))
        .order_by(Signal.occurrences.desc(), Signal.id)
    )
    if open_only:
        statement = statement.where(Signal.status.in_(rules.OPEN_SIGNAL_STATUSES))
    return session.scalars(statement.limit(500)).all()


def create_signal(session: Session, actor_id: int | None, title: str, now: datetime) -> Signal:
    """Note a barrier that came up (once so far)."""
    signal = Signal(title=rules.check_signal_title(title), created_at=now, updated_at=now)
    session.add(signal)
    session.flush()
    audit.record(
        session, "signal_created", actor_id=actor_id, subject_type="signal", subject_id=signal.id
    )
    return signal


def count_again(session: Session, actor_id: int | None, signal: Signal, now: datetime) -> None:
    """It came up once more (+1), without making a topic of it."""
    if signal.occurrences >= MAX_OCCURRENCES:
        raise TopicRefused(_l("This count is already very high."), code="too_many")
    signal.occurrences += 1
    signal.updated_at = now
    session.flush()
    audit.record(
        session, "signal_counted", actor_id=actor_id, subject_type="signal", subject_id=signal.id
    )


def set_status(
    session: Session, actor_id: int | None, signal: Signal, status: str, note: str, now: datetime
) -> None:
    """Where the signal stands: new, being handled, passed on or resolved (with a short note)."""
    if status not in rules.SIGNAL_STATUSES:
        raise TopicRefused(_l("Please choose a status from the list."), code="unknown_status")
    note = rules.clean_text(note)
    if len(note) > rules.NOTE_MAX:
        raise TopicRefused(
            _l("Please keep it short: at most %(n)d characters.", n=rules.NOTE_MAX),
            code="too_long",
        )
    signal.status, signal.note, signal.updated_at = status, note, now
    session.flush()
    audit.record(
        session,
        "signal_status",
        actor_id=actor_id,
        subject_type="signal",
        subject_id=signal.id,
        detail=status,
    )


def mark_topic(
    session: Session,
    actor_id: int | None,
    topic: Topic,
    now: datetime,
    signal_id: int | None = None,
    title: str = "",
) -> Signal:
    """Mark a topic as a signal: add it to an existing signal (+1) or start a new one."""
    if topic.signal_id is not None:
        raise TopicRefused(_l("This topic is already a signal."), code="already_signal")
    if signal_id is not None:
        signal = get_signal(session, signal_id)
        signal.occurrences += 1
        signal.updated_at = now
    else:
        signal = create_signal(
            session, actor_id, title or rules.theme_text(topic.summary, topic.text, ""), now
        )
    topic.signal = signal
    session.flush()
    return signal

"""Reads for the signals pages: lists, one signal with its plan and history, the agenda."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from spelotheek.network.models import Barrier, LifeDomain, Organization
from spelotheek.signals import rules
from spelotheek.signals.models import NetworkMeeting, Signal, SignalHistory, SignalStep

LIMIT = 500


def signals(
    session: Session, open_only: bool = True, organization_id: int | None = None
) -> Sequence[Signal]:
    """Signals, the most counted first; only open ones unless asked; one partner's if given."""
    statement = (
        select(Signal)
        .options(selectinload(Signal.domain), selectinload(Signal.organization))
        .order_by(Signal.barrier_count.desc(), Signal.id)
    )
    if open_only:
        statement = statement.where(Signal.status.in_(rules.OPEN_STATUSES))
    if organization_id is not None:
        statement = statement.where(Signal.organization_id == organization_id)
    return session.scalars(statement.limit(LIMIT)).all()


def signal_page(session: Session, signal_id: int) -> Signal | None:
    """One signal with its plan, history, domain and partner loaded."""
    return session.scalars(
        select(Signal)
        .where(Signal.id == signal_id)
        .options(
            selectinload(Signal.steps),
            selectinload(Signal.history).selectinload(SignalHistory.meeting),
            selectinload(Signal.domain),
            selectinload(Signal.organization),
        )
    ).one_or_none()


def ungrouped_barriers(session: Session) -> Sequence[Barrier]:
    """Barriers that wait to be grouped into a signal, newest first."""
    return session.scalars(
        select(Barrier)
        .where(Barrier.signal_id.is_(None))
        .order_by(Barrier.noted_on.desc(), Barrier.id.desc())
        .limit(LIMIT)
    ).all()


def domains(session: Session) -> Sequence[LifeDomain]:
    """The life domains in their order."""
    return session.scalars(select(LifeDomain).order_by(LifeDomain.position, LifeDomain.id)).all()


def organizations(session: Session) -> Sequence[tuple[int, str]]:
    """Every partner organisation: (id, name)."""
    rows = session.execute(
        select(Organization.id, Organization.name).order_by(Organization.name).limit(LIMIT)
    )
    return [(row.id, row.name) for row in rows]


def meetings(session: Session) -> Sequence[NetworkMeeting]:
    """Network meetings, the latest first."""
    return session.scalars(
        select(NetworkMeeting).order_by(NetworkMeeting.starts_at.desc()).limit(LIMIT)
    ).all()


def meeting_starts(session: Session) -> list[datetime]:
    """When every meeting starts (to find the one before another)."""
    return list(session.scalars(select(NetworkMeeting.starts_at).limit(10 * LIMIT)))


@dataclass(frozen=True)
class AgendaItem:
    """One open signal on a meeting's agenda, with what changed since the meeting before."""

    signal: Signal
    changes: list[SignalHistory]
    steps_done: list[SignalStep]


def agenda(session: Session, meeting: NetworkMeeting) -> tuple[datetime | None, list[AgendaItem]]:
    """Every open signal (and any solved since the last meeting), with its news since then."""
    since = rules.previous_meeting(meeting_starts(session), meeting.starts_at)
    recent = (
        select(SignalHistory.signal_id)
        .where(SignalHistory.at > since)
        .where(SignalHistory.at <= meeting.starts_at)
        if since is not None
        else select(SignalHistory.signal_id).where(SignalHistory.at <= meeting.starts_at)
    )
    found = session.scalars(
        select(Signal)
        .where(Signal.status.in_(rules.OPEN_STATUSES) | Signal.id.in_(recent))
        .options(
            selectinload(Signal.steps),
            selectinload(Signal.history),
            selectinload(Signal.domain),
            selectinload(Signal.organization),
        )
        .order_by(Signal.barrier_count.desc(), Signal.id)
        .limit(LIMIT)
    ).all()
    items = []
    for signal in found:
        changes = [
            h
            for h in reversed(signal.history)
            if (since is None or h.at > since) and h.at <= meeting.starts_at
        ]
        done = [
            s
            for s in signal.steps
            if s.done_on is not None and (since is None or s.done_on >= since.date())
        ]
        items.append(AgendaItem(signal, changes, done))
    return since, items


def solved_for_public(session: Session, limit: int = 50) -> Sequence[Signal]:
    """Solved signals with an outcome in plain words, the latest first."""
    return session.scalars(
        select(Signal)
        .where(Signal.status == "solved", Signal.outcome != "")
        .order_by(Signal.updated_at.desc(), Signal.id.desc())
        .limit(limit)
    ).all()


def counts_by_status(session: Session) -> dict[str, int]:
    """How many signals stand at each status."""
    rows = session.execute(select(Signal.status, func.count()).group_by(Signal.status))
    return {status: count for status, count in rows}


def find(session: Session, signal_id: int) -> Signal | None:
    """The signal with this id, or None."""
    return session.get(Signal, signal_id)

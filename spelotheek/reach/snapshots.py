"""Reach snapshots: the raw counts of a recent computation, kept in the database a short while.

Counting a year of a whole network's contacts takes seconds (issue 10). A snapshot holds the
counts per category (never a family id) under a key for the period, service and pair of
breakdowns, so every worker, the printable page and the CSV reuse them until they are older
than REACH_SNAPSHOT_SECONDS. When a family's answers, consent or existence change, every
snapshot is deleted in the same transaction: a withdrawn family never lingers in a figure.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from spelotheek.reach.models import ReachSnapshot
from spelotheek.reach.report import Counts

DEFAULT_SECONDS = 600


def max_age(setting: object) -> timedelta:
    """How long a snapshot is shown: the setting in seconds (0 = count every time)."""
    try:
        return timedelta(seconds=max(0, int(setting)))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return timedelta(seconds=DEFAULT_SECONDS)


def key_for(start: date, end: date, service: str, by: tuple[str, ...]) -> str:
    """The snapshot key for one computation: single breakdowns are all counted every time, so
    only a pair of breakdowns is part of the key."""
    pair = list(by) if len(by) == 2 else []
    text = json.dumps([start.isoformat(), end.isoformat(), service, pair])
    return hashlib.sha256(text.encode()).hexdigest()


def encode(counts: Counts) -> str:
    """The counts as JSON (tuple keys become lists)."""
    return json.dumps(
        {
            "overlap": [[*key, n] for key, n in counts.overlap.items()],
            "breakdowns": [[*key, n] for key, n in counts.breakdowns.items()],
            "events": dict(counts.events),
            "head_counts": [[m, sat, dict(v)] for (m, sat), v in counts.head_counts.items()],
            "checkin": {m: {q: dict(a) for q, a in t.items()} for m, t in counts.checkin.items()},
        },
        separators=(",", ":"),
    )


def decode(text: str, counted_at: datetime) -> Counts:
    """Counts from `encode`'s JSON (without reference figures: those are read fresh)."""
    data = json.loads(text)
    return Counts(
        overlap={(bool(a), bool(b), bool(c)): n for a, b, c, n in data["overlap"]},
        breakdowns={tuple(row[:-1]): row[-1] for row in data["breakdowns"]},
        events=data["events"],
        head_counts={(m, bool(sat)): v for m, sat, v in data["head_counts"]},
        counted_at=counted_at,
        checkin=data.get("checkin", {}),
    )


def recent(session: Session, key: str, now: datetime, age: timedelta) -> Counts | None:
    """The snapshot's counts when it is younger than `age`, else None."""
    if age <= timedelta(0):
        return None
    row = session.execute(
        select(ReachSnapshot.counts, ReachSnapshot.computed_at).where(
            ReachSnapshot.key == key, ReachSnapshot.computed_at > now - age
        )
    ).first()
    return None if row is None else decode(row.counts, row.computed_at)


def keep(session: Session, key: str, counts: Counts, now: datetime, age: timedelta) -> None:
    """Store (or replace) the snapshot, and drop those too old to be shown again."""
    if age <= timedelta(0):
        return
    values = {"key": key, "computed_at": now, "counts": encode(counts)}
    # Two workers may count the same period at once: the later one wins, neither fails.
    # Each dialect has its own upsert; the generic insert has none.
    upsert: postgresql.Insert | sqlite.Insert
    if session.get_bind().dialect.name == "postgresql":
        upsert = postgresql.insert(ReachSnapshot)
    else:
        upsert = sqlite.insert(ReachSnapshot)
    session.execute(
        upsert.values(**values).on_conflict_do_update(
            index_elements=[ReachSnapshot.key], set_=values
        )
    )
    session.execute(delete(ReachSnapshot).where(ReachSnapshot.computed_at <= now - age))
    session.flush()


def forget(session: Session, key: str) -> None:
    """Delete one snapshot: the next view of those figures counts again."""
    session.execute(delete(ReachSnapshot).where(ReachSnapshot.key == key))
    session.flush()


def forget_all(session: Session) -> None:
    """Delete every snapshot: the next view counts again (answers, consent or a family changed)."""
    session.execute(delete(ReachSnapshot))
    session.flush()

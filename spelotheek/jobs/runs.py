"""Recording runs: a slot is started by one worker, finished once, started again only when
its run was abandoned (a killed worker). Functions flush; the caller commits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from spelotheek.jobs.models import JobRun
from spelotheek.registry import PURGERS

# Finished runs are kept this long (to answer "did last night's purge run?"), then purged.
KEEP_RUNS = timedelta(days=30)


def claim(
    session: Session, name: str, slot: datetime, now: datetime, limit: timedelta, owner: str
) -> bool:
    """Start the run of `name` in `slot` for `owner` (an RQ job id): True when it may work.

    False when the slot's run has finished, or another owner started it less than `limit`
    ago (it may still be working; should it die, its own retry takes over). The same owner
    finding its run unfinished was killed (rq retries a job only once its worker is gone),
    and a run older than `limit` was abandoned (rq stops a job at its limit): both start again.
    """
    insert: postgresql.Insert | sqlite.Insert
    if session.get_bind().dialect.name == "postgresql":
        insert = postgresql.insert(JobRun)
    else:
        insert = sqlite.insert(JobRun)
    values = {"name": name, "slot": slot, "started_at": now, "tries": 1, "owner": owner}
    # RETURNING says whether the row is new (psycopg's rowcount is -1 for this statement).
    started = session.scalar(insert.values(**values).on_conflict_do_nothing().returning(JobRun.id))
    if started is not None:
        return True
    # Compare and set: of two workers taking over one abandoned run, one matches the row.
    taken = session.scalar(
        update(JobRun)
        .where(
            JobRun.name == name,
            JobRun.slot == slot,
            JobRun.finished_at.is_(None),
            or_(JobRun.owner == owner, JobRun.started_at <= now - limit),
        )
        .values(started_at=now, tries=JobRun.tries + 1, owner=owner)
        .returning(JobRun.id)
        .execution_options(synchronize_session=False)
    )
    return taken is not None


def finish(session: Session, name: str, slot: datetime, now: datetime) -> None:
    """Mark the slot's run finished: a later execution of this slot does nothing."""
    session.execute(
        update(JobRun)
        .where(JobRun.name == name, JobRun.slot == slot)
        .values(finished_at=now)
        .execution_options(synchronize_session=False)
    )
    session.flush()


def release(session: Session, name: str, slot: datetime) -> None:
    """Forget an unfinished run whose work failed, so its retry may start at once."""
    session.execute(
        delete(JobRun)
        .where(JobRun.name == name, JobRun.slot == slot, JobRun.finished_at.is_(None))
        .execution_options(synchronize_session=False)
    )
    session.flush()


def purge_old_runs(session: Session, now: datetime, _settings: Mapping[str, Any]) -> dict[str, int]:
    """Remove finished runs older than KEEP_RUNS (a PURGER)."""
    result = session.execute(
        delete(JobRun)
        .where(JobRun.finished_at.is_not(None), JobRun.finished_at < now - KEEP_RUNS)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return {"old job runs removed": result.rowcount}  # type: ignore[attr-defined]


if purge_old_runs not in PURGERS:
    PURGERS.append(purge_old_runs)

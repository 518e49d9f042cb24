"""Recording runs: a slot is started by one worker, finished once, started again only when
its run was abandoned (a killed worker: its next attempt, or anyone after the job's limit).
Functions flush; the caller commits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from spelotheek.jobs.models import JobRun
from spelotheek.jobs.rules import is_later_attempt
from spelotheek.registry import PURGERS

# Finished runs are kept this long (to answer "did last night's purge run?"), then purged.
KEEP_RUNS = timedelta(days=30)


def claim(
    session: Session, name: str, slot: datetime, now: datetime, limit: timedelta, owner: str
) -> bool:
    """Start the run of `name` in `slot` for `owner` (`rules.run_owner`): True when it may work.

    False when the slot's run has finished, or another owner started it less than `limit`
    ago (it may still be working; should it die, its own retry takes over). A later attempt
    of the job that holds the run takes it over (rq starts one only once the last attempt
    failed or its worker is gone), and so does anyone once the run is older than `limit`
    (rq stops a job at its limit); another copy of the same attempt never does.
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
    held = session.execute(
        select(JobRun.owner, JobRun.started_at, JobRun.tries).where(
            JobRun.name == name, JobRun.slot == slot, JobRun.finished_at.is_(None)
        )
    ).one_or_none()
    if held is None:
        return False  # finished (or just forgotten by a failed run, whose retry starts it)
    if not (is_later_attempt(owner, held.owner) or held.started_at <= now - limit):
        return False
    # Compare and set: of two workers taking over one run, one finds it as it was read.
    taken = session.scalar(
        update(JobRun)
        .where(
            JobRun.name == name,
            JobRun.slot == slot,
            JobRun.finished_at.is_(None),
            JobRun.owner == held.owner,
            JobRun.tries == held.tries,
        )
        .values(started_at=now, tries=JobRun.tries + 1, owner=owner)
        .returning(JobRun.id)
        .execution_options(synchronize_session=False)
    )
    return taken is not None


def finish(session: Session, name: str, slot: datetime, now: datetime, owner: str) -> bool:
    """Mark the slot's run finished if `owner` still holds it (False: it was taken over)."""
    finished = session.scalar(
        update(JobRun)
        .where(
            JobRun.name == name,
            JobRun.slot == slot,
            JobRun.owner == owner,
            JobRun.finished_at.is_(None),
        )
        .values(finished_at=now)
        .returning(JobRun.id)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return finished is not None


def release(session: Session, name: str, slot: datetime, owner: str) -> None:
    """Forget an unfinished run of `owner` whose work failed, so its retry may start at once
    (a run taken over meanwhile belongs to its new owner and stays)."""
    session.execute(
        delete(JobRun)
        .where(
            JobRun.name == name,
            JobRun.slot == slot,
            JobRun.owner == owner,
            JobRun.finished_at.is_(None),
        )
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

"""job_runs: a slot is started once, finished once, and taken over only when abandoned (by
the job's next attempt, or by anyone after its limit)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.db import get_session
from spelotheek.jobs import runs
from spelotheek.jobs.models import JobRun
from spelotheek.jobs.queue import run_recorded
from spelotheek.jobs.work import BY_NAME, JOBS

SLOT = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
LIMIT = timedelta(minutes=10)
MINUTE = timedelta(minutes=1)


def test_a_slot_is_started_once_and_a_finished_slot_does_nothing(db: Session) -> None:
    assert runs.claim(db, "reminders", SLOT, SLOT, LIMIT, "a")
    db.commit()
    assert not runs.claim(db, "reminders", SLOT, SLOT + MINUTE, LIMIT, "b")  # a is at it
    assert runs.finish(db, "reminders", SLOT, SLOT + 2 * MINUTE, "a")
    db.commit()
    assert not runs.claim(db, "reminders", SLOT, SLOT + 3 * MINUTE, LIMIT, "a")  # done
    assert not runs.claim(db, "reminders", SLOT, SLOT + timedelta(hours=5), LIMIT, "b")
    assert runs.claim(db, "reminders", SLOT + 5 * MINUTE, SLOT, LIMIT, "c")  # the next slot
    assert runs.claim(db, "messages", SLOT, SLOT, LIMIT, "d")  # another job, same slot


def test_a_killed_run_is_taken_over_by_its_next_attempt_at_once(db: Session) -> None:
    assert runs.claim(db, "purge", SLOT, SLOT, LIMIT, "job-1:3")
    db.commit()
    # rq starts a job's next attempt only once its worker is gone: it takes over.
    assert runs.claim(db, "purge", SLOT, SLOT + 2 * MINUTE, LIMIT, "job-1:2")
    db.commit()
    run = db.scalars(select(JobRun)).one()
    assert run.tries == 2 and run.started_at == SLOT + 2 * MINUTE and run.finished_at is None
    assert run.owner == "job-1:2"
    # An earlier attempt (a copy still about) and another job do not.
    assert not runs.claim(db, "purge", SLOT, SLOT + 3 * MINUTE, LIMIT, "job-1:3")
    assert not runs.claim(db, "purge", SLOT, SLOT + 3 * MINUTE, LIMIT, "job-2:1")


def test_a_second_copy_of_the_same_attempt_does_not_start(db: Session) -> None:
    assert runs.claim(db, "purge", SLOT, SLOT, LIMIT, "job-1:3")
    db.commit()
    # The same job id queued twice: both copies run at once, with the same retries left.
    assert not runs.claim(db, "purge", SLOT, SLOT + MINUTE, LIMIT, "job-1:3")
    assert db.scalars(select(JobRun)).one().tries == 1


def test_two_copies_running_at_once_do_the_work_once(app: Flask, db: Session) -> None:
    calls: list[str] = []
    second: list[object] = []

    def work() -> dict[str, int]:
        calls.append("work")
        # While this copy works, the other copy of the same attempt starts (its own session).
        copy = threading.Thread(target=lambda: second.append(run_copy(lambda: {"sent": 2})))
        copy.start()
        copy.join()
        return {"sent": 1}

    def run_copy(work: Callable[[], dict[str, int]]) -> object:
        with app.app_context():
            try:
                return run_recorded("reminders", SLOT, LIMIT, work, owner="job-1:3")
            finally:
                get_session().close()

    assert run_copy(work) == {"sent": 1}
    assert calls == ["work"] and second == [None]
    run = db.scalars(select(JobRun)).one()
    assert run.finished_at is not None and run.tries == 1


def test_a_stale_copy_neither_finishes_nor_forgets_its_successors_run(db: Session) -> None:
    assert runs.claim(db, "purge", SLOT, SLOT, LIMIT, "job-1:3")
    assert runs.claim(db, "purge", SLOT, SLOT + LIMIT, LIMIT, "job-1:2")  # taken over
    db.commit()
    assert not runs.finish(db, "purge", SLOT, SLOT + LIMIT + MINUTE, "job-1:3")
    runs.release(db, "purge", SLOT, "job-1:3")
    db.commit()
    run = db.scalars(select(JobRun)).one()
    assert run.owner == "job-1:2" and run.finished_at is None
    assert runs.finish(db, "purge", SLOT, SLOT + LIMIT + MINUTE, "job-1:2")
    db.commit()
    assert db.scalar(select(JobRun.finished_at)) == SLOT + LIMIT + MINUTE


def test_an_abandoned_run_is_taken_over_by_anyone_after_its_limit_once(db: Session) -> None:
    assert runs.claim(db, "purge", SLOT, SLOT, LIMIT, "gone")
    db.commit()
    later = SLOT + LIMIT  # no worker runs past its limit: the first one is gone
    assert runs.claim(db, "purge", SLOT, later, LIMIT, "x")
    db.commit()
    assert not runs.claim(db, "purge", SLOT, later, LIMIT, "y")  # x took it first
    run = db.scalars(select(JobRun)).one()
    assert run.tries == 2 and run.owner == "x" and run.started_at == later


def test_failed_work_is_forgotten_so_its_retry_runs_at_once(app: Flask, db: Session) -> None:
    calls: list[str] = []

    def failing() -> dict[str, int]:
        calls.append("failing")
        raise RuntimeError("provider down")

    with app.app_context():
        with pytest.raises(RuntimeError):
            run_recorded("reminders", SLOT, LIMIT, failing)
        assert run_recorded("reminders", SLOT, LIMIT, lambda: {"sent": 1}) == {"sent": 1}
        assert run_recorded("reminders", SLOT, LIMIT, lambda: {"sent": 2}) is None
        get_session().close()
    run = db.scalars(select(JobRun)).one()
    assert calls == ["failing"] and run.finished_at is not None and run.tries == 1


def test_old_runs_are_purged(db: Session) -> None:
    for days in (40, 1):
        slot = SLOT - timedelta(days=days)
        runs.claim(db, "purge", slot, slot, LIMIT, "a")
        runs.finish(db, "purge", slot, slot, "a")
    runs.claim(db, "purge", SLOT - timedelta(days=50), SLOT - timedelta(days=50), LIMIT, "a")
    assert runs.purge_old_runs(db, SLOT, {}) == {"old job runs removed": 1}
    # An unfinished run stays (a slot still to be taken over), however old.
    assert len(db.scalars(select(JobRun)).all()) == 2


def test_every_job_of_the_table_runs_on_an_empty_database(app: Flask) -> None:
    with app.app_context():
        for job in JOBS:
            report = job.work(get_session(), SLOT, app.config)
            assert isinstance(report, dict), job.name
            # The sweep is a job of its own, not part of every reminders run.
            assert ("short messages sent" in report) == (job.name == "messages"), job.name
        get_session().close()
    assert set(BY_NAME) == {"reminders", "messages", "purge", "reach"}

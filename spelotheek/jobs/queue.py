"""Periodic jobs on Redis: the scheduler enqueues each slot once, workers run it once.

Several schedulers may tick (one per machine). Each slot is enqueued under a job id made of
its name and slot, with rq's unique enqueue (one Lua script: the job is saved and queued only
if no job of that id exists), so only one of them enqueues it; an enqueue whose reply was lost
is found on the next tick as already queued, and a scheduler killed mid-tick leaves nothing
behind that stops the next tick. A worker records the run in job_runs (runs.py), so a slot that
reaches two workers (a retry, the same id queued twice) is worked once. Jobs are enqueued with
a Retry: a job that fails, or whose worker is killed (rq's StartedJobRegistry cleanup hands an
abandoned job to its retry), runs again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from redis import Redis, RedisError
from rq import Queue, Retry, get_current_job
from rq.exceptions import DuplicateJobError

from spelotheek.db import get_session, utcnow
from spelotheek.jobs import runs
from spelotheek.jobs.context import app_for_job
from spelotheek.jobs.rules import parse_slot, run_owner, slot_at, slot_name
from spelotheek.jobs.work import BY_NAME, JOBS, Job

log = logging.getLogger(__name__)
TICK_SECONDS = 10.0  # how often a scheduler looks: a one-minute job starts within 10 s
LONGEST_WAIT = 60.0  # Redis down: the scheduler tries again after 1, 2, 4 … at most 60 s
RETRIES = 3


def connect(config: Mapping[str, Any]) -> Redis:
    """The configured Redis (short timeouts: a Redis that is down answers no one quickly)."""
    return Redis.from_url(config["REDIS_URL"], socket_timeout=10, socket_connect_timeout=5)


def jobs_queue(config: Mapping[str, Any], connection: Redis | None = None) -> Queue:
    """The RQ queue of periodic jobs (JOBS_QUEUE) on the configured Redis."""
    return Queue(config["JOBS_QUEUE"], connection=connection or connect(config))


def job_id(queue_name: str, name: str, slot: datetime) -> str:
    """The RQ job of one slot of one job on a queue: the same slot always has the same id."""
    return f"{queue_name}-{name}-{slot_name(slot)}"


def enqueue_slot(rq_queue: Queue, job: Job, slot: datetime) -> bool:
    """Enqueue the job's slot unless some scheduler already did (True: this one did)."""
    limit = int(job.limit.total_seconds())
    # The finished job stays in Redis longer than its slot lasts: schedulers tick all through
    # the slot, and a job that is gone would be enqueued again (job_runs would stop it).
    kept = int(max(timedelta(hours=24), 2 * job.schedule.longest).total_seconds())
    try:
        rq_queue.enqueue(
            run_job,
            job.name,
            slot_name(slot),
            job_id=job_id(rq_queue.name, job.name, slot),
            unique=True,
            job_timeout=limit,
            # A failed run is tried again a minute later; a killed one once rq sees its
            # worker is gone (its heartbeat expired), and it takes its run over (runs.claim).
            retry=Retry(max=RETRIES, interval=60),
            result_ttl=kept,
            failure_ttl=7 * 24 * 3600,
        )
    except DuplicateJobError:
        return False
    return True


def tick(rq_queue: Queue, now: datetime, jobs: Iterable[Job] = JOBS) -> list[tuple[str, datetime]]:
    """Enqueue the slot `now` falls in for every job; answers those this scheduler enqueued."""
    enqueued = []
    for job in jobs:
        slot = slot_at(job.schedule, now)
        if enqueue_slot(rq_queue, job, slot):
            enqueued.append((job.name, slot))
    return enqueued


def run_scheduler(
    config: Mapping[str, Any],
    stop: threading.Event,
    clock: Callable[[], datetime] = utcnow,
    every: float = TICK_SECONDS,
) -> None:
    """Tick until `stop` is set; while Redis is down, wait longer each time and try again."""
    rq_queue = jobs_queue(config)
    failures = 0
    while not stop.is_set():
        try:
            for name, slot in tick(rq_queue, clock()):
                log.info("enqueued %s for %s", name, slot_name(slot))
            failures, wait = 0, every
        except RedisError as error:
            failures += 1
            wait = min(LONGEST_WAIT, 2.0 ** (failures - 1))
            log.warning("Redis does not answer (%s); again in %.0f s", type(error).__name__, wait)
        stop.wait(wait)


def current_owner() -> str:
    """Who runs a slot here: the current RQ job's attempt, or this process (no RQ job)."""
    current = get_current_job()
    if current is None:
        return f"process-{os.getpid()}"
    return run_owner(current.id, current.retries_left)


def run_recorded(
    name: str,
    slot: datetime,
    limit: timedelta,
    work: Callable[[], Mapping[str, int]],
    owner: str | None = None,
) -> Mapping[str, int] | None:
    """Do `work` for the slot unless its run finished or runs elsewhere (None); record it.

    Work that fails forgets its run, so the retry may start at once; work whose process is
    killed leaves its run started, and its retry (or anyone after `limit`) takes it over.
    """
    owner = owner or current_owner()
    session = get_session()
    started = runs.claim(session, name, slot, utcnow(), limit, owner)
    session.commit()
    if not started:
        return None
    try:
        report = work()
    except BaseException:
        session.rollback()
        runs.release(session, name, slot, owner)
        session.commit()
        raise
    if not runs.finish(session, name, slot, utcnow(), owner):
        # Only after `limit`, when rq should have stopped this copy: the work may run twice.
        log.warning("the run of %s for %s was taken over meanwhile", name, slot_name(slot))
    session.commit()
    return report


def run_slot(job: Job, slot: datetime) -> Mapping[str, int] | None:
    """Run one slot of a job in this process (app context needed); None when it ran before."""
    app = app_for_job()
    return run_recorded(
        job.name, slot, job.limit, lambda: job.work(get_session(), utcnow(), app.config)
    )


def run_job(name: str, slot: str) -> dict[str, int] | None:
    """The RQ job: one slot of one periodic job (None: it ran, or runs, elsewhere)."""
    app = app_for_job()
    # rq forks a work horse per job: it must not use connections pooled by its parent.
    app.extensions["engine"].dispose(close=False)
    with app.app_context():
        report = run_slot(BY_NAME[name], parse_slot(slot))
    return None if report is None else dict(report)

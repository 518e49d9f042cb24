"""Jobs on the real Redis: two schedulers enqueue each slot once, two workers run each slot
once, a worker killed mid-job loses nothing, and a scheduler waits while Redis is down."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from redis import ConnectionError as RedisConnectionError
from redis import Redis, RedisError
from redis.client import Pipeline
from rq import Retry
from rq.job import Job as RqJob
from rq.registry import StartedJobRegistry
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.jobs.models import JobRun
from spelotheek.jobs.queue import enqueue_slot, job_id, jobs_queue, run_job, run_scheduler, tick
from spelotheek.jobs.rules import slot_at, slot_name
from spelotheek.jobs.work import BY_NAME, JOBS
from tests.jobs.conftest import Workers
from tests.test_outage import TcpProxy

NOW = datetime(2026, 12, 10, 9, 0, 30, tzinfo=UTC)


@pytest.mark.one_database  # Redis only: the database plays no part
def test_two_schedulers_ticking_at_once_enqueue_each_slot_once(
    app: Flask, queues: dict[str, str]
) -> None:
    # Two machines: each its own connection, ticking at the same instant.
    schedulers = [jobs_queue(app.config) for _ in range(2)]
    start = threading.Barrier(2)
    enqueued: list[list[tuple[str, datetime]]] = [[], []]

    def run(n: int) -> None:
        start.wait()
        enqueued[n] = tick(schedulers[n], NOW)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    both = enqueued[0] + enqueued[1]
    assert sorted(name for name, _ in both) == sorted(job.name for job in JOBS)
    assert schedulers[0].count == len(JOBS)
    # Later in the same minute nothing is new; the next minute brings the one-minute job.
    assert tick(schedulers[1], NOW + timedelta(seconds=20)) == []
    assert [n for n, _ in tick(schedulers[0], NOW + timedelta(minutes=1))] == ["messages"]
    assert schedulers[0].count == len(JOBS) + 1


def test_two_workers_run_a_burst_of_jobs_each_slot_once(
    app: Flask, db: Session, queues: dict[str, str], workers: Workers
) -> None:
    rq_queue = jobs_queue(app.config)
    slots = [NOW.replace(second=0) + timedelta(minutes=n) for n in range(6)]
    for slot in slots:
        assert enqueue_slot(rq_queue, BY_NAME["messages"], slot)
        # The same slot reaches the queue a second time (a retry, an operator): worked once.
        rq_queue.enqueue(
            run_job,
            "messages",
            slot_name(slot),
            job_id=f"{queues['JOBS_QUEUE']}-again-{slot_name(slot)}",
        )
    started = [workers.start(f"worker-{n}", "worker", "--burst") for n in range(2)]
    for n, worker in enumerate(started):
        assert worker.wait(timeout=60) == 0, workers.log(f"worker-{n}")
    runs = db.scalars(select(JobRun).order_by(JobRun.slot)).all()
    assert [r.slot for r in runs] == slots
    assert all(r.finished_at is not None and r.tries == 1 for r in runs)
    connection = rq_queue.connection
    for slot in slots:
        first = RqJob.fetch(job_id(rq_queue.name, "messages", slot), connection=connection)
        again = RqJob.fetch(f"{rq_queue.name}-again-{slot_name(slot)}", connection=connection)
        results = [first.return_value(), again.return_value()]
        assert first.get_status() == again.get_status() == "finished"
        assert results.count(None) == 1, results  # one did the work, the other found it done
    logs = workers.log("worker-0") + workers.log("worker-1")
    assert "Job OK" in logs and logs.count("Job OK") == 2 * len(slots)


def test_a_worker_killed_mid_job_loses_nothing(
    app: Flask, db: Session, queues: dict[str, str], workers: Workers, tmp_path: Path
) -> None:
    limit = 4.0  # the job's time limit: seconds here, minutes in the table
    marks = tmp_path / "marks"
    rq_queue = jobs_queue(app.config)
    slot = slot_name(NOW.replace(second=0))
    rq_queue.enqueue(
        "tests.jobs.slow.slow_job",
        "slow",
        slot,
        str(marks),
        limit - 1,
        limit,
        job_id=f"{rq_queue.name}-slow",
        job_timeout=int(limit),
        retry=Retry(max=2),
    )
    first = workers.start("first", "worker")
    deadline = time.monotonic() + 30
    while not (marks.exists() and marks.read_text().endswith("\n")):
        assert time.monotonic() < deadline, workers.log("first")
        time.sleep(0.02)
    # The machine dies: the worker and its work horse (rq puts it in a group of its own).
    horse = int(marks.read_text().split()[1])
    workers.kill(first)
    os.kill(horse, signal.SIGKILL)
    run = db.scalars(select(JobRun)).one()
    assert run.finished_at is None  # started, never finished
    job = RqJob.fetch(f"{rq_queue.name}-slow", connection=rq_queue.connection)
    assert job.get_status() == "started" and job.retries_left == 2
    # What a worker's maintenance does once the dead worker's heartbeat has expired (at least
    # 60 s in rq 2.12): the abandoned job goes to its retry instead of the failed registry.
    StartedJobRegistry(rq_queue.name, connection=rq_queue.connection).cleanup(
        timestamp=time.time() + 3600
    )
    job.refresh()
    assert job.get_status() == "queued" and job.retries_left == 1
    second = workers.start("second", "worker", "--burst")
    assert second.wait(timeout=60) == 0, workers.log("second")
    assert [line.split()[0] for line in marks.read_text().splitlines()] == [
        "start",
        "start",
        "done",
    ]
    db.rollback()  # a new transaction sees what the worker committed
    run = db.scalars(select(JobRun)).one()
    assert run.finished_at is not None and run.tries == 2 and run.owner == f"{job.id}:1"
    assert job.get_status() == "finished"


class LosesAReply(Redis):
    """A connection whose first command that queues a job reaches Redis, but whose reply is
    lost on the way back (the network drops between the two)."""

    lost = False

    def _lose_once(self) -> None:
        if not self.lost:
            self.lost = True
            raise RedisConnectionError("the reply was lost")

    def execute_command(self, *args: Any, **options: Any) -> Any:
        result = super().execute_command(*args, **options)
        if args[0] in ("EVALSHA", "EVAL"):  # rq's unique enqueue: one script
            self._lose_once()
        return result

    def pipeline(self, transaction: bool = True, shard_hint: Any = None) -> Pipeline:
        connection = self

        class Losing(Pipeline):
            def execute(self, raise_on_error: bool = True) -> list[Any]:
                pushes = any(args[0] == "RPUSH" for args, _ in self.command_stack)
                result = super().execute(raise_on_error)
                if pushes:  # rq's plain enqueue: a pipeline that pushes the job's id
                    connection._lose_once()
                return result

        return Losing(self.connection_pool, self.response_callbacks, transaction, shard_hint)


@pytest.mark.one_database  # Redis only: the database plays no part
def test_an_enqueue_whose_reply_was_lost_is_not_enqueued_again(
    app: Flask, queues: dict[str, str]
) -> None:
    connection = LosesAReply.from_url(queues["REDIS_URL"])
    rq_queue = jobs_queue(app.config, connection)
    purge = BY_NAME["purge"]
    with pytest.raises(RedisError):
        tick(rq_queue, NOW, [purge])  # the scheduler logs it and ticks again
    assert connection.lost
    assert tick(rq_queue, NOW, [purge]) == []  # found queued
    assert rq_queue.job_ids == [job_id(rq_queue.name, "purge", slot_at(purge.schedule, NOW))]


def test_two_copies_of_one_job_running_at_once_do_its_work_once(
    app: Flask, db: Session, queues: dict[str, str], workers: Workers, tmp_path: Path
) -> None:
    marks = tmp_path / "marks"
    rq_queue = jobs_queue(app.config)
    slot = slot_name(NOW.replace(second=0))
    for _ in range(2):  # one id queued twice: rq pushes it again unless asked for unique
        rq_queue.enqueue(
            "tests.jobs.slow.slow_job",
            "slow",
            slot,
            str(marks),
            60.0,  # the first copy works until the test says go (MARKS.go)
            60.0,
            job_id=f"{rq_queue.name}-twice",
            job_timeout=60,
            retry=Retry(max=2),
        )
    assert rq_queue.count == 2
    first = workers.start("first", "worker", "--burst")
    deadline = time.monotonic() + 30
    while not marks.exists():
        assert time.monotonic() < deadline, workers.log("first")
        time.sleep(0.02)
    # The first worker is busy: the second takes the other copy, while the first still works.
    second = workers.start("second", "worker", "--burst")
    assert second.wait(timeout=60) == 0, workers.log("second")
    assert "Job OK" in workers.log("second")  # it ran its copy (and found the run taken)
    assert first.poll() is None, workers.log("first")
    Path(f"{marks}.go").touch()
    assert first.wait(timeout=60) == 0, workers.log("first")
    assert [line.split()[0] for line in marks.read_text().splitlines()] == ["start", "done"]
    db.rollback()
    run = db.scalars(select(JobRun)).one()
    assert run.finished_at is not None and run.tries == 1


class CountedStop(threading.Event):
    """A stop request that records each wait asked of it and comes after `waits` of them,
    so a scheduler's waits are seen without sleeping through them."""

    def __init__(self, waits: int) -> None:
        super().__init__()
        self.waits: list[float | None] = []
        self.left = waits

    def wait(self, timeout: float | None = None) -> bool:
        self.waits.append(timeout)
        self.left -= 1
        if self.left <= 0:
            self.set()
        return self.is_set()


@pytest.mark.one_database  # Redis only: the database plays no part
def test_a_scheduler_waits_longer_each_time_redis_is_down_and_stops_on_request(
    app: Flask, caplog: pytest.LogCaptureFixture, closed_redis_url: str
) -> None:
    config = {**app.config, "REDIS_URL": closed_redis_url}
    stop = CountedStop(waits=8)
    with caplog.at_level(logging.WARNING, logger="spelotheek.jobs.queue"):
        run_scheduler(config, stop, every=0.1)  # returns once stopped
    assert stop.waits == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]
    said = [r.getMessage() for r in caplog.records if "Redis does not answer" in r.getMessage()]
    assert len(said) == 8 and said[1].endswith("again in 2 s"), said


@pytest.mark.one_database  # Redis only: the database plays no part
def test_a_scheduler_ticks_again_soon_once_redis_answers(
    app: Flask, queues: dict[str, str]
) -> None:
    stop = CountedStop(waits=2)
    run_scheduler(app.config, stop, clock=lambda: NOW, every=0.1)
    assert stop.waits == [0.1, 0.1]
    assert jobs_queue(app.config).count == len(JOBS)  # the second tick found each slot queued


@pytest.mark.one_database  # Redis only: the database plays no part
def test_the_worker_stops_cleanly_on_sigterm(queues: dict[str, str], workers: Workers) -> None:
    worker = workers.start("worker", "worker")
    connection = Redis.from_url(queues["REDIS_URL"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        registered = any(
            queues["JOBS_QUEUE"] in q.name for w in _workers(connection) for q in w.queues
        )
        # Registered comes before rq's own signal handlers; "Listening on" after them, when the
        # worker waits for a job: the moment a systemd stop usually finds it.
        if registered and "Listening on" in workers.log("worker"):
            break
        time.sleep(0.05)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=60) == 0, workers.log("worker")


@pytest.mark.one_database  # Redis only: the database plays no part
def test_a_worker_waits_while_redis_is_down_and_goes_on_when_it_is_back(
    app: Flask, queues: dict[str, str], workers: Workers
) -> None:
    real = urlsplit(queues["REDIS_URL"])
    proxy = TcpProxy((real.hostname or "127.0.0.1", real.port or 6379))
    proxy.start()
    try:
        through = real._replace(netloc=f"127.0.0.1:{proxy.port}").geturl()
        worker = workers.start("worker", "worker", through=through)
        connection = Redis.from_url(queues["REDIS_URL"])
        deadline = time.monotonic() + 30
        while not any(
            queues["JOBS_QUEUE"] in q.name for w in _workers(connection) for q in w.queues
        ):
            assert time.monotonic() < deadline, workers.log("worker")
            time.sleep(0.05)
        proxy.cut()  # Redis is gone for the worker
        time.sleep(2)
        rq_queue = jobs_queue(app.config)
        slot = NOW.replace(second=0)
        assert enqueue_slot(rq_queue, BY_NAME["messages"], slot)
        proxy.start()  # and back
        job = RqJob.fetch(job_id(rq_queue.name, "messages", slot), connection=connection)
        deadline = time.monotonic() + 40
        while job.get_status() != "finished":
            assert time.monotonic() < deadline, workers.log("worker")
            time.sleep(0.1)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) == 0, workers.log("worker")
    finally:
        proxy.cut()


def _workers(connection: Redis) -> list:
    from rq import Worker

    return Worker.all(connection=connection)


@pytest.mark.one_database  # Redis only: the database plays no part
def test_two_scheduler_processes_enqueue_each_slot_once_and_stop_on_sigterm(
    app: Flask, queues: dict[str, str], workers: Workers
) -> None:
    started = [workers.start(f"scheduler-{n}", "scheduler") for n in range(2)]
    rq_queue = jobs_queue(app.config)
    deadline = time.monotonic() + 30
    while rq_queue.count < len(JOBS) or not all(
        "Scheduling on" in workers.log(f"scheduler-{n}") for n in range(2)
    ):
        assert time.monotonic() < deadline, workers.log("scheduler-0")
        time.sleep(0.1)
    time.sleep(0.5)  # each ticks at once after saying so
    # A one-minute job may have reached its next slot meanwhile: count per job and slot.
    names = [RqJob.fetch(i, connection=rq_queue.connection).args[:2] for i in rq_queue.job_ids]
    assert len(names) == len(set(names)) and {n for n, _ in names} == set(BY_NAME)
    for scheduler in started:
        scheduler.send_signal(signal.SIGTERM)
    for n, scheduler in enumerate(started):
        assert scheduler.wait(timeout=20) == 0, workers.log(f"scheduler-{n}")
        assert "Scheduler stopped." in workers.log(f"scheduler-{n}")

"""Periodic jobs on the command line: `spelotheek jobs scheduler` (enqueues each slot once),
`spelotheek jobs worker` (runs the periodic jobs and the short messages) and
`spelotheek jobs run NAME` (one job now, in this process: cron on a single box, no Redis)."""

from __future__ import annotations

import signal
import sys
import threading
import time
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from redis import Redis, RedisError
from rq import Worker

from spelotheek.jobs.work import BY_NAME


@click.group("jobs")
def jobs_group() -> None:
    """Reminders, the message sweep, purges and statistics, once per slot."""


def _needs_redis() -> None:
    """Stop with a plain message when REDIS_URL is not set."""
    if not current_app.config.get("REDIS_URL"):
        click.echo(
            "REDIS_URL is not set: run the jobs from cron with `spelotheek jobs run NAME`.",
            err=True,
        )
        sys.exit(1)


def _stop_on_signals(stop: threading.Event | None = None) -> threading.Event:
    """An event set by SIGTERM or SIGINT, so a loop stops between two ticks."""
    stop = stop or threading.Event()

    def _stop(_signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    return stop


@jobs_group.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Enqueue every job's slot when it is due (several schedulers may run: once each)."""
    from spelotheek.jobs.queue import run_scheduler

    _needs_redis()
    stop = _stop_on_signals()
    click.echo(f"Scheduling on queue {current_app.config['JOBS_QUEUE']} (SIGTERM stops).")
    run_scheduler(current_app.config, stop)
    click.echo("Scheduler stopped.")


@jobs_group.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run periodic jobs (JOBS_QUEUE) and short messages (MESSAGE_QUEUE); SIGTERM lets the
    current job finish, then stops."""
    from rq import Queue

    from spelotheek.jobs.queue import connect

    _needs_redis()
    config = current_app.config
    connection = connect(config)
    queues = [
        Queue(config["JOBS_QUEUE"], connection=connection),
        Queue(config["MESSAGE_QUEUE"], connection=connection),
    ]
    stop = threading.Event()
    while True:
        _stop_on_signals(stop)  # again after each run: rq's handlers belong to its worker
        if not _wait_for_redis(connection, stop):
            return
        worker = _Worker(queues, connection=connection, stop=stop)
        try:
            worker.work(burst=burst, with_scheduler=True)
        except RedisError as error:  # Redis went away where rq does not wait for it
            click.echo(f"Redis went away ({type(error).__name__}).", err=True)
        if burst or stop.is_set():
            return
        click.echo("The worker stopped on an error; it starts again once Redis answers.", err=True)


class _Worker(Worker):
    """rq's worker, sharing the command's stop request: rq keeps no public word on why work()
    ended (SIGTERM, or an error it logged and quit on), and a SIGTERM that comes while it
    starts, before its own handlers, must stop it too."""

    def __init__(self, *args: Any, stop: threading.Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stop = stop

    def request_stop(self, signum: int, frame: Any) -> None:
        """SIGTERM or SIGINT: a warm shutdown after the current job, and no new start."""
        self.stop.set()
        super().request_stop(signum, frame)

    def _install_signal_handlers(self) -> None:
        super()._install_signal_handlers()
        if self.stop.is_set():  # asked to stop while starting: rq's loop checks this first
            self._stop_requested = True


def _wait_for_redis(connection: Redis, stop: threading.Event) -> bool:
    """Wait until Redis answers (True), or until SIGTERM (False)."""
    wait = 1.0
    while not stop.is_set():
        try:
            connection.ping()
            return True
        except RedisError:
            click.echo(f"Redis does not answer; trying again in {wait:.0f} s.", err=True)
            stop.wait(wait)
            wait = min(wait * 2, 60.0)
    return False


@jobs_group.command("run")
@click.argument("name", type=click.Choice(sorted(BY_NAME)))
@with_appcontext
def run_command(name: str) -> None:
    """Run one job now for its current slot; nothing when that slot already ran."""
    from spelotheek.db import utcnow
    from spelotheek.jobs.queue import run_slot
    from spelotheek.jobs.rules import slot_at

    job = BY_NAME[name]
    slot = slot_at(job.schedule, utcnow())
    started = time.monotonic()
    report = run_slot(job, slot)
    if report is None:
        click.echo(f"{name}: this slot ({slot:%Y-%m-%d %H:%M} UTC) has run, or runs elsewhere.")
        return
    for what, count in report.items():
        click.echo(f"{what}: {count}")
    click.echo(f"{name}: done in {time.monotonic() - started:.1f} s.")


COMMANDS = (jobs_group,)

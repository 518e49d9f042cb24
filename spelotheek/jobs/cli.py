"""Periodic jobs on the command line: `spelotheek jobs scheduler` (enqueues each slot once),
`spelotheek jobs worker` (runs the periodic jobs and the short messages) and
`spelotheek jobs run NAME` (one job now, in this process: cron on a single box, no Redis)."""

from __future__ import annotations

import signal
import sys
import threading
import time

import click
from flask import current_app
from flask.cli import with_appcontext

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


def _stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT, so a loop stops between two ticks."""
    stop = threading.Event()

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
    from redis import RedisError
    from rq import Queue, Worker

    from spelotheek.jobs.queue import connect

    _needs_redis()
    config = current_app.config
    connection = connect(config)
    stop = _stop_on_signals()
    wait = 1.0
    while not stop.is_set():  # Redis down at start: wait for it
        try:
            connection.ping()
            break
        except RedisError:
            click.echo(f"Redis does not answer; trying again in {wait:.0f} s.", err=True)
            stop.wait(wait)
            wait = min(wait * 2, 60.0)
    if stop.is_set():
        return
    queues = [
        Queue(config["JOBS_QUEUE"], connection=connection),
        Queue(config["MESSAGE_QUEUE"], connection=connection),
    ]
    # rq installs its own SIGTERM/SIGINT handlers: a warm shutdown after the current job.
    Worker(queues, connection=connection).work(burst=burst, with_scheduler=True)


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

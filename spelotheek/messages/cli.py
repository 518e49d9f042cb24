"""Short messages on the command line: `spelotheek messages send` (the sweep: everything due)
and `spelotheek messages worker` (runs the RQ jobs on REDIS_URL)."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from spelotheek.db import get_session, utcnow


@click.group("messages")
def messages_group() -> None:
    """Short messages (SMS, WhatsApp) to families."""


@messages_group.command("send")
@with_appcontext
def send_command() -> None:
    """Send (or, with Redis, queue) every short message that is due now."""
    from spelotheek.messages.outbox import send_due

    for what, count in send_due(get_session(), utcnow()).items():
        click.echo(f"{what}: {count}")


@messages_group.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the jobs on the message queue (REDIS_URL), with a scheduler for messages that wait."""
    from rq import Worker

    from spelotheek.messages.outbox import queue

    if not current_app.config.get("REDIS_URL"):
        click.echo("REDIS_URL is not set: messages are sent by the web process itself.", err=True)
        sys.exit(1)
    rq_queue = queue(current_app.config)
    worker = Worker([rq_queue], connection=rq_queue.connection)
    worker.work(burst=burst, with_scheduler=True)


COMMANDS = (messages_group,)

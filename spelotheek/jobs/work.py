"""The table of periodic jobs: what each does, how often, and how long it may take.

Each job's work is safe to repeat (a slot whose worker was killed is run again):
reminders are sent once per occasion (every REMINDER_SENDER says so), the message sweep
queues each try once (SET NX per try) or sends only messages still due, purgers are
required to be repeatable, and the reach refresh replaces snapshots by key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from spelotheek.jobs.rules import BRUSSELS, DailyAt, Every, Schedule
from spelotheek.registry import PURGERS, REMINDER_SENDERS

Work = Callable[[Session, datetime, Mapping[str, Any]], Mapping[str, int]]


@dataclass(frozen=True)
class Job:
    """One periodic job: its name, when it is due, how long it may run, and its work."""

    name: str
    schedule: Schedule
    limit: timedelta
    work: Work


def send_reminders(session: Session, now: datetime, _settings: Mapping[str, Any]) -> dict[str, int]:
    """Every REMINDER_SENDER but the message sweep (a job of its own, every minute), each
    committed on its own."""
    from spelotheek.messages.outbox import send_due

    report: dict[str, int] = {}
    for sender in REMINDER_SENDERS:
        if sender is not send_due:
            report.update(sender(session, now))
            session.commit()
    return report


def sweep_messages(session: Session, now: datetime, _settings: Mapping[str, Any]) -> dict[str, int]:
    """The short messages due now: queued on Redis, or sent here without it."""
    from spelotheek.messages.outbox import send_due

    report = dict(send_due(session, now))
    session.commit()
    return report


def purge_expired(session: Session, now: datetime, settings: Mapping[str, Any]) -> dict[str, int]:
    """Every PURGER, each committed on its own (as `spelotheek purge-expired`)."""
    report: dict[str, int] = {}
    for purger in PURGERS:
        report.update(purger(session, now, settings))
        session.commit()
    return report


def refresh_reach(session: Session, now: datetime, settings: Mapping[str, Any]) -> dict[str, int]:
    """Count the dashboard's default figures again (the last twelve months, every service), so
    a coordinator's first view finds a fresh snapshot instead of counting for seconds."""
    from spelotheek.reach import rules, services, snapshots
    from spelotheek.reach.queries import SERVICES

    age = snapshots.max_age(settings.get("REACH_SNAPSHOT_SECONDS"))
    if not age:
        return {"reach figures counted": 0}  # every view counts (REACH_SNAPSHOT_SECONDS = 0)
    this_month = now.astimezone(BRUSSELS).date().replace(day=1)
    start, end = rules.period(rules.add_months(this_month, -11), this_month)
    for service in SERVICES:
        by = ("household",)
        counts = services.count(session, start, end, service, by, now)
        snapshots.keep(session, snapshots.key_for(start, end, service, by), counts, now, age)
        session.commit()
    return {"reach figures counted": len(SERVICES)}


# Reminders every five minutes, the sweep every minute (a login link or a hold waits no
# longer), purges in the quiet of the night in Brussels, statistics well within their
# default freshness (REACH_SNAPSHOT_SECONDS, 600 s).
JOBS: tuple[Job, ...] = (
    Job("reminders", Every(5), timedelta(minutes=10), send_reminders),
    Job("messages", Every(1), timedelta(minutes=5), sweep_messages),
    Job("purge", DailyAt(time(3, 30)), timedelta(hours=1), purge_expired),
    Job("reach", Every(5), timedelta(minutes=10), refresh_reach),
)
BY_NAME = {job.name: job for job in JOBS}

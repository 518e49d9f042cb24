"""When a periodic job is due: its slots, as pure functions of an instant (no clock).

A slot is the start of one period of a job, in UTC. A job runs once per slot; a scheduler
that ticks at instant t enqueues the slot t falls in. Jobs every few minutes count their
minutes from the Unix epoch (daylight saving does not move them); a daily job keeps its
Brussels wall-clock time across both daylight-saving changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Every:
    """Every `minutes` minutes, on the multiples of that many minutes since the epoch."""

    minutes: int

    @property
    def longest(self) -> timedelta:
        """The longest time between two slots."""
        return timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class DailyAt:
    """Once a day at a Brussels wall-clock time (a time skipped in spring runs an hour later
    by the clock; a time that happens twice in autumn runs at its first occurrence)."""

    at: time

    @property
    def longest(self) -> timedelta:
        """The longest time between two slots (a day of 25 hours in autumn)."""
        return timedelta(hours=25)


Schedule = Every | DailyAt


def _daily_slot(day: date, at: time) -> datetime:
    """The UTC instant of `at` on the Brussels date `day` (fold 0: the first of two)."""
    return datetime.combine(day, at, tzinfo=BRUSSELS).astimezone(UTC)


def slot_at(schedule: Schedule, now: datetime) -> datetime:
    """The start of the slot `now` falls in: the latest slot at or before `now` (UTC)."""
    if now.tzinfo is None:
        raise ValueError("an instant needs its time zone")
    if isinstance(schedule, Every):
        step = schedule.minutes * 60
        seconds = int((now - EPOCH).total_seconds())
        return EPOCH + timedelta(seconds=seconds - seconds % step)
    day = now.astimezone(BRUSSELS).date()
    slot = _daily_slot(day, schedule.at)
    return slot if slot <= now else _daily_slot(day - timedelta(days=1), schedule.at)


def slots_between(schedule: Schedule, start: datetime, end: datetime) -> list[datetime]:
    """Every slot that starts in (start, end]: what a scheduler ticking at `start` and again
    at `end` must have enqueued between them."""
    found: list[datetime] = []
    slot = slot_at(schedule, end)
    while slot > start:
        found.append(slot)
        slot = slot_at(schedule, slot - timedelta(seconds=1))
    return found[::-1]


def slot_name(slot: datetime) -> str:
    """A slot as text for keys and job ids: UTC, to the second, without separators."""
    return slot.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_slot(text: str) -> datetime:
    """A slot back from `slot_name`; ValueError when it is not one."""
    return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def run_owner(job_id: str, retries_left: int | None) -> str:
    """Who runs a slot: an RQ job and its attempt (the retries it has left, fewer each time)."""
    return f"{job_id}:{retries_left or 0}"


def is_later_attempt(owner: str, held_by: str) -> bool:
    """Whether `owner` is a later attempt of the RQ job that holds a run (`run_owner`): rq
    starts a job's next attempt only once the last one failed or its worker is gone, while two
    copies of one attempt may run at once (the same job id queued twice)."""
    job, _, left = owner.rpartition(":")
    held_job, _, held_left = held_by.rpartition(":")
    if not job or job != held_job or not (left.isdigit() and held_left.isdigit()):
        return False
    return int(left) < int(held_left)

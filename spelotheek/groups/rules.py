"""Perinatal groups: pure rules (no clock, no Flask app, no database).

Session plans, who may still join, the gentle "reach out" list and retention dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from spelotheek.domain_errors import DomainError
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.locations.rules import ClosedPeriod

BRUSSELS = ZoneInfo("Europe/Brussels")
DEFAULT_CAPACITY = 12
DEFAULT_RETENTION_MONTHS = 12
JOIN_REQUEST_DAYS = 30  # phone numbers left on the public page are removed after this
NOT_SEEN_DAYS = 21
# Week of pregnancy at the first session (the model says 12 to 16; we aim for the middle).
FIRST_SESSION_WEEK = 14
MAX_STEPS = 20

# Weeks after the first session, with a default theme in Dutch (translations: themes.py).
# Week 14 of pregnancy is offset 0: every 4 weeks up to week 30, then every 2 weeks,
# and a reunion about 6 weeks after birth.
DEFAULT_TEMPLATES: dict[str, list[tuple[int, str]]] = {
    "10 sessions": [
        (0, "Kennismaken"),
        (4, "Gezond eten en bewegen"),
        (8, "Hoe je baby groeit"),
        (12, "Je goed voelen: stress, slaap, stemming"),
        (16, "Je baby voeden"),
        (18, "Klaar voor de bevalling"),
        (20, "De bevalling: wat gebeurt er?"),
        (22, "De eerste dagen thuis"),
        (24, "Zorgen voor een pasgeboren baby, hulp rondom jou"),
        (32, "Weerzien met de baby's"),
    ],
    "8 sessions": [
        (0, "Kennismaken"),
        (4, "Hoe je baby groeit"),
        (8, "Je goed voelen: stress, slaap, stemming"),
        (12, "Je baby voeden"),
        (16, "Klaar voor de bevalling"),
        (18, "De eerste dagen thuis"),
        (20, "Zorgen voor een pasgeboren baby, hulp rondom jou"),
        (28, "Weerzien met de baby's"),
    ],
}


class PlanRefused(DomainError):
    """A session plan or template cannot be made as asked."""

    code = "invalid_plan"


class EnrolmentRefused(DomainError):
    """Someone cannot be enrolled in this group now."""

    code = "enrolment_refused"
    status = 409


class AttendanceRefused(DomainError):
    """Attendance cannot be recorded for this session (yet)."""

    code = "attendance_refused"
    status = 409


@dataclass(frozen=True)
class PlannedSession:
    """One session of a generated plan, in local (Brussels) time."""

    position: int
    day: date
    start: time
    theme: str


def plan_sessions(
    steps: Sequence[tuple[int, str]],
    first_day: date,
    start: time,
    closures: Iterable[ClosedPeriod] = (),
) -> list[PlannedSession]:
    """Sessions from a template's (weeks after the first session, theme) steps.

    A session that falls in a closure (a holiday) moves one week later, on the same weekday,
    as often as needed; each session stays after the one before it.
    """
    if not steps:
        raise PlanRefused(_l("A session plan needs at least one session."))
    closed = list(closures)
    planned: list[PlannedSession] = []
    previous: date | None = None
    for position, (weeks, theme) in enumerate(sorted(steps, key=lambda s: s[0]), start=1):
        day = first_day + timedelta(weeks=weeks)
        for _ in range(60):
            if not any(c.covers(day) for c in closed) and (previous is None or day > previous):
                break
            day += timedelta(weeks=1)
        else:
            raise PlanRefused(_l("We could not find an open day for every session."))
        planned.append(PlannedSession(position, day, start, theme))
        previous = day
    return planned


def local_to_utc(day: date, start: time, zone: ZoneInfo = BRUSSELS) -> datetime:
    """The UTC instant of a local date and time (a time skipped by daylight saving moves on)."""
    # For 02:30 on the last Sunday of March (a time that does not exist) fold=0 gives 03:30.
    return datetime.combine(day, start, tzinfo=zone).astimezone(UTC)


def first_of_month(day: date) -> date:
    """The first day of the day's month."""
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError("unreachable")  # pragma: no cover


def suggested_first_day(due_from: date, due_to: date, weekday: int) -> date:
    """A first session near week 14 of pregnancy for the middle of the due window.

    `due_from` and `due_to` are the first days of the window's first and last month; the
    answer falls on `weekday` (0 = Monday), on or after the computed day.
    """
    window_end = add_months(due_to, 1) - timedelta(days=1)
    middle = due_from + (window_end - due_from) / 2
    day = middle - timedelta(weeks=40 - FIRST_SESSION_WEEK)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def month_choices(due_from: date, due_to: date, margin: int = 1) -> list[date]:
    """The due months to offer when enrolling: the window with a month's margin each side."""
    months = []
    current = add_months(due_from, -margin)
    last = add_months(due_to, margin)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def check_enrolment_open(status: str, rolling_entry: bool, sessions_started: int) -> None:
    """Refuse enrolment in a finished group, or in a started group without rolling entry."""
    if status == "finished":
        raise EnrolmentRefused(_l("This group has ended. Nobody can join it any more."))
    if sessions_started > 0 and not rolling_entry:
        raise EnrolmentRefused(
            _l("This group has started and does not take new people. Look for the next group.")
        )


def first_position_for(session_starts: Sequence[datetime], now: datetime) -> int:
    """The first session a new participant can come to: the first one that has not started."""
    for position, starts_at in enumerate(sorted(session_starts), start=1):
        if starts_at > now:
            return position
    return len(session_starts) + 1


def check_attendance_day(session_day: date, today: date) -> None:
    """Refuse attendance for a session whose day has not come: nobody came yet."""
    if session_day > today:
        raise AttendanceRefused(
            _l(
                "This session has not happened yet. You can fill in who came on the day "
                "of the session or later."
            )
        )


def over_capacity(active_count: int, capacity: int) -> bool:
    """True when the group holds more people than planned (allowed, but worth a warning)."""
    return active_count > capacity


def reach_out_reason(
    history: Sequence[tuple[date, str | None]], joined_on: date, today: date
) -> str | None:
    """Why a facilitator might gently get in touch, or None.

    `history` holds the participant's sessions held so far (date, attendance status or None
    when not recorded), oldest first. Answers "missed_two" when the last two recorded
    sessions were missed, "not_seen" when the last visit (or joining) is more than 21 days ago
    and a session has been held since.
    """
    held = [(day, status) for day, status in history if day <= today]
    recorded = [status for _day, status in held if status is not None]
    if len(recorded) >= 2 and all(s in ("absent", "excused") for s in recorded[-2:]):
        return "missed_two"
    seen = [day for day, status in held if status == "present"]
    last_seen = max(seen) if seen else joined_on
    since = [day for day, _status in held if day > last_seen]
    if since and (today - last_seen).days > NOT_SEEN_DAYS:
        return "not_seen"
    return None


def retention_ends(finished_on: date, months: int) -> date:
    """The day a finished group's enrolments are unlinked from the families."""
    return add_months(finished_on, months)


def parse_template_lines(text: str) -> list[tuple[int, str]]:
    """Template steps from lines 'weeks | theme' (weeks after the first session).

    Raises PlanRefused naming the line that is not right.
    """
    steps: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        weeks_text, _sep, theme = line.partition("|")
        try:
            weeks = int(weeks_text.strip())
        except ValueError:
            raise PlanRefused(
                _l("Line %(n)d: start with the number of weeks, then | and the theme.", n=number)
            ) from None
        if not 0 <= weeks <= 104:
            raise PlanRefused(_l("Line %(n)d: weeks must be between 0 and 104.", n=number))
        if len(theme.strip()) > 200:
            raise PlanRefused(_l("Line %(n)d: the theme is too long.", n=number))
        steps.append((weeks, theme.strip()))
    if not steps:
        raise PlanRefused(_l("A session plan needs at least one session."))
    if len(steps) > MAX_STEPS:
        raise PlanRefused(_l("A session plan has at most %(n)d sessions.", n=MAX_STEPS))
    weeks_seen = [w for w, _t in steps]
    if len(set(weeks_seen)) != len(weeks_seen):
        raise PlanRefused(_l("Two sessions cannot be in the same week."))
    return sorted(steps)

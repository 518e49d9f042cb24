"""What may be sent to whom and when: pure rules, the clock comes in as an argument."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
# The channels a family can opt in to for short messages (e-mail has its own consent).
TEXT_CHANNELS = ("sms", "whatsapp")
CHANNELS = (*TEXT_CHANNELS, "email")
STATES = ("queued", "sending", "sent", "delivered", "failed", "cancelled")
# Why a message goes out; each has a short plain text with no personal data but a first name.
PURPOSES = (
    "due_soon",
    "hold_ready",
    "meeting_cancelled",
    "session_tomorrow",
    "handover_waiting",
    "login_link",
)
# A login link is asked for by the family right now and is worthless after 15 minutes: it is
# the one message that may go at night.
ANY_HOUR = frozenset({"login_link"})
QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)
MAX_BODY = 320  # two SMS parts at most: short and plain
# Words that unsubscribe when a family answers them (any case, alone on the line).
STOP_WORDS = frozenset({"STOP", "STOPP", "ARRET", "ARRÊT", "DUR", "توقف"})


def earliest_send(now: datetime) -> datetime:
    """`now` (UTC), or the end of the quiet hours (21:00–08:00 in Brussels) when inside them."""
    local = now.astimezone(BRUSSELS)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return now
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    wake = datetime.combine(day, QUIET_UNTIL, tzinfo=BRUSSELS)
    return wake.astimezone(now.tzinfo)


def send_after(now: datetime, purpose: str) -> datetime:
    """When a message for this purpose may go: at once for ANY_HOUR purposes, else earliest_send."""
    return now if purpose in ANY_HOUR else earliest_send(now)


def in_quiet_hours(now: datetime) -> bool:
    """True between 21:00 and 08:00 in Brussels."""
    return earliest_send(now) != now


def is_stop(text: str) -> bool:
    """True when an answer asks to stop the messages."""
    return text.strip().strip(".!").upper() in STOP_WORDS


FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
# How long a claimed message stays with its sender; past it a sweep may take it over (a crash).
SENDING_LEASE = timedelta(minutes=5)


def retry_at(now: datetime, attempts: int, purpose: str = "") -> datetime:
    """When to try again after `attempts` failed tries: doubling waits, never in quiet hours
    (but a login link, which may go at night)."""
    wait = min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)
    return send_after(now + wait, purpose)

"""Login throttling rules: count a try before the secret is checked, back off after failures.

Pure: no Flask, no database, no clock; the caller passes `now`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from limits import parse_many

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_LIMIT = re.compile(r"^\s*(\d+)\s*(?:per|/)\s*(\d*)\s*(second|minute|hour|day)s?\s*$")

# The longest a card or account waits between tries, however many wrong tries came before.
MAX_BACKOFF = timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    """At most `amount` tries per `window`; with `backoff`, failures beyond it wait longer."""

    amount: int
    window: timedelta
    backoff: timedelta | None = None


def parse_limit(text: str, backoff: timedelta | None = None) -> Limit:
    """'5 per 15 minutes' as a Limit; ValueError for anything else."""
    match = _LIMIT.match(text)
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"not a limit: {text!r}")
    count = int(match.group(2) or 1)
    return Limit(int(match.group(1)), timedelta(seconds=count * _UNITS[match.group(3)]), backoff)


def parse_limits(text: str) -> tuple[Limit, ...]:
    """'3 per hour;6 per day' read as Flask-Limiter reads it; ValueError for anything else."""
    return tuple(
        Limit(item.amount, timedelta(seconds=item.get_expiry())) for item in parse_many(text)
    )


def fits_within(sent_at: Sequence[datetime], limits: Sequence[Limit], now: datetime) -> bool:
    """True when one more fits: for each limit, fewer than its amount sent in the window up to now.

    The window slides (stricter than the limiter's fixed windows, which allow twice the amount
    around a window's end); what another instance's clock stamped a little ahead counts too.
    """
    return all(sum(now - at < limit.window for at in sent_at) < limit.amount for limit in limits)


@dataclass(frozen=True)
class Tries:
    """What one throttle key remembers."""

    window_started_at: datetime
    attempts: int = 0  # tries counted in this window (before their secret was checked)
    failures: int = 0  # wrong secrets in a row, across windows: drives the back-off
    blocked_until: datetime | None = None


@dataclass(frozen=True)
class Verdict:
    """Whether a try may go on to the secret check, and otherwise how long to wait."""

    allowed: bool
    tries: Tries
    wait: timedelta = timedelta(0)


def admit(tries: Tries, limit: Limit, now: datetime) -> Verdict:
    """Count a try before its secret is checked; refuse it past the limit or during back-off."""
    if tries.blocked_until is not None and tries.blocked_until > now:
        return Verdict(False, tries, tries.blocked_until - now)
    if now - tries.window_started_at >= limit.window:
        tries = replace(tries, window_started_at=now, attempts=0)
    if tries.attempts >= limit.amount:
        return Verdict(False, tries, tries.window_started_at + limit.window - now)
    return Verdict(True, replace(tries, attempts=tries.attempts + 1))


def after_failure(tries: Tries, limit: Limit, now: datetime) -> Tries:
    """A wrong secret: past the limit, each further failure doubles the wait (with back-off)."""
    failures = tries.failures + 1
    blocked_until = tries.blocked_until
    if limit.backoff is not None and failures >= limit.amount:
        doublings = min(failures - limit.amount, 20)
        blocked_until = now + min(limit.backoff * 2**doublings, MAX_BACKOFF)
    return replace(tries, failures=failures, blocked_until=blocked_until)


def after_success(tries: Tries, forgive: bool) -> Tries:
    """A right secret gives its try back; `forgive` also ends the failures and the back-off."""
    tries = replace(tries, attempts=max(tries.attempts - 1, 0))
    return replace(tries, failures=0, blocked_until=None) if forgive else tries


def many_wrong_tries(tries: Tries | None, limit: Limit) -> bool:
    """True when a card or account reached its limit of wrong tries (staff should know)."""
    return tries is not None and tries.failures >= limit.amount


def account_key(kind: str, identifier: str) -> str:
    """A throttle key for an account: its kind and a hash, never the card code or e-mail."""
    digest = hashlib.sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{kind}:{digest[:32]}"


def card_key(token_hash: str) -> str:
    """The throttle key of a card, from the hash the database keeps (same as account_key)."""
    return f"card:{token_hash[:32]}"


def client_key(account: str, client: str) -> str:
    """A throttle key for one account tried from one client (a known device or an address)."""
    digest = hashlib.sha256(client.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{account}|{digest[:16]}"

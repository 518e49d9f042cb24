"""Counting tries at a secret in the database, atomically: session in, flush, never commit.

A try is counted (under a row lock) before its secret is checked, in a transaction of its own;
so N parallel tries never check more secrets than the limit allows, on any number of workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from spelotheek.auth import rules
from spelotheek.auth.models import LoginThrottle
from spelotheek.db import rows_affected
from spelotheek.registry import PURGERS

# Rows untouched this long are forgotten by `purge-expired` (longer than any back-off).
FORGET_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class Check:
    """One key a try is counted under, with its limit.

    `forgive`: a right secret ends this key's failures (true for an account's own keys, false
    for an address, where one family's success must not wipe another's wrong tries).
    """

    key: str
    limit: rules.Limit
    forgive: bool = True


def _tries(row: LoginThrottle) -> rules.Tries:
    return rules.Tries(row.window_started_at, row.attempts, row.failures, row.blocked_until)


def _store(row: LoginThrottle, tries: rules.Tries) -> None:
    row.window_started_at = tries.window_started_at
    row.attempts = tries.attempts
    row.failures = tries.failures
    row.blocked_until = tries.blocked_until


def _locked_rows(session: Session, keys: Sequence[str], now: datetime) -> dict[str, Any]:
    """The rows for these keys, created when new and locked until the transaction ends."""
    ordered = sorted(set(keys))  # one order everywhere: two tries never wait on each other
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(LoginThrottle.__table__)
        .values([{"key": key, "window_started_at": now} for key in ordered])
        .on_conflict_do_nothing()
    )
    # FOR UPDATE on PostgreSQL; on SQLite the writing transaction already holds the write lock.
    rows = session.scalars(
        select(LoginThrottle)
        .where(LoginThrottle.key.in_(ordered))
        .order_by(LoginThrottle.key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    return {row.key: row for row in rows}


def begin(session: Session, checks: Sequence[Check], now: datetime) -> rules.Verdict:
    """Count a try under every key, or under none when any key refuses it (with the wait)."""
    rows = _locked_rows(session, [c.key for c in checks], now)
    verdicts = [(c, rules.admit(_tries(rows[c.key]), c.limit, now)) for c in checks]
    refused = [v for _, v in verdicts if not v.allowed]
    if refused:
        return max(refused, key=lambda v: v.wait)
    for check, verdict in verdicts:
        _store(rows[check.key], verdict.tries)
    session.flush()
    return verdicts[0][1]


def settle(session: Session, checks: Sequence[Check], ok: bool, now: datetime) -> None:
    """Record how a counted try ended: a success gives its try back, a failure may back off."""
    rows = _locked_rows(session, [c.key for c in checks], now)
    for check in checks:
        tries = _tries(rows[check.key])
        if ok:
            tries = rules.after_success(tries, check.forgive)
        else:
            tries = rules.after_failure(tries, check.limit, now)
        _store(rows[check.key], tries)
    session.flush()


def tries_for(session: Session, key: str) -> rules.Tries | None:
    """What is remembered for one key, or None."""
    row = session.get(LoginThrottle, key)
    return _tries(row) if row is not None else None


def forget(session: Session, account_key: str) -> int:
    """Forget every try at this account, from every client (an unlock); answers the rows."""
    result = session.execute(
        delete(LoginThrottle).where(
            or_(
                LoginThrottle.key == account_key,
                LoginThrottle.key.startswith(account_key + "|", autoescape=True),
            )
        )
    )
    session.flush()
    return rows_affected(result)


def purge_old_tries(session: Session, now: datetime, _settings: Any) -> dict[str, int]:
    """Forget throttle rows nobody tried for a while and that block nothing."""
    result = session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.window_started_at < now - FORGET_AFTER,
            or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until < now),
        )
    )
    session.flush()
    return {"login_throttles": rows_affected(result)}


PURGERS.append(purge_old_tries)

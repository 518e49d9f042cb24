"""Whether this instance can take requests: the parts `/readyz` reports on, each on its own."""

from __future__ import annotations

from functools import cache

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from spelotheek.backup_checks import head_revision, known_revisions

# A probe answers within the load balancer's own timeout: a hung Redis is "down", not a hung probe.
REDIS_TIMEOUT_SECONDS = 1.0


@cache
def code_head() -> str:
    """The schema version this code needs, read from the migration files once per process."""
    return head_revision()


@cache
def code_revisions() -> frozenset[str]:
    """Every schema version this code's migrations know, read once per process."""
    return known_revisions()


def schema_state(session: Session) -> str:
    """'current', 'behind', 'ahead' or 'unreachable'.

    Ahead: a version this code does not know, written by newer code's `spelotheek migrate`. A
    rolling upgrade migrates first and restarts the instances after, so the old ones stay
    ready meanwhile (docs/scale.md: a migration the previous release still runs on). Behind,
    the code needs tables the database lacks: not ready.
    """
    try:
        found = session.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return "unreachable"
    if found == [code_head()]:
        return "current"
    if len(found) == 1 and found[0] not in code_revisions():
        return "ahead"
    return "behind"


@cache
def _redis(url: str) -> Redis:
    """One client (and connection pool) per address and process: probes come every few seconds."""
    return Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )


def redis_state(url: str | None) -> str:
    """'ok', 'down', or 'not used' when no REDIS_URL is set."""
    if not url:
        return "not used"
    try:
        _redis(url).ping()
    except RedisError:
        return "down"
    return "ok"

"""Whether this instance can take requests: the parts `/readyz` reports on, each on its own."""

from __future__ import annotations

from functools import cache

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from spelotheek.backup_checks import head_revision

# A probe answers within the load balancer's own timeout: a hung Redis is "down", not a hung probe.
REDIS_TIMEOUT_SECONDS = 1.0


@cache
def code_head() -> str:
    """The schema version this code needs, read from the migration files once per process."""
    return head_revision()


def schema_state(session: Session) -> str:
    """'current', 'behind' (or ahead: another version than the code's) or 'unreachable'."""
    try:
        found = session.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return "unreachable"
    return "current" if found == [code_head()] else "behind"


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

"""Database outages: recognise one wherever it surfaces, however the driver words it."""

from __future__ import annotations

import sqlite3
from typing import TypeGuard

from sqlalchemy import exc

# What a 503 asks clients (browsers, the desk app, monitoring) to wait before trying again: a
# restarted PostgreSQL or a moved disk is usually back within this, and the pool reconnects.
RETRY_AFTER_SECONDS = 30

# SQLAlchemy's code for "Can't reconnect until invalid transaction is rolled back": the session
# is used again after its connection died (other PendingRollbackErrors are not outages).
_INVALIDATED = "8s2b"


def is_outage(error: BaseException | None) -> TypeGuard[BaseException]:
    """True when the error, or one it was raised from or while handling, says the database
    cannot be reached or used right now (connection lost or refused, locked, pool exhausted)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if _says_outage(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def _says_outage(error: BaseException) -> bool:
    import psycopg

    if isinstance(error, exc.DBAPIError):
        return error.connection_invalidated or isinstance(
            error, exc.OperationalError | exc.InterfaceError
        )
    if isinstance(error, exc.PendingRollbackError):
        return error.code == _INVALIDATED
    return isinstance(
        error,
        exc.DisconnectionError
        | exc.TimeoutError  # every pooled connection busy for too long: overloaded, try again
        | psycopg.OperationalError
        | psycopg.InterfaceError
        | sqlite3.OperationalError,
    )

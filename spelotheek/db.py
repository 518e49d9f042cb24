"""The database: declarative base, UTC timestamps, engine and a session per request."""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, cast

from flask import Flask, current_app, g
from sqlalchemy import (
    ColumnElement,
    DateTime,
    Insert,
    MetaData,
    Row,
    Table,
    Update,
    any_,
    bindparam,
    create_engine,
    event,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, QueryableAttribute, Session, sessionmaker
from sqlalchemy.sql import Executable
from sqlalchemy.types import TypeDecorator, TypeEngine

from spelotheek.outage import is_outage

log = logging.getLogger(__name__)

WRITE_OPTION = "spelotheek_write"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An instant stored as naive UTC and read back as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an instant is needed")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Base of every model; constraint names are predictable for migrations."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime}

    if TYPE_CHECKING:  # every model maps one Table (no joins or subqueries): Core insert() needs it
        __table__: ClassVar[Table]


def rows_affected(result: object) -> int:
    """How many rows an UPDATE or DELETE touched (Session.execute types its result as a plain
    Result; for these statements it is a CursorResult, which counts)."""
    return cast("CursorResult[Any]", result).rowcount or 0


def utcnow() -> datetime:
    """The current instant in UTC (for services and column defaults, never for rules)."""
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    """An engine for the URL; SQLite gets WAL, foreign keys and a busy timeout.

    Errors never carry the statement's values (hide_parameters): they end up in logs, and the
    values are names, e-mail addresses and card hashes.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Python's sqlite3 would otherwise open transactions lazily and hide BEGIN from us.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # A writing transaction takes the write lock up front, so two desks that read and
            # then write wait for each other instead of failing on a lock upgrade.
            immediate = conn.get_execution_options().get(WRITE_OPTION)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    # pool_pre_ping: a connection the server dropped between two requests (restart, failover,
    # pg_terminate_backend) is replaced before a request gets it, instead of failing that request.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True)


def init_app(app: Flask) -> None:
    """Bind an engine and session factory to the app and close sessions on teardown."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["engine"] = engine
    app.extensions["sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            release(session)


def release(session: Session) -> None:
    """Close a session without ever raising: the answer is made by now (a writing request has
    committed), so a connection that died under it is thrown away, and only logged. Raising here
    would replace any answer with the server's bare 500."""
    try:
        session.close()  # rolls back what the request read
    except Exception as error:
        name = type(getattr(error, "orig", None) or error).__name__
        if is_outage(error):
            log.warning("database connection lost at the end of a request: %s", name)
        else:
            log.error("closing the database session failed: %s", name)
        try:
            session.invalidate()  # never hand this connection to another request
        except Exception as again:
            log.error("dropping the broken connection failed: %s", type(again).__name__)


def get_session() -> Session:
    """The session of the current request (or app context)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["sessionmaker"]()
    return g.db_session


def write_together(
    session: Session,
    first: Insert | Update,
    *more: Insert | Update,
    params: Mapping[str, Any] | None = None,
) -> Sequence[Row[Any]]:
    """Send writes of one transaction together: the rows `first` returns (its RETURNING).

    On PostgreSQL the others ride along as data-modifying CTEs of `first`, so the desk's writes
    cost one round trip; all run or none, and a constraint any of them breaks fails the whole
    statement. Each writes its own table (SQLAlchemy cannot compile two INSERTs into one table
    in one statement), and each sets every column a Python-side default or onupdate would fill:
    SQLAlchemy fills those only for the statement it compiles last. SQLite, in-process, runs
    them one by one. Statements built once, with bound `params`, are joined once too.
    """
    returns = len(first.exported_columns) > 0  # the RETURNING columns
    if not more or session.get_bind().dialect.name != "postgresql":
        result = session.execute(first, params)
        rows = result.all() if returns else []
        for statement in more:
            session.execute(statement, params)
        return rows
    result = session.execute(_joined(first, more), params)
    return result.all() if returns else []


@lru_cache(maxsize=16)
def _joined(first: Insert | Update, more: tuple[Insert | Update, ...]) -> Executable:
    """The writes as one statement: `first`, the others as data-modifying CTEs."""
    riders = [statement.cte(f"write_{n}") for n, statement in enumerate(more, 1)]
    if len(first.exported_columns) > 0:
        return select(first.cte("returned")).add_cte(*riders)
    return first.add_cte(*riders)


def one_of(
    column: ColumnElement[Any] | QueryableAttribute[Any],
    name: str,
    item_type: TypeEngine[Any],
    dialect: str,
) -> ColumnElement[bool]:
    """`column` equals one of the values bound as `name` (a list). On PostgreSQL `= ANY(array)`:
    one statement text whatever the number of values, so the driver and the server keep it
    prepared; a hundred-value IN list cost more to write out and plan than to run. Elsewhere an
    expanding IN."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(item_type)))
    return column.in_(bindparam(name, expanding=True))


def database_answers(session: Session) -> bool:
    """Whether the database answers a trivial query (the health check)."""
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


_writer = threading.local()


@contextmanager
def _writers_queue(engine: Engine) -> Iterator[None]:
    """On a SQLite file, writing transactions of every process and thread queue on a file lock.

    SQLite lets a waiting writer poll with growing sleeps (1, 2, 5 … 100 ms), so under load its
    lock sits free while the waiters sleep; a blocking flock next to the database hands the turn
    to the next writer at once. PostgreSQL queues writers itself; memory databases have one
    connection.
    """
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:" or getattr(_writer, "holds", False):
        yield
        return
    # Each transaction opens the lock file anew: flock locks of two opens exclude each other,
    # also between threads of one process.
    descriptor = os.open(path + "-writers", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        _writer.holds = True
        yield
    finally:
        _writer.holds = False
        os.close(descriptor)  # closing releases the lock


@contextmanager
def transaction() -> Iterator[Session]:
    """Run one writing transaction: commit when the block succeeds, roll back when it raises."""
    session = get_session()
    if session.in_transaction():
        session.commit()  # end the reading transaction the request may have begun
    with _writers_queue(current_app.extensions["engine"]):
        session.connection(execution_options={WRITE_OPTION: True})
        try:
            yield session
            session.commit()
        except BaseException:
            # All or nothing: a refusal whose trace must stay (a revoked card scanned) writes
            # that trace in a second transaction of its own (families/revoked.py).
            session.rollback()
            raise

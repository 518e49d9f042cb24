"""Shared fixtures: every database test runs on SQLite and, when TEST_DATABASE_URL is set,
on PostgreSQL too (a fresh database per run, dropped afterwards)."""

from __future__ import annotations

import gc
import importlib.util
import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import (
    Connection,
    String,
    Table,
    TextClause,
    create_engine,
    exists,
    inspect,
    literal,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from spelotheek import create_app
from spelotheek.auth import passwords
from spelotheek.config import normalise_database_url
from spelotheek.db import Base
from spelotheek.migrate import upgrade

# Passwords and PINs are hashed with argon2id at its cheapest in tests: the library's recommended
# cost (~0.2 s of CPU per hash or check) was a third of the suite's time, spent on logins.
# Hashes still are argon2id, checked the same way; only the work factor is lower.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
passwords._DUMMY_HASH = passwords._hasher.hash("no account has this password")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Every module is imported: keep those objects out of the garbage collector's sweeps.

    They live for the whole run; without this each full collection walks them all again.
    """
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked one_database check what the browser renders, not what the database does:
    they run on SQLite only, so the PostgreSQL leg does not repeat minutes of page checks."""
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if item.get_closest_marker("one_database") and params.get("database_url") == "postgresql":
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _backends() -> list[str]:
    backends = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL"):
        backends.append("postgresql")
    return backends


@pytest.fixture(scope="session", params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[str]:
    """A migrated, empty database for this test run."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        upgrade(url)
        yield url
        forget_kept_apps(url)
        return
    admin_url = normalise_database_url(os.environ["TEST_DATABASE_URL"])
    name = f"spelotheek_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        upgrade(url)
        yield url
    finally:
        forget_kept_apps(url)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def settings_for(database_url: str, **extra: object) -> dict[str, object]:
    """Settings for an app under test."""
    settings: dict[str, object] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_URL": database_url,
        "SERVER_NAME": None,
        "BASE_URL": "http://localhost",  # the test client's host: links in pages point there
    }
    settings.update(extra)
    return settings


_TABLES: dict[str, tuple[list[Table], TextClause]] = {}  # database URL → tables, and the probe


def _tables(connection: Connection, url: str) -> tuple[list[Table], TextClause]:
    """The migrated tables, children first, and one query naming those that hold a row."""
    if url not in _TABLES:
        existing = set(inspect(connection).get_table_names())
        # Only migrated tables: a model whose migration is still being written is skipped.
        tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name in existing]
        probe = union_all(
            *(select(literal(t.name, String())).where(exists().select_from(t)) for t in tables)
        )
        # Compiled once, as plain SQL: building and compiling it after every test cost more
        # than running it.
        sql = probe.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
        _TABLES[url] = tables, text(str(sql))
    return _TABLES[url]


def _empty_all_tables(app: Flask) -> None:
    """Every table empty and, on PostgreSQL, every id counting from 1 again.

    Only the tables a test filled are emptied: one query finds them. TRUNCATE of every table
    took about a second per test on PostgreSQL (it makes new files); DELETE of a few rows does not.
    """
    engine = app.extensions["engine"]
    with engine.begin() as connection:
        tables, probe = _tables(connection, str(engine.url))
        filled = set(connection.execute(probe).scalars())
        for table in tables:  # children before parents, so no foreign key is left dangling
            if table.name in filled:
                connection.execute(table.delete())
        if connection.dialect.name == "postgresql":
            # What TRUNCATE … RESTART IDENTITY did: counters that handed out ids start again.
            connection.execute(
                text(
                    "SELECT setval(format('%I.%I', schemaname, sequencename), 1, false)"
                    " FROM pg_sequences WHERE last_value IS NOT NULL"
                )
            )
        if "network_domains" in filled:
            _seed_life_domains(connection)


@cache
def _migration_seeds():
    """The migration that writes the ten life domains, loaded once (its data, not a copy)."""
    path = next(Path(__file__).parent.parent.glob("migrations/versions/*_0014_network_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0014", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _seed_life_domains(connection: Connection) -> None:
    """Write the life domains again as a fresh installation has them."""
    module = _migration_seeds()
    context = MigrationContext.configure(connection)
    with Operations.context(context):
        module._seed_domains()


@pytest.fixture
def app_settings() -> dict[str, object]:
    """Extra settings a test module can override."""
    return {}


# Apps built this session, by database and settings: building one costs ~0.3 s (werkzeug
# compiles every route), once per test that was minutes of the suite.
_APPS: dict[str, Flask] = {}
_KEPT_APPS = 8
# The most recently used apps keep one idle connection each for the next test; the others hold
# none. Per worker that is two connections more than before (PostgreSQL allows 100 in all).
_APPS_WITH_A_CONNECTION = 2


def forget_kept_apps(database_url: str) -> None:
    """Close the kept apps' connections to a database (before it is dropped or read as a file)."""
    url = normalise_database_url(database_url)
    for key in [key for key, app in _APPS.items() if app.config["DATABASE_URL"] == url]:
        _APPS.pop(key).extensions["engine"].dispose()


def _setup_of(app: Flask) -> tuple[int, ...]:
    """What a test could add to an app that later tests must not inherit (routes, hooks)."""
    hooks = (
        app.before_request_funcs,
        app.after_request_funcs,
        app.teardown_request_funcs,
        app.url_value_preprocessors,
        app.url_default_functions,
        app.template_context_processors,
    )
    return (
        len(list(app.url_map.iter_rules())),
        len(app.view_functions),
        len(app.teardown_appcontext_funcs),
        *(sum(len(funcs) for funcs in hook.values()) for hook in hooks),
        sum(len(codes) for spec in app.error_handler_spec.values() for codes in spec.values()),
        len(app.jinja_env.globals),
        len(app.jinja_env.filters),
        id(app.json),
    )


@pytest.fixture
def app(
    request: pytest.FixtureRequest, database_url: str, app_settings: dict[str, object]
) -> Iterator[Flask]:
    """The application on a clean database, with its settings as built.

    One app per database and settings serves every test that asks for the same (its settings
    are put back and its tables emptied after each test); tests marked own_app, which add
    routes or hooks, get an app of their own.
    """
    from spelotheek.extensions import limiter

    key = repr((database_url, sorted(app_settings.items())))
    own = request.node.get_closest_marker("own_app") is not None
    application = None if own else _APPS.pop(key, None)
    if application is None:
        application = create_app(settings_for(database_url, **app_settings))
    else:
        # The limiter is one object that the last app built has taken over: give it back to
        # this app, with no request counted yet, as building this app would have done.
        limiter.init_app(application)
    settings = dict(application.config)
    setup = _setup_of(application)
    try:
        yield application
    finally:
        _empty_all_tables(application)
        application.config.clear()
        application.config.update(settings)
        engine = application.extensions["engine"]
        if own or _setup_of(application) != setup:
            engine.dispose()  # no connection outlives an app that is not kept
        else:
            # Kept with one idle connection: a new connection for every test (on PostgreSQL a
            # server process whose caches start cold) was about a tenth of a test's time.
            if engine.pool.checkedin() > 1 or engine.pool.checkedout():
                engine.dispose()
            _APPS[key] = application  # most recently used last
            while len(_APPS) > _KEPT_APPS:
                _APPS.pop(next(iter(_APPS))).extensions["engine"].dispose()
            for older in list(_APPS.values())[:-_APPS_WITH_A_CONNECTION]:
                if older.extensions["engine"].pool.checkedin():
                    older.extensions["engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client (cookies kept between requests)."""
    return app.test_client()


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A database session for service tests and test data.

    It holds no app context: requests made by the test client get their own, as in production.
    """
    session = app.extensions["sessionmaker"]()
    yield session
    session.close()


@pytest.fixture
def backend(database_url: str) -> str:
    """'sqlite' or 'postgresql'."""
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Outbox:
    """Messages received by a real local SMTP server during a test."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        from email import message_from_bytes
        from email.policy import default

        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"


@pytest.fixture
def outbox(app: Flask) -> Iterator[Outbox]:
    """A local SMTP server; the app sends to it through smtplib like in production."""
    from aiosmtpd.controller import Controller

    handler = Outbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield handler
    finally:
        controller.stop()

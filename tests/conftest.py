"""Shared fixtures: every database test runs on SQLite and, when TEST_DATABASE_URL is set,
on PostgreSQL too (a fresh database per run, dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from spelotheek import create_app
from spelotheek.config import normalise_database_url
from spelotheek.db import Base
from spelotheek.migrate import upgrade


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


def _empty_all_tables(app: Flask) -> None:
    engine = app.extensions["engine"]
    with engine.begin() as connection:
        existing = set(inspect(connection).get_table_names())
        # Only migrated tables: a model whose migration is still being written is skipped.
        tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name in existing]
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def app_settings() -> dict[str, object]:
    """Extra settings a test module can override."""
    return {}


@pytest.fixture
def app(database_url: str, app_settings: dict[str, object]) -> Iterator[Flask]:
    """The application on a clean database."""
    application = create_app(settings_for(database_url, **app_settings))
    yield application
    _empty_all_tables(application)
    application.extensions["engine"].dispose()


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

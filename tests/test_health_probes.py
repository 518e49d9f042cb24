"""/healthz (the process answers) and /readyz (database, migrations and Redis), in each state a
load balancer must tell apart; and the visitor's address behind TRUSTED_PROXIES."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from spelotheek import create_app
from spelotheek.config import normalise_database_url
from spelotheek.migrate import alembic_config, upgrade
from tests.conftest import free_port, settings_for
from tests.test_outage import TcpProxy

PRODUCTION = {"TESTING": False, "BASE_URL": "https://spelotheek.example.be"}
MACHINE = {"Host": "10.0.0.7:8000"}  # a probe names the machine's address, not the site's


def _probe(app: Flask, path: str):
    answer = app.test_client().get(path, headers=MACHINE)
    assert "Set-Cookie" not in answer.headers
    assert answer.headers["Cache-Control"] == "no-store"
    return answer


@pytest.fixture
def own_database(backend: str, tmp_path) -> Iterator[str]:
    """A database of this test's own at head, which the test may downgrade."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'own.sqlite'}"
        upgrade(url)
        yield url
        return
    admin_url = normalise_database_url(os.environ["TEST_DATABASE_URL"])
    name = f"spelotheek_probe_{uuid.uuid4().hex[:12]}"
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


def test_live_answers_without_the_database(tmp_path) -> None:
    app = create_app(settings_for(f"sqlite:///{tmp_path}/nowhere/site.sqlite", **PRODUCTION))
    answer = _probe(app, "/healthz")
    assert answer.status_code == 200 and answer.get_json() == {"status": "ok"}
    assert _probe(app, "/readyz").status_code == 503


def test_ready_when_the_database_is_at_head_on_any_host(database_url: str) -> None:
    app = create_app(settings_for(database_url, **PRODUCTION))
    answer = _probe(app, "/readyz")
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "current",
        "redis": "not used",
    }
    assert app.test_client().get("/privacy", headers=MACHINE).status_code == 400  # only probes


def test_not_ready_while_the_database_is_down(database_url: str, backend: str, tmp_path) -> None:
    if backend == "sqlite":
        app = create_app(settings_for(f"sqlite:///{tmp_path}/unmounted/site.sqlite"))
        proxy = None
    else:
        url = make_url(database_url)
        proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
        proxy.start()
        moved = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        app = create_app(settings_for(moved))
        assert _probe(app, "/readyz").status_code == 200
        proxy.cut()
    answer = _probe(app, "/readyz")
    assert answer.status_code == 503 and int(answer.headers["Retry-After"]) > 0
    assert answer.get_json() == {
        "status": "unavailable",
        "database": "unreachable",
        "migrations": "unknown",
        "redis": "not used",
    }
    assert _probe(app, "/healthz").status_code == 200  # alive: wait, do not restart it
    app.extensions["engine"].dispose()


def test_not_ready_while_migrations_are_behind(own_database: str) -> None:
    config = alembic_config(own_database)
    command.downgrade(config, "-1")
    app = create_app(settings_for(own_database))
    answer = _probe(app, "/readyz")
    assert answer.status_code == 503
    assert answer.get_json()["database"] == "ok"
    assert answer.get_json()["migrations"] == "behind"
    app.extensions["engine"].dispose()
    upgrade(own_database)
    app = create_app(settings_for(own_database))
    assert _probe(app, "/readyz").get_json()["migrations"] == "current"
    app.extensions["engine"].dispose()


def test_still_ready_when_newer_code_migrated_the_database(own_database: str) -> None:
    # A rolling upgrade runs the new code's `spelotheek migrate` first; the old instances keep
    # serving until each is restarted, so a version they do not know is "ahead", not "behind".
    engine = create_engine(own_database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_newer_code'"))
    engine.dispose()
    app = create_app(settings_for(own_database))
    answer = _probe(app, "/readyz")
    assert answer.status_code == 200
    assert answer.get_json()["migrations"] == "ahead"
    app.extensions["engine"].dispose()


def test_redis_down_is_said_but_the_instance_stays_ready(database_url: str) -> None:
    up = create_app(settings_for(database_url, REDIS_URL="redis://127.0.0.1:6379/0"))
    assert _probe(up, "/readyz").get_json()["redis"] == "ok"
    closed = f"redis://127.0.0.1:{free_port()}/0"
    down = create_app(settings_for(database_url, REDIS_URL=closed))
    answer = _probe(down, "/readyz")
    assert answer.status_code == 200
    assert answer.get_json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "current",
        "redis": "down",
    }


def test_the_visitors_address_comes_from_the_trusted_proxy(tmp_path) -> None:
    from spelotheek.auth.access import allow
    from spelotheek.auth.roles import EVERYONE
    from spelotheek.extensions import limiter

    seen: list[str | None] = []
    for proxies in (0, 1):
        app = create_app(
            settings_for(f"sqlite:///{tmp_path}/{proxies}.sqlite", TRUSTED_PROXIES=proxies)
        )

        @app.get("/whoami")  # a probe route of this test's own app
        @allow(EVERYONE)
        def whoami():
            from flask import request

            seen.append(request.remote_addr)
            return request.scheme

        answer = app.test_client().get(
            "/whoami",
            headers={"X-Forwarded-For": "203.0.113.9, 198.51.100.4", "X-Forwarded-Proto": "https"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )
        assert answer.get_data(as_text=True) == ("https" if proxies else "http")
    # One proxy: its own addition (the last) is the visitor; the earlier one could be forged.
    assert seen == ["127.0.0.1", "198.51.100.4"]
    limiter.init_app(app)

"""A database connection lost in the middle of a request: wherever it breaks (a view, the login
check, an error page, the rollback at teardown) the visitor gets the friendly 503 page in their
language with Retry-After, the API its JSON error, and the next request is served again.

On PostgreSQL the app's server process is really killed (pg_terminate_backend); on SQLite, which
has no server, the connection's file handle is closed under it and the database file is locked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from spelotheek import create_app
from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.db import get_session, transaction
from tests.conftest import free_port, settings_for
from tests.factories import family_id, login_as, make_family, make_user, staff_id

FRENCH_503 = "Le site ne marche pas pour le moment"
A_NAME = "Fatima El Amrani"  # personal data that must not reach a log

pytestmark = pytest.mark.own_app  # adds probe routes and kills the app's connections


@pytest.fixture
def app_settings() -> dict[str, object]:
    """Answer as in production: an error inside an error handler is not re-raised to the test."""
    return {"PROPAGATE_EXCEPTIONS": False}


def _kill(connection: Any, database_url: str) -> None:
    """Cut one open connection of the app the hard way."""
    raw = connection.connection.dbapi_connection
    if database_url.startswith("postgresql"):
        pid = raw.info.backend_pid
        killer = create_engine(database_url, poolclass=NullPool)
        with killer.connect() as other:
            # The timeout makes the call wait until the server process is really gone.
            assert other.scalar(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        killer.dispose()
    else:
        raw.close()


def _kill_all(app: Flask, database_url: str) -> None:
    """Cut every connection the app's pool holds, between two requests."""
    if database_url.startswith("postgresql"):
        killer = create_engine(database_url, poolclass=NullPool)
        with killer.connect() as other:
            other.execute(
                text(
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        killer.dispose()
    else:
        pool = app.extensions["engine"].pool
        for record in list(pool._pool.queue):  # the idle connections the pool keeps
            record.dbapi_connection.close()


@contextmanager
def _killed_before(app: Flask, database_url: str, statement: str) -> Iterator[list[str]]:
    """Kill the app's connection just before it sends the first statement containing `statement`."""
    seen: list[str] = []

    def _before(connection, _cursor, sql: str, *_args: object) -> None:
        if statement in sql and not seen:
            seen.append(sql)
            _kill(connection, database_url)

    engine = app.extensions["engine"]
    event.listen(engine, "before_cursor_execute", _before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", _before)


def _add_probe(app: Flask, database_url: str) -> None:
    """Test-only routes that lose their connection while they work."""

    def probe(step: str):
        session = get_session()
        session.execute(text("SELECT 1"))  # the request now holds a connection
        _kill(session.connection(), database_url)
        if step == "read":
            session.execute(text("SELECT 1"))
        elif step == "write":
            with transaction() as db:
                db.execute(text("SELECT 1"))
        return "done"

    view = allow(EVERYONE)(probe)
    app.add_url_rule("/outage-probe/<step>", "outage_probe", view)
    app.add_url_rule("/api/v1/outage-probe/<step>", "api_outage_probe", view)


def _assert_friendly_503(response, text_in_language: str = FRENCH_503) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert int(response.headers["Retry-After"]) > 0
    assert response.mimetype == "text/html"
    assert text_in_language in response.get_data(as_text=True)


def _assert_api_503(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert int(response.headers["Retry-After"]) > 0
    body = response.get_json()
    assert body["error"] == "unavailable" and body["message"]


def _assert_served(client: FlaskClient, path: str = "/") -> None:
    assert client.get(path).status_code == 200


FR = {"Accept-Language": "fr"}


@pytest.mark.parametrize("step", ["read", "write"])
def test_a_connection_lost_while_the_view_works_is_a_503(app, client, database_url, step) -> None:
    _add_probe(app, database_url)
    _assert_friendly_503(client.get(f"/outage-probe/{step}", headers=FR))
    _assert_api_503(client.get(f"/api/v1/outage-probe/{step}"))
    _assert_served(client)


def test_a_connection_lost_after_the_answer_was_made_keeps_the_answer(
    app, client, database_url
) -> None:
    """Only the rollback at teardown meets the dead connection: the page already made stands."""
    _add_probe(app, database_url)
    response = client.get("/outage-probe/nothing-after")
    assert response.status_code == 200 and response.get_data(as_text=True) == "done"
    _assert_served(client)


def test_a_connection_lost_while_loading_who_is_logged_in(app, client, db, database_url) -> None:
    user = make_user(db, "staff")
    db.commit()
    login_as(client, staff_id(user))
    with _killed_before(app, database_url, "FROM users") as seen:
        _assert_friendly_503(client.get("/families/", headers=FR))
    assert seen
    assert client.get("/families/").status_code == 200  # still logged in, served again


def test_a_connection_lost_while_a_refusal_is_audited(app, client, db, database_url) -> None:
    """A family at a staff page: the refusal writes an audit row, and the database goes away."""
    family, _code = make_family(db)
    db.commit()
    login_as(client, family_id(family))
    with _killed_before(app, database_url, "INSERT INTO audit") as seen:
        _assert_friendly_503(client.get("/families/", headers=FR))
    assert seen
    assert client.get("/families/").status_code == 403


def test_a_connection_lost_while_the_api_reads(app, client, database_url) -> None:
    with _killed_before(app, database_url, "SELECT") as seen:
        _assert_api_503(client.get("/api/v1/toys"))
    assert seen
    assert client.get("/api/v1/toys").status_code == 200


def test_an_error_page_that_reads_the_database_when_it_is_gone(
    app, client, database_url, caplog
) -> None:
    """A 404 page that shows something from the database (say, the opening hours)."""
    from spelotheek.errors import error_response

    def not_found(_error):
        get_session().execute(text("SELECT :name"), {"name": A_NAME})
        return error_response(404)

    app.register_error_handler(404, not_found)
    assert client.get("/no-such-page").status_code == 404
    with _killed_before(app, database_url, "SELECT") as seen:
        _assert_friendly_503(client.get("/no-such-page", headers=FR))
    assert seen
    assert "Fatima" not in caplog.text  # the failed statement is logged without its values
    assert client.get("/no-such-page").status_code == 404


def test_every_pooled_connection_killed_between_two_requests(app, client, db, database_url) -> None:
    user = make_user(db, "staff")
    db.commit()
    db.close()
    login_as(client, staff_id(user))
    _assert_served(client, "/families/")
    _kill_all(app, database_url)
    first = client.get("/families/", headers=FR)
    if database_url.startswith("postgresql"):
        assert first.status_code == 200  # the pool pings a connection before handing it out
    else:
        assert first.status_code in {200, 503}
        if first.status_code == 503:
            _assert_friendly_503(first)
    _assert_served(client, "/families/")


def _locked_out(database_url: str) -> Callable[[Session], None]:
    """Make the app's next read or write wait for a lock held elsewhere, briefly."""
    if database_url.startswith("postgresql"):
        return lambda session: session.execute(text("SET lock_timeout = '200ms'"))
    return lambda session: session.execute(text("PRAGMA busy_timeout = 200"))


def test_a_database_locked_by_someone_else_is_a_503(app, client, database_url) -> None:
    shorten = _locked_out(database_url)

    def write():
        session = get_session()
        shorten(session)
        session.commit()
        with transaction() as db:
            db.execute(text("UPDATE locations SET name = name"))
        return "done"

    app.add_url_rule("/outage-probe-locked", "outage_probe_locked", allow(EVERYONE)(write))
    holder = create_engine(database_url, poolclass=NullPool)
    with holder.connect() as other:
        if database_url.startswith("postgresql"):
            other.execute(text("LOCK TABLE locations IN ACCESS EXCLUSIVE MODE"))
        else:
            other.exec_driver_sql("BEGIN IMMEDIATE")
        _assert_friendly_503(client.get("/outage-probe-locked", headers=FR))
        other.rollback()
    holder.dispose()
    assert client.get("/outage-probe-locked").status_code == 200


def test_a_database_that_does_not_answer_at_all(database_url: str, tmp_path) -> None:
    """PostgreSQL on a port where nothing listens; SQLite at a path that is not a file."""
    if database_url.startswith("postgresql"):
        broken = f"postgresql://postgres@127.0.0.1:{free_port()}/test"
    else:
        (tmp_path / "a-folder").mkdir()
        broken = f"sqlite:///{tmp_path / 'a-folder'}"
    app = create_app(settings_for(broken, PROPAGATE_EXCEPTIONS=False))
    client = app.test_client()
    for path in ("/", "/meetups", "/toys", "/topics", "/meetups.ics", "/meetups/poster"):
        _assert_friendly_503(client.get(path, headers=FR))
    _assert_api_503(client.get("/api/v1/toys"))
    _assert_api_503(client.get("/api/v1/topics"))
    health = client.get("/health")
    assert health.status_code == 503 and int(health.headers["Retry-After"]) > 0
    app.extensions["engine"].dispose()

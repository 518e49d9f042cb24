"""Migration 0016: the topics' signals become the network's signals, ids and links kept."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from spelotheek.config import normalise_database_url
from spelotheek.migrate import alembic_config

BEFORE, AFTER = "0015_handovers", "0016_signals"


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get("TEST_DATABASE_URL") else ["sqlite"]


@pytest.fixture(params=_backends())
def empty_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    admin_url = normalise_database_url(os.environ["TEST_DATABASE_URL"])
    name = f"spelotheek_mig_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _run(url: str, sql: str, **values: object) -> list:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(sql), values)
            return result.all() if result.returns_rows else []
    finally:
        engine.dispose()


def _topic_signals_at_0015(url: str) -> None:
    command.upgrade(alembic_config(url), BEFORE)
    stamp = "2026-03-01 10:00:00"
    for ident, title, note, status, times in (
        (3, "Waarborg kinderopvang", "Doorgegeven aan het OCMW", "passed_on", 4),
        (7, "Geen plaats in de avondopvang", "", "resolved", 1),
        (8, "Schoolfactuur te hoog", "", "new", 2),
    ):
        _run(
            url,
            "INSERT INTO topic_signals (id, title, note, status, occurrences, created_at,"
            " updated_at) VALUES (:id, :title, :note, :status, :times, :stamp, :stamp)",
            id=ident, title=title, note=note, status=status, times=times, stamp=stamp,
        )  # fmt: skip
    _run(
        url,
        "INSERT INTO topics (id, text, summary, audience, status, decline_reason, planned_theme,"
        " note_talked, note_found, note_next, created_at, updated_at, signal_id) VALUES (11,"
        " 'Te duur', '', 'open', 'accepted', '', '', '', '', '', :stamp, :stamp, 3)",
        stamp=stamp,
    )
    _run(
        url,
        "INSERT INTO topic_supports (topic_id, browser_hash, created_at)"
        " VALUES (11, 'abc', :stamp)",
        stamp=stamp,
    )


def test_topic_signals_become_signals_and_back(empty_url: str) -> None:
    _topic_signals_at_0015(empty_url)

    command.upgrade(alembic_config(empty_url), AFTER)

    found = _run(
        empty_url,
        "SELECT id, title, status, barrier_count, first_seen_on, level FROM signals ORDER BY id",
    )
    assert [(r[0], r[1], r[2], r[3], r[5]) for r in found] == [
        (3, "Waarborg kinderopvang", "passed_on", 4, "local"),
        (7, "Geen plaats in de avondopvang", "solved", 1, "local"),
        (8, "Schoolfactuur te hoog", "open", 2, "local"),
    ]
    assert str(found[0][4]) == str(date(2026, 3, 1))
    history = _run(empty_url, "SELECT signal_id, status, what_changed FROM signal_history")
    assert ("3", "passed_on", "Doorgegeven aan het OCMW") in {
        (str(s), st, w) for s, st, w in history
    }
    assert len(history) == 3
    # The topic still points at its signal, and nothing that hangs on the topic was lost.
    assert _run(empty_url, "SELECT signal_id FROM topics WHERE id = 11") == [(3,)]
    assert _run(empty_url, "SELECT count(*) FROM topic_supports") == [(1,)]
    assert "topic_signals" not in _tables(empty_url)
    # A new signal gets a fresh id (PostgreSQL's sequence moved past the copied ids).
    _run(
        empty_url,
        "INSERT INTO signals (title, outcome, level, authority, status, barrier_count,"
        " first_seen_on, created_at, updated_at) VALUES ('Nieuw', '', 'local', '', 'open', 1,"
        " '2026-04-01', '2026-04-01 09:00:00', '2026-04-01 09:00:00')",
    )
    assert _run(empty_url, "SELECT max(id) FROM signals") == [(9,)]
    # A status the old topics never knew is refused by the database.
    with pytest.raises(Exception, match="(?i)check"):
        _run(empty_url, "UPDATE signals SET status = 'resolved' WHERE id = 3")

    command.downgrade(alembic_config(empty_url), BEFORE)

    back = _run(empty_url, "SELECT id, status, occurrences, note FROM topic_signals ORDER BY id")
    assert [tuple(r) for r in back] == [
        (3, "passed_on", 4, "Doorgegeven aan het OCMW"),
        (7, "resolved", 1, ""),
        (8, "new", 2, ""),
        (9, "new", 1, ""),
    ]
    assert _run(empty_url, "SELECT signal_id FROM topics WHERE id = 11") == [(3,)]
    assert _run(empty_url, "SELECT count(*) FROM topic_supports") == [(1,)]
    assert "signals" not in _tables(empty_url)


def _tables(url: str) -> set[str]:
    from sqlalchemy import inspect

    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()

"""Writing transactions on a SQLite file queue on a lock file next to it (db._writers_queue):
a writer waits for the one before it and starts as soon as it is done."""

from __future__ import annotations

import fcntl
import os
import threading
import time

import pytest
from sqlalchemy import insert, select

from spelotheek.audit import AuditEvent
from spelotheek.db import _writers_queue, get_session, transaction, utcnow


def _write_in_a_thread(app, done: threading.Event) -> threading.Thread:
    def work() -> None:
        with app.app_context(), transaction() as db:
            db.execute(insert(AuditEvent).values(at=utcnow(), actor_kind="test", action="queued"))
        done.set()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def test_a_writer_nobody_waits_for_goes_at_once(app) -> None:
    done = threading.Event()
    _write_in_a_thread(app, done).join(10)
    assert done.is_set()
    with app.app_context():
        assert get_session().scalars(select(AuditEvent.action)).all() == ["queued"]


def test_a_writer_waits_for_the_lock_file_and_goes_when_it_is_released(app, backend) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL queues writers itself: no lock file is involved")
    path = app.extensions["engine"].url.database
    done = threading.Event()
    holder = os.open(path + "-writers", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)  # another process's writer holds the turn
        thread = _write_in_a_thread(app, done)
        assert not done.wait(0.5)
    finally:
        os.close(holder)
    began = time.monotonic()
    thread.join(10)
    assert done.is_set() and time.monotonic() - began < 2
    with app.app_context():
        assert get_session().scalars(select(AuditEvent.action)).all() == ["queued"]


def test_a_nested_transaction_in_one_thread_does_not_wait_for_itself(app) -> None:
    engine = app.extensions["engine"]

    def nested() -> None:
        with _writers_queue(engine), _writers_queue(engine):
            pass  # would block for good if the inner one took the lock again

    thread = threading.Thread(target=nested, daemon=True)
    thread.start()
    thread.join(5)
    assert not thread.is_alive()

"""The ways a committed message reaches the provider: an RQ job on the real Redis, a thread of
the web process without Redis, the sweep; and delivery reports over real HTTP."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from flask import Flask
from rq import SimpleWorker
from rq.job import Job
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from spelotheek.db import utcnow
from spelotheek.messages import outbox
from spelotheek.messages.models import Message
from tests.messages.conftest import queued, use_provider
from tests.messages.standin import StandIn


def _due(db: Session, key: str = "due:1") -> Message:
    """A message due a minute ago (real time: jobs read the clock)."""
    # The way a message travels does not depend on the hour, but these tests run on the real
    # clock: a login link may go at any hour, so they pass at night too (quiet hours have
    # their own tests in test_rules.py and test_delivery.py).
    message = queued(db, key=key, now=utcnow(), purpose="login_link")
    message.send_after = utcnow() - timedelta(minutes=1)
    return message


def _status(db: Session, message_id: int) -> str:
    db.rollback()
    db.expire_all()
    found = db.get(Message, message_id)
    assert found is not None
    return found.status


def _wait(check: Callable[[], bool], seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def rq_queue(app: Flask, redis_url: str, standin: StandIn) -> Iterator[object]:
    """A queue of its own on the real Redis, emptied afterwards."""
    use_provider(app, standin, REDIS_URL=redis_url, MESSAGE_QUEUE=f"test-{uuid.uuid4().hex}")
    queue = outbox.queue(app.config)
    try:
        yield queue
    finally:
        for key in queue.connection.scan_iter(f"spelotheek:{queue.name}:enqueued:*"):
            queue.connection.delete(key)
        queue.delete(delete_jobs=True)


def test_with_redis_a_committed_message_is_one_rq_job(
    app: Flask, db: Session, standin: StandIn, rq_queue
) -> None:
    message = _due(db)
    db.commit()  # after the commit, not before: a rolled-back message is never queued
    assert rq_queue.count == 1
    # Enqueueing the same try again (a second web process, the sweep) is a no-op.
    assert outbox.enqueue(app.config, [(message.id, outbox.try_token(message))]) == 0
    assert rq_queue.count == 1
    with app.app_context():
        SimpleWorker([rq_queue], connection=rq_queue.connection).work(burst=True)
    assert _status(db, message.id) == "sent"
    assert len(standin.sent) == 1 and len(standin.requests) == 1


def test_a_rolled_back_message_is_never_queued(db: Session, rq_queue) -> None:
    _due(db)
    db.flush()
    db.rollback()
    assert rq_queue.count == 0


def test_an_rq_job_that_hits_a_500_is_scheduled_again(
    app: Flask, db: Session, standin: StandIn, rq_queue
) -> None:
    message = _due(db)
    db.commit()
    standin.next("500")
    with app.app_context():
        SimpleWorker([rq_queue], connection=rq_queue.connection).work(burst=True)
    assert _status(db, message.id) == "queued"
    assert rq_queue.scheduled_job_registry.count == 1  # again in 30 seconds
    # The sweep finds that try already waiting on the queue: it adds nothing.
    with app.app_context():
        assert outbox.send_due(db, utcnow() + timedelta(minutes=1)) == {"short messages queued": 0}
    # Its time comes (moved forward here rather than waited for): it is sent, once.
    db.query(Message).filter_by(id=message.id).update({"send_after": utcnow()})
    db.commit()
    registry = rq_queue.scheduled_job_registry
    for job_id in registry.get_job_ids():
        registry.remove(job_id)
        rq_queue.enqueue_job(Job.fetch(job_id, connection=rq_queue.connection))
    with app.app_context():
        SimpleWorker([rq_queue], connection=rq_queue.connection).work(burst=True)
    assert _status(db, message.id) == "sent"
    assert len(standin.sent) == 1 and len(standin.requests) == 2


def test_without_redis_the_web_process_sends_it_after_the_commit(
    app: Flask, db: Session, standin: StandIn
) -> None:
    use_provider(app, standin)
    message = _due(db)
    db.commit()
    assert _wait(lambda: _status(db, message.id) == "sent")
    assert len(standin.sent) == 1


def test_the_sweep_sends_what_is_due_in_this_process(
    app: Flask, db: Session, standin: StandIn
) -> None:
    # Not dispatched: no provider when it was committed (a login link: any hour, as above).
    message = queued(db, now=utcnow(), purpose="login_link")
    db.commit()
    use_provider(app, standin)
    with app.app_context():
        later = message.send_after + timedelta(minutes=1)
        assert outbox.send_due(db, later) == {"short messages sent": 1}
        assert outbox.send_due(db, later) == {"short messages sent": 0}
    assert len(standin.sent) == 1


@pytest.fixture
def served(app: Flask) -> Iterator[str]:
    """The app on a real port, so the stand-in can call it back."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def test_a_provider_that_reports_twice_changes_the_message_once(
    app: Flask, db: Session, standin: StandIn, served: str
) -> None:
    use_provider(app, standin, BASE_URL=served)
    standin.next("twice")
    message = _due(db)
    db.commit()
    assert _wait(lambda: len(standin.report_statuses) == 2)
    assert standin.report_statuses == [200, 200]
    assert _status(db, message.id) == "delivered"
    assert len(standin.sent) == 1 and len(standin.requests) == 1
    assert standin.requests[0]["callback_url"] == f"{served}/api/v1/messages/delivery"

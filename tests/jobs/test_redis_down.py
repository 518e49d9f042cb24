"""REDIS_URL set but Redis unreachable: the site keeps lending, showing pages and logging
families in; request limits count in memory; a message queued meanwhile stays queued in the
database, and the sweep sends it once Redis is back."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue, SimpleWorker
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.auth.services import create_api_token
from spelotheek.db import utcnow
from spelotheek.jobs.queue import connect, run_slot
from spelotheek.jobs.rules import slot_at
from spelotheek.jobs.work import BY_NAME
from spelotheek.messages.models import Message
from tests.factories import PIN, make_family, make_user
from tests.loans.factories import make_location, make_toy
from tests.messages.conftest import (  # noqa: F401  (redis_url, standin: fixtures)
    queued,
    redis_url,
    standin,
    use_provider,
)
from tests.messages.standin import StandIn


@pytest.fixture
def app_settings(closed_redis_url: str) -> dict[str, object]:
    """Redis is configured, and down (its port refuses, all session)."""
    return {"REDIS_URL": closed_redis_url}


@pytest.fixture
def back(app: Flask, redis_url: str) -> Iterator[dict[str, str]]:  # noqa: F811  (fixture)
    """What to set when Redis is back: its address and queues of this test only."""
    tag = uuid.uuid4().hex[:10]
    names = {"REDIS_URL": redis_url, "JOBS_QUEUE": f"jobs-{tag}", "MESSAGE_QUEUE": f"m-{tag}"}
    yield names
    connection = connect(names)
    for key in connection.scan_iter(f"*{tag}*"):
        connection.delete(key)


def _csrf(client: FlaskClient, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert found, page[:300]
    return found.group(1)


def test_with_redis_down_the_site_lends_shows_pages_and_logs_families_in(
    app: Flask, db: Session, client: FlaskClient, closed_redis_url: str
) -> None:
    assert app.config["RATELIMIT_STORAGE_URI"] == closed_redis_url  # the limits would live in Redis
    token = create_api_token(db, None, make_user(db, role="volunteer"), "desk")
    toy = make_toy(db, location=make_location(db))
    label = toy.items[0].label
    _, card = make_family(db, "Amira", with_pin=True)
    db.commit()

    assert client.get("/").status_code == 200
    assert client.get("/toys").status_code == 200
    answer = client.post(
        "/api/v1/loans",
        json={"card": card, "item": label},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201, answer.get_json()
    response = client.post(
        "/family/login",
        data={"csrf_token": _csrf(client, "/family/login"), "card": card, "pin": PIN},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    # A route with a request limit (Flask-Limiter) answers; its count is kept in memory.
    visitor = app.test_client()
    signed_up = visitor.post("/groups/offer", data={"csrf_token": _csrf(visitor, "/groups/offer")})
    assert signed_up.status_code < 500


def test_a_message_queued_while_redis_is_down_is_sent_by_the_sweep_later(
    app: Flask,
    db: Session,
    standin: StandIn,  # noqa: F811  (the fixture)
    back: dict[str, str],
) -> None:
    use_provider(app, standin)
    message = queued(db, now=utcnow(), purpose="login_link")  # due now, at any hour
    db.commit()  # hands it to Redis after the commit: refused, and only logged
    assert db.scalar(select(Message.status).where(Message.id == message.id)) == "queued"

    app.config.update(back)  # Redis is back
    job = BY_NAME["messages"]
    with app.app_context():
        assert run_slot(job, slot_at(job.schedule, utcnow())) == {"short messages queued": 1}
        messages = Queue(back["MESSAGE_QUEUE"], connection=connect(back))
        SimpleWorker([messages], connection=messages.connection).work(burst=True)
    db.rollback()
    assert db.scalar(select(Message.status).where(Message.id == message.id)) == "sent"
    assert len(standin.sent) == 1


def test_a_message_queued_while_redis_does_not_answer_holds_the_commit_up_briefly(
    app: Flask, db: Session, silent_redis_url: str
) -> None:
    app.config["REDIS_URL"] = silent_redis_url  # a host that takes the connection, then hangs
    message = queued(db, now=utcnow(), purpose="login_link")
    started = time.monotonic()
    db.commit()  # what a request does before it answers: hands the message to Redis
    assert time.monotonic() - started < 3
    assert db.scalar(select(Message.status).where(Message.id == message.id)) == "queued"

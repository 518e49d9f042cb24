"""Lost-card texts per number are counted in the database too (issue 23: Redis down, or one
limiter per process, must not multiply the texts a phone gets).

Flask-Limiter still stands in front; these tests take it out of the way (reset between asks, or
switched off) to show the database alone holds the limit, also for parallel asks.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import make_server

from spelotheek.auth import rules
from spelotheek.db import utcnow
from spelotheek.extensions import limiter
from spelotheek.families import loginlinks
from spelotheek.families.models import Family, LoginLink
from spelotheek.messages.models import Message
from spelotheek.messages.services import set_channels
from tests.factories import make_family

NOON = datetime(2026, 12, 7, 11, 0, tzinfo=UTC)
EN = {"Accept-Language": "en"}
HOURLY = rules.parse_limits("3 per hour")


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def three_per_hour(app: Flask) -> Iterator[None]:
    """LOGIN_LINK_LIMIT '3 per hour' (the fixture puts the app's settings back afterwards)."""
    app.config["LOGIN_LINK_LIMIT"] = "3 per hour"
    yield


@pytest.fixture
def no_limiter() -> Iterator[None]:
    """Flask-Limiter switched off, as when its store is another process's memory."""
    limiter.enabled = False
    try:
        yield
    finally:
        limiter.enabled = True


def _texting(db, name: str = "Amira", phone: str = "+32470123456") -> Family:
    family, _ = make_family(db, name, phone=phone)
    set_channels(db, family, {"sms"}, utcnow())
    db.commit()
    return family


def _links_queued(db) -> int:
    db.rollback()  # a fresh read: the views wrote in their own transactions
    return db.scalar(
        select(func.count()).select_from(Message).where(Message.purpose == "login_link")
    )


def _page(response) -> str:
    return re.sub(r'<meta name="csrf-token"[^>]*>', "", response.get_data(as_text=True))


def _body(_family: Family, token: str) -> str:
    return f"link {token}"


# --- the rules -------------------------------------------------------------------------------


def test_the_setting_reads_as_flask_limiter_reads_it() -> None:
    assert rules.parse_limits("3 per hour;6 per day") == (
        rules.Limit(3, timedelta(hours=1)),
        rules.Limit(6, timedelta(days=1)),
    )
    assert rules.parse_limits("2/2 hours, 5 per minute")[0] == rules.Limit(2, timedelta(hours=2))
    for wrong in ("", "three per hour", "3 per fortnight"):
        with pytest.raises(ValueError):
            rules.parse_limits(wrong)


def test_one_more_fits_while_every_window_has_room() -> None:
    both = rules.parse_limits("3 per hour;6 per day")
    sent = [NOON - timedelta(minutes=m) for m in (5, 30, 59)]
    assert not rules.fits_within(sent, both, NOON)
    assert rules.fits_within(sent, both, NOON + timedelta(minutes=2))  # the 59th slid out
    day = [NOON - timedelta(hours=h) for h in (2, 3, 4, 5, 6, 23)]
    assert not rules.fits_within(day, both, NOON)  # six today, though none this hour
    assert rules.fits_within(day, both, NOON + timedelta(hours=2))
    assert rules.fits_within([NOON] * 100, (), NOON)  # no limit set
    # A clock a little ahead on another instance: its texts count, they are not in the future.
    assert not rules.fits_within([NOON + timedelta(seconds=5)] * 3, both, NOON)


# --- the service -------------------------------------------------------------------------------


def test_past_the_limit_no_link_and_no_text_are_made(db) -> None:
    _texting(db)
    sent = [loginlinks.send_link(db, "+32470123456", NOON, _body, limits=HOURLY) for _ in "1234"]
    assert [m is not None for m in sent] == [True, True, True, False]
    assert db.scalar(select(func.count()).select_from(LoginLink)) == 3
    later = NOON + timedelta(hours=1)
    assert loginlinks.send_link(db, "+32470123456", later, _body, limits=HOURLY) is not None


def test_texts_count_per_number_over_the_families_that_share_it(db) -> None:
    _texting(db, "Amira")
    first = db.scalars(select(Family)).one()
    set_channels(db, first, set(), utcnow())  # not texted: the next family with the number is
    _texting(db, "Bram")
    for _ in range(3):
        assert loginlinks.send_link(db, "+32470123456", NOON, _body, limits=HOURLY) is not None
    set_channels(db, first, {"sms"}, utcnow())  # now Amira's turn: the number had its texts
    assert loginlinks.send_link(db, "+32470123456", NOON, _body, limits=HOURLY) is None


def test_sent_and_failed_texts_count_too(db) -> None:
    _texting(db)
    for _ in range(3):
        loginlinks.send_link(db, "+32470123456", NOON, _body, limits=HOURLY)
    messages = db.scalars(select(Message)).all()
    for message, status in zip(messages, ("sent", "failed", "delivered"), strict=True):
        message.status, message.body = status, ""
    db.flush()
    assert loginlinks.send_link(db, "+32470123456", NOON, _body, limits=HOURLY) is None


# --- through the page ----------------------------------------------------------------------------


def test_four_asks_within_the_hour_queue_three_texts_whatever_the_limiter_forgot(
    client, db, three_per_hour
) -> None:
    _texting(db)
    pages = []
    for _ in range(4):
        limiter.reset()  # as on another instance, or after a restart: its memory is empty
        response = client.post("/family/lost", data={"phone": "0470 12 34 56"}, headers=EN)
        assert response.status_code == 200
        pages.append(_page(response))
    assert _links_queued(db) == 3
    assert len(set(pages)) == 1  # the fourth answers as the first: nothing tells it apart
    assert "If this number is known, a text is on its way." in pages[-1]


def test_without_the_limiter_the_database_still_limits(client, db, three_per_hour, no_limiter):
    _texting(db)
    statuses = [
        client.post("/family/lost", data={"phone": written}).status_code
        for written in ("0470123456", "+32 470 12 34 56", "0032470123456", "0470/12.34.56")
    ]
    assert statuses == [200] * 4
    assert _links_queued(db) == 3


@pytest.fixture
def served(app: Flask) -> Iterator[str]:
    """The app on a real port, answering each request in a thread of its own."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def test_parallel_asks_at_the_limit_queue_no_more_than_the_limit(
    app, db, served, three_per_hour, no_limiter
) -> None:
    _texting(db)
    app.config["BASE_URL"] = served
    asks = 10
    start = threading.Barrier(asks)
    statuses: list[int] = [0] * asks

    def ask(index: int) -> None:
        start.wait()
        answer = requests.post(served + "/family/lost", data={"phone": "0470123456"}, timeout=60)
        statuses[index] = answer.status_code

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(asks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert statuses == [200] * asks
    assert _links_queued(db) == 3

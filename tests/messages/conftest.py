"""Fixtures for delivery: the stand-in provider over real HTTP, and Redis for the RQ path."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import redis
from flask import Flask
from sqlalchemy.orm import Session

from spelotheek.messages.models import Message
from spelotheek.messages.services import queue_message, set_channels
from tests.factories import make_family
from tests.messages.standin import KEY, StandIn

NOON = datetime(2026, 12, 9, 11, 0, tzinfo=UTC)  # 12:00 in Brussels
SECRET = "callback-secret-for-tests"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def standin() -> Iterator[StandIn]:
    """The provider, on a free port of this machine."""
    server = StandIn(callback_secret=SECRET).start()
    try:
        yield server
    finally:
        server.stop()


def use_provider(app: Flask, server: StandIn, **more: object) -> None:
    """Point the app at the stand-in (the settings are put back after the test)."""
    app.config.update(
        MESSAGE_PROVIDER_URL=server.url,
        MESSAGE_PROVIDER_KEY=KEY,
        MESSAGE_CALLBACK_SECRET=SECRET,
        MESSAGE_TIMEOUT_SECONDS=1,
        **more,
    )


def queued(
    db: Session,
    key: str = "due:1",
    now: datetime = NOON,
    channels: set[str] | None = None,
    purpose: str = "due_soon",
) -> Message:
    """A family that opted in, and one message queued for it (not committed)."""
    family, _ = make_family(db, phone="0470 12 34 56")
    set_channels(db, family, channels or {"sms"}, now)
    message = queue_message(db, family, purpose, "Amira, bring the toy back.", now=now, key=key)
    assert message is not None
    return message


def _redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The real Redis on 127.0.0.1:6379; started here (like .ci/run) when none answers."""
    if _redis_answers(REDIS_URL):
        yield REDIS_URL
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail(f"no Redis at {REDIS_URL} and no redis-server to start")
    process = subprocess.Popen(
        [binary, "--port", "6379", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            if _redis_answers(REDIS_URL):
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"redis-server did not start at {REDIS_URL}")
        yield REDIS_URL
    finally:
        process.terminate()
        process.wait(timeout=10)

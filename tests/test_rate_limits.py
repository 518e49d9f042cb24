"""Login limits are shared between workers through Redis when REDIS_URL is set."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

from spelotheek import create_app
from tests.conftest import settings_for

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_url() -> str:
    if not _redis_answers():
        if os.environ.get("CI"):
            pytest.fail(f"no Redis at {REDIS_URL}; .ci/run starts one")
        pytest.skip("no Redis server on this machine")
    return REDIS_URL


def test_two_workers_share_the_login_limit(database_url: str, redis_url: str) -> None:
    # A prefix per run keeps parallel test runs and earlier runs apart.
    settings = settings_for(
        database_url,
        REDIS_URL=redis_url,
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
    )
    first, second = create_app(dict(settings)), create_app(dict(settings))
    assert first.config["RATELIMIT_STORAGE_URI"] == redis_url
    email = f"{uuid.uuid4().hex}@example.org"
    data = {"email": email, "password": "wrong password"}
    for app in (first, second, first, second, first):
        app.config["WTF_CSRF_ENABLED"] = False
        assert app.test_client().post("/login", data=data).status_code == 400
    assert second.test_client().post("/login", data=data).status_code == 429
    for app in (first, second):
        app.extensions["engine"].dispose()

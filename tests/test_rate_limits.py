"""Login limits are shared between workers through Redis when REDIS_URL is set."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
import redis

from spelotheek import create_app
from spelotheek.paths import ROOT
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
    prefix = f"test-{uuid.uuid4().hex}"
    settings = settings_for(
        database_url,
        REDIS_URL=redis_url,
        REDIS_KEY_PREFIX=prefix,
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


def test_request_limits_in_redis_carry_the_sites_prefix(database_url: str, redis_url: str) -> None:
    # Two sites on one Redis (or a test run and the one before) never share a count: every key
    # starts with REDIS_KEY_PREFIX. A process of its own, as on a server: Flask-Limiter is one
    # object per process, and this test process has made many apps before.
    prefix = f"site-{uuid.uuid4().hex}"
    script = (
        "import sys; from spelotheek import create_app; from tests.conftest import settings_for\n"
        "url, redis_url, prefix = sys.argv[1:]\n"
        "app = create_app(settings_for(url, REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix))\n"
        "app.config['WTF_CSRF_ENABLED'] = False\n"
        "answer = app.test_client().post('/family/lost', data={'phone': '0470 12 34 56'})\n"
        "sys.exit(0 if answer.status_code == 200 else answer.status_code)\n"
    )
    done = subprocess.run(  # noqa: S603  (this interpreter, our own script)
        [sys.executable, "-c", script, database_url, redis_url, prefix],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    keys = [key.decode() for key in redis.Redis.from_url(redis_url).scan_iter(f"*{prefix}*")]
    assert keys and all(key.startswith(f"LIMITS:LIMITER/{prefix}/") for key in keys), keys

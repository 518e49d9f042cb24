"""Fixtures for jobs: the real Redis, queue names of this test only, and a worker process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask

from tests.messages.conftest import redis_url  # noqa: F401  (the session's real Redis)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def closed_redis_url() -> Iterator[str]:
    """A Redis address that refuses at once, all session: its port stays bound by this process
    without listening (Linux answers a connection with a reset), so no other test binds it."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield f"redis://127.0.0.1:{held.getsockname()[1]}/0"


@pytest.fixture
def silent_redis_url() -> Iterator[str]:
    """A Redis address that never answers: connections are accepted by the kernel (the backlog)
    and then left waiting, as a host whose Redis hangs or whose network drops the replies."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen(64)
        yield f"redis://127.0.0.1:{held.getsockname()[1]}/0"


@pytest.fixture
def queues(app: Flask, redis_url: str) -> Iterator[dict[str, str]]:  # noqa: F811  (the fixture)
    """REDIS_URL and queue names no other test (or test worker) uses; their keys go after."""
    tag = uuid.uuid4().hex[:10]
    names = {
        "REDIS_URL": redis_url,
        "JOBS_QUEUE": f"jobs-{tag}",
        "MESSAGE_QUEUE": f"messages-{tag}",
    }
    app.config.update(names)
    yield names
    connection = redis.Redis.from_url(redis_url)
    for key in connection.scan_iter(f"*{tag}*"):  # queues, registries, jobs, slot claims
        connection.delete(key)


class Workers:
    """`spelotheek jobs …` in processes of their own (each its own process group), with logs."""

    def __init__(self, database_url: str, names: dict[str, str], folder: Path) -> None:
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "BASE_URL": "http://localhost",
            **names,
        }
        self.folder = folder
        self.started: list[subprocess.Popen[bytes]] = []

    def start(
        self, name: str, *arguments: str, through: str | None = None
    ) -> subprocess.Popen[bytes]:
        """Start `spelotheek jobs ARGUMENTS`, logging to FOLDER/NAME.log."""
        env = {**self.env, "REDIS_URL": through} if through else self.env
        with (self.folder / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from spelotheek.cli import main; main()",
                    "jobs",
                    *arguments,
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append(process)
        return process

    def log(self, name: str) -> str:
        """What the process NAME wrote."""
        return (self.folder / f"{name}.log").read_text()

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the process and its work horse (its process group), and reap it."""
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture
def workers(database_url: str, queues: dict[str, str], tmp_path: Path) -> Iterator[Workers]:
    """Start job processes; whatever still runs at the end is killed."""
    started = Workers(database_url, queues, tmp_path)
    yield started
    for process in started.started:
        started.kill(process)

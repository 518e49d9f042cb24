"""Twenty-four desks lend the same copy at once through three server processes: one wins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, select

from spelotheek.auth.services import create_api_token
from spelotheek.loans.models import Loan
from tests.conftest import free_port
from tests.factories import make_family, make_user
from tests.loans.factories import item_of, make_location, make_toy

ROOT = Path(__file__).resolve().parents[2]
SERVER = """
import sys
from waitress import serve
from spelotheek import create_app
app = create_app({"TESTING": True, "SECRET_KEY": "concurrency-test", "DATABASE_URL": sys.argv[1]})
serve(app, host="127.0.0.1", port=int(sys.argv[2]), threads=8)
"""


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            url = f"http://127.0.0.1:{port}/health"
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310  (http to our server)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"server on port {port} did not start")


def _post(url: str, token: str, body: dict) -> int:
    request = urllib.request.Request(  # noqa: S310  (http to our own test server)
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310  (our server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_parallel_checkouts_of_one_item_lend_it_once(app, db, database_url, tmp_path) -> None:
    user = make_user(db, role="volunteer")
    token = create_api_token(db, None, user, "desk")
    toy = make_toy(db, copies=1, location=make_location(db))
    label = item_of(toy).label
    cards = [make_family(db, f"Family {n}")[1] for n in range(24)]
    db.commit()
    ports = [free_port() for _ in range(3)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    logs = [(tmp_path / f"server-{port}.log").open("wb") for port in ports]
    servers = [
        subprocess.Popen(
            [sys.executable, "-c", SERVER, database_url, str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for port, log in zip(ports, logs, strict=True)
    ]
    try:
        for port in ports:
            _wait_until_up(port)
        jobs = [
            (f"http://127.0.0.1:{ports[n % 3]}/api/v1/loans", {"card": card, "item": label})
            for n, card in enumerate(cards)
        ]
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            statuses = list(pool.map(lambda job: _post(job[0], token, job[1]), jobs))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
        for log in logs:
            log.close()
    output = "\n".join(p.read_text() for p in tmp_path.glob("server-*.log"))
    assert sorted(statuses) == [201] + [409] * (len(cards) - 1), (statuses, output[-3000:])
    assert db.scalar(select(func.count(Loan.id))) == 1

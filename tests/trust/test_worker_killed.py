"""A worker killed in the middle of a burst of checkouts loses no committed loan and creates
no duplicate; the other workers go on, and a restarted worker serves again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import urllib.error
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from spelotheek.auth.services import create_api_token
from spelotheek.loans.models import Item, Loan
from tests.conftest import free_port
from tests.factories import make_family, make_user
from tests.loans.factories import make_location, make_toy
from tests.loans.test_concurrency import ROOT, SERVER, _post, _wait_until_up

ITEMS = 30


def _start(database_url: str, port: int, log) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", SERVER, database_url, str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _try_post(url: str, token: str, body: dict) -> int | None:
    try:
        return _post(url, token, body)
    except (urllib.error.URLError, ConnectionError, OSError):
        return None  # the worker died with the request: no answer


def test_a_killed_worker_loses_no_loan_and_makes_no_duplicate(db, database_url, tmp_path) -> None:
    token = create_api_token(db, None, make_user(db, role="volunteer"), "desk")
    toy = make_toy(db, copies=ITEMS, location=make_location(db))
    labels = sorted(item.label for item in toy.items)
    cards = [make_family(db, f"Family {n}")[1] for n in range(ITEMS * 2)]
    db.commit()
    ports = [free_port() for _ in range(3)]
    logs = [(tmp_path / f"server-{p}.log").open("wb") for p in ports]
    servers = [_start(database_url, port, log) for port, log in zip(ports, logs, strict=True)]
    try:
        for port in ports:
            _wait_until_up(port)
        # Two families ask for every copy, through different workers.
        jobs = [
            (
                f"http://127.0.0.1:{ports[n % 3]}/api/v1/loans",
                {"card": cards[n], "item": labels[n % ITEMS]},
            )
            for n in range(ITEMS * 2)
        ]
        started = threading.Semaphore(0)

        def send(job):
            started.release()
            return job[1]["item"], _try_post(job[0], token, job[1])

        with ThreadPoolExecutor(max_workers=12) as pool:
            futures = [pool.submit(send, job) for job in jobs]
            for _ in range(ITEMS // 2):
                started.acquire()
            servers[0].send_signal(signal.SIGKILL)  # mid-burst, no goodbye
            answers = [f.result() for f in futures]
        servers[0].wait(timeout=10)

        db.rollback()
        open_loans = db.execute(
            select(Loan.item_id, func.count())
            .where(Loan.returned_at.is_(None))
            .group_by(Loan.item_id)
        ).all()
        assert all(count == 1 for _, count in open_loans), "a copy was lent twice"
        lent_items = {label for label, status in answers if status == 201}
        in_db = set(
            db.scalars(
                select(Item.label)
                .join(Loan, Loan.item_id == Item.id)
                .where(Loan.returned_at.is_(None))
            )
        )
        assert lent_items <= in_db, "a loan that was answered 201 is missing"
        assert all(status in (201, 409, None) for _, status in answers), answers
        assert any(status is None for _, status in answers), "the kill came too late to matter"
        assert len(lent_items) >= ITEMS // 2

        # A restarted worker serves again, on the same database.
        servers[0] = _start(database_url, ports[0], logs[0])
        _wait_until_up(ports[0])
        free = next(label for label in labels if label not in in_db) if len(in_db) < ITEMS else None
        if free is not None:
            status = _post(
                f"http://127.0.0.1:{ports[0]}/api/v1/loans",
                token,
                {"card": cards[-1], "item": free},
            )
            assert status in (201, 422)  # 422 when that family already has its three toys
    finally:
        for server in servers:
            if server.poll() is None:
                server.terminate()
                server.wait(timeout=10)
        for log in logs:
            log.close()

"""The message bench (issue 21): 10,000 due reminders queued for families that opted in
(PostgreSQL), handed to the stand-in provider through RQ workers on the real Redis; none twice.

    .venv/bin/python -m bench.messages        (`make bench` runs it too; BENCH_ONLY=messages alone)

Environment: BENCH_MESSAGES (10000), BENCH_MESSAGE_WORKERS (4 RQ worker processes),
BENCH_REDIS_URL (redis://127.0.0.1:6379/13). Timed: from the first message queued to the last
one the provider has taken. Exits 1 when the budget (bench/budgets.py) is missed or a message
went out twice or not at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text

from bench import budgets
from bench.generate import DATA, PG_ADMIN
from spelotheek.config import normalise_database_url
from spelotheek.paths import ROOT

RESULT = DATA / "messages.json"
SECRET = "bench-secret-key-on-loopback-only"  # noqa: S105 - a throwaway app
WORKER = """
import sys
from rq import SimpleWorker
from spelotheek import create_app
from spelotheek.messages.outbox import queue
app = create_app()
with app.app_context():
    q = queue(app.config)
    SimpleWorker([q], connection=q.connection).work(burst=True, logging_level="WARNING")
"""


def _settings(url: str, redis_url: str, queue: str, provider: str) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "MESSAGE_QUEUE": queue,
        "MESSAGE_PROVIDER_URL": provider,
        "MESSAGE_PROVIDER_KEY": "standin-key",
        "SECRET_KEY": SECRET,
        "BASE_URL": "http://127.0.0.1",
        "DEMO": "1",  # plain http to the stand-in on loopback
    }


def _reminder_text(_family: object, *, language: str) -> str:
    """The reminder every family gets (one text: the bench measures queueing and sending)."""
    return "Gezin, breng je speelgoed terug."


def _families(url: str, count: int) -> None:
    """Families with a mobile number and an SMS opt-in, inserted in bulk."""
    from spelotheek.families.models import Family
    from spelotheek.messages.models import MessageConsent

    now = datetime.now(UTC)
    engine = create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        for start in range(0, count, 5000):
            ids = range(start + 1, min(start + 5000, count) + 1)
            connection.execute(
                insert(Family.__table__),
                [
                    {
                        "id": n,
                        "display_name": f"Gezin {n}",
                        "language": "nl",
                        "phone": f"+3247{n:07d}",
                        "reminder_consent": True,
                        "session_version": 1,
                        "created_at": now,
                        "last_active_at": now,
                    }
                    for n in ids
                ],
            )
            connection.execute(
                insert(MessageConsent.__table__),
                [{"family_id": n, "channel": "sms", "given_at": now} for n in ids],
            )
        connection.execute(text("SELECT setval('families_id_seq', :n)"), {"n": count})
    engine.dispose()


def run(count: int, workers: int, redis_url: str) -> dict[str, Any]:
    """Queue `count` reminders, send them through `workers` RQ processes; the figures."""
    from spelotheek import create_app
    from spelotheek.db import transaction
    from spelotheek.families.models import Family
    from spelotheek.messages.models import Message
    from spelotheek.messages.occasions import Occasion, queue_for
    from spelotheek.messages.outbox import queue
    from spelotheek.migrate import upgrade
    from tests.messages.standin import StandIn

    name = f"spelotheek_bench_messages_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_database_url(PG_ADMIN), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    standin = StandIn().start()
    settings = _settings(url, redis_url, f"bench-{uuid.uuid4().hex[:8]}", standin.url)
    rq_queue = None
    try:
        upgrade(normalise_database_url(url))
        _families(url, count)
        app = create_app(dict(settings, DEMO=True))
        rq_queue = queue(app.config)
        # Queued in daylight, so no message waits for the quiet hours to end; and sent as login
        # links, the one purpose the sender also lets through between 21:00 and 08:00 (it
        # checks the hour again when it sends), so the bench measures the same path at any hour.
        noon = datetime.now(UTC).replace(hour=11, minute=0) - timedelta(days=1)
        started = time.perf_counter()
        with app.app_context(), transaction() as db:
            families = db.scalars(select(Family).order_by(Family.id)).all()
            # Through queue_for, as the reminder sweeps queue theirs (loans/reminders.py).
            queue_for(
                db,
                "login_link",
                [Occasion(f, f"bench:due:{f.id}", _reminder_text) for f in families],
                noon,
            )
            # The commit above put one RQ job per message on the queue.
        queued = time.perf_counter() - started
        env = dict(os.environ, PYTHONPATH=str(ROOT), **settings)
        processes = [
            subprocess.Popen([sys.executable, "-c", WORKER], env=env)  # noqa: S603  (our code)
            for _ in range(workers)
        ]
        for process in processes:
            process.wait(timeout=600)
        elapsed = time.perf_counter() - started
        with app.app_context(), transaction() as db:
            sent = db.scalar(
                select(func.count()).select_from(Message).where(Message.status == "sent")
            )
        keys = [r["key"] for r in standin.requests]
        return {
            "messages": count,
            "workers": workers,
            "queued_seconds": round(queued, 2),
            "seconds": round(elapsed, 2),
            "per_second": round(count / elapsed, 1),
            "sent": sent,
            "provider_took": len(standin.accepted),
            "requests": len(keys),
            "sent_twice": len(keys) - len(set(keys)),
        }
    finally:
        standin.stop()
        if rq_queue is not None:
            for key in rq_queue.connection.scan_iter(f"spelotheek:{rq_queue.name}:enqueued:*"):
                rq_queue.connection.delete(key)
            rq_queue.delete(delete_jobs=True)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure() -> dict[str, Any]:
    """The figures of one run, as the environment asks."""
    count = int(os.environ.get("BENCH_MESSAGES") or budgets.MESSAGES_COUNT)
    workers = int(os.environ.get("BENCH_MESSAGE_WORKERS") or 4)
    redis_url = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/13"
    return run(count, workers, redis_url)


def main() -> int:
    """Run it alone, write bench/data/messages.json, and say whether the budget holds."""
    figures = measure()
    DATA.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(figures, indent=1) + "\n")
    print(json.dumps(figures, indent=1))
    missed = budgets.check_messages(figures)
    for line in missed:
        print(f"bench: MISSED: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

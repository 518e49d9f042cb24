"""A job for the kill test: it records each start and finish in a file, and its first run
waits long enough to be killed in the middle (or until the test writes MARKS.go)."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

from spelotheek.jobs.context import app_for_job
from spelotheek.jobs.queue import run_recorded
from spelotheek.jobs.rules import parse_slot


def slow_job(name: str, slot: str, marks: str, seconds: float, limit: float) -> object:
    """One recorded run; the first start waits `seconds` (or for MARKS.go) before it finishes."""
    app = app_for_job()
    app.extensions["engine"].dispose(close=False)  # a forked work horse, as run_job does

    def work() -> dict[str, int]:
        path = Path(marks)
        first = not path.exists()
        with path.open("a") as file:
            file.write(f"start {os.getpid()}\n")
        if first:
            go, deadline = Path(f"{marks}.go"), time.monotonic() + seconds
            while time.monotonic() < deadline and not go.exists():
                time.sleep(0.02)
        with path.open("a") as file:
            file.write("done\n")
        return {"slow": 1}

    with app.app_context():
        return run_recorded(name, parse_slot(slot), timedelta(seconds=limit), work)

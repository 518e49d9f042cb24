"""Memory of the app's workers (issue 25): resident size after the load, and what takes it.

Read from /proc (the bench serves with gunicorn, so Linux only): a worker's VmRSS, and its PSS
(pages shared with the other workers counted in part), which is what a second worker costs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from spelotheek.paths import ROOT

PROC = Path("/proc")


def _status_kb(pid: int, field: str) -> int:
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(f"{field} not in /proc/{pid}/status")


def _pss_kb(pid: int) -> int:
    for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise LookupError(f"Pss not in /proc/{pid}/smaps_rollup")


def children(pid: int) -> list[int]:
    """The direct children of a process (gunicorn's workers, for its master)."""
    found: list[int] = []
    for task in (PROC / str(pid) / "task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return sorted(found)


def workers_rss_mb(master: int) -> list[dict[str, float]]:
    """Resident and proportional memory of each worker of a gunicorn master, in MB; a worker
    that is gone, or being replaced (a zombie has no memory lines), is left out."""
    found = []
    for pid in children(master):
        try:
            rss, pss = _status_kb(pid, "VmRSS"), _pss_kb(pid)
        except (OSError, LookupError):
            continue
        found.append({"rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1)})
    return found


# Run in a fresh interpreter: the resident size after importing each library the app uses, in
# the order given, then after importing the app and building it; the growth from one line to the
# next is what that step adds (a library imported by an earlier one adds nothing of its own).
LIBRARIES = (
    "flask",
    "sqlalchemy",
    "psycopg",
    "jinja2",
    "babel",
    "wtforms",
    "alembic",
    "jsonschema",
    "phonenumbers",
    "icalendar",
    "PIL.Image",
    "qrcode",
    "redis",
    "rq",
    "flask_limiter",
    "boto3",  # S3 photo storage: loaded only when it is configured
)
_PROBE = r"""
import importlib, json, sys
from pathlib import Path

def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)

steps = [("python", rss())]
for name in sys.argv[2:]:
    importlib.import_module(name)
    steps.append((name, rss()))
from spelotheek import create_app
steps.append(("spelotheek imported", rss()))
app = create_app({"SECRET_KEY": "x" * 32, "DATABASE_URL": sys.argv[1],
                  "BASE_URL": "http://127.0.0.1"})
steps.append(("app built", rss()))
print(json.dumps({"steps": steps, "loaded": sorted(m for m in sys.modules if "." not in m)}))
"""


def _probe(database_url: str, libraries: list[str]) -> dict[str, Any]:
    answer = subprocess.run(  # noqa: S603  (our own interpreter and probe, no shell)
        [sys.executable, "-c", _PROBE, database_url, *libraries],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(answer.stdout.strip().splitlines()[-1])


def breakdown(database_url: str) -> dict[str, Any]:
    """Resident MB after each library the built app loads is imported, and after the app is
    built; and every top-level module the built app has loaded.

    A first probe builds the app to learn what it loads; the second imports those of LIBRARIES
    one by one before building it (a library the app leaves alone is not counted)."""
    loaded = set(_probe(database_url, [])["loaded"])
    return _probe(database_url, [name for name in LIBRARIES if name.split(".")[0] in loaded])

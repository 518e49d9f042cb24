"""Building the app and serving pages loads only what they need (issue 25, memory): the
migrations' reader (alembic, with mako and pygments), S3's client and the HSDS schema checker are
loaded by the commands and requests that use them. (A worker of `spelotheek.wsgi` migrates at
start-up, so it does load alembic; migrating once before the workers start would spare that.)
The models, though, are related (SQLAlchemy's configure) as the app is built."""

from __future__ import annotations

import json
import subprocess
import sys

from spelotheek.paths import ROOT

# Build the app, serve the home page and the catalogue, list what was loaded.
PROBE = """
import json, sys
from spelotheek import create_app
from spelotheek.db import Base
app = create_app({"SECRET_KEY": "x" * 32, "DATABASE_URL": sys.argv[1], "TESTING": True,
                  "BASE_URL": "http://localhost"})
unrelated = sorted(m.class_.__name__ for m in Base.registry.mappers if not m.configured)
client = app.test_client()
assert client.get("/").status_code == 200
assert client.get("/toys").status_code == 200
print(json.dumps(unrelated))
print(json.dumps(sorted(m for m in sys.modules if "." not in m)))
"""
LOADED_ON_DEMAND = {"alembic", "mako", "pygments", "boto3", "botocore", "jsonschema", "moto"}


def test_a_worker_serving_pages_loads_no_library_it_does_not_use(database_url: str) -> None:
    answer = subprocess.run(  # noqa: S603  (this interpreter, a fixed probe, no shell)
        [sys.executable, "-c", PROBE, database_url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert answer.returncode == 0, answer.stderr[-2000:]
    *_, unrelated, modules = answer.stdout.strip().splitlines()
    loaded = set(json.loads(modules))
    assert "flask" in loaded and "spelotheek" in loaded  # the probe did load the app
    assert not loaded & LOADED_ON_DEMAND, sorted(loaded & LOADED_ON_DEMAND)
    # The models are related as the app is built, not in a worker's first request (0.17 s).
    assert json.loads(unrelated) == []

"""The bench's WSGI entry point: the production app (as `spelotheek.wsgi`) plus the floor.

BENCH_FLOOR=1 gunicorn --workers 3 bench.wsgi:app
"""

from __future__ import annotations

import os

from flask import Flask

from bench import floor
from spelotheek import create_app
from spelotheek.migrate import upgrade


def create_bench_app() -> Flask:
    """The app as deployed; the floor endpoint only when BENCH_FLOOR is set."""
    app = create_app({"BENCH_FLOOR": os.environ.get("BENCH_FLOOR") in ("1", "true", "True")})
    floor.register(app)
    return app


app = create_bench_app()
upgrade(app.config["DATABASE_URL"])

"""The app an RQ job runs with, in a worker that has none of its own."""

from __future__ import annotations

from flask import Flask, current_app, has_app_context

_job_app: Flask | None = None


def app_for_job() -> Flask:
    """The worker's own app, or one built once per process (settings from the environment)."""
    global _job_app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _job_app is None:
        from spelotheek import create_app

        _job_app = create_app()
    return _job_app

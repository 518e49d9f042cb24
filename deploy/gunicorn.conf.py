"""gunicorn for one app instance: `gunicorn -c deploy/gunicorn.conf.py spelotheek.wsgi:app`.

Each instance listens on its own port (SPELOTHEEK_BIND) behind nginx (deploy/nginx.conf.template).
Stopping it (SIGTERM, `systemctl stop`) is graceful: it stops accepting, finishes the requests it
has, then exits; deploy/rolling-restart takes it out of nginx first, so nothing new arrives.
"""

from __future__ import annotations

import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("SPELOTHEEK_BIND", "127.0.0.1:8001")
# Processes × threads per instance. A worker spends much of a request waiting for PostgreSQL,
# so a few threads each keep the cores busy; two workers survive one crashing.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# How long a stopping instance may take to finish its requests (an upload, an export).
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "30"))
timeout = 60  # a worker silent this long is stuck: gunicorn replaces it
keepalive = 5  # longer than nginx's upstream keepalive_timeout (2 s): nginx closes first
# A fresh process now and then: memory a long-lived worker gathered is given back.
max_requests = 5000
max_requests_jitter = 500
proc_name = "spelotheek"
# gunicorn's control socket has one path per user ($HOME/.gunicorn/gunicorn.ctl): two instances
# on one machine would take it from each other. Stops and reloads go through signals (systemd).
control_socket_disable = True

# The access log: method, path, status, size, milliseconds. No address, no query string (search
# words, card codes), no referrer or browser: logs carry no personal data. Secret tokens that live
# in a path (login links, private calendar feeds, receipts, card look-ups) are cut off too.
accesslog = "-"
errorlog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"

SECRET_PATHS = re.compile(
    r"^(/family/link/|/groups/feed/|/topics/receipt/|/api/v1/cards/)[^/]*(.*)$"
)


def path_for_log(path: str) -> str:
    """The path with a secret token replaced by `…` (nothing else of it changes)."""
    return SECRET_PATHS.sub(r"\1…\2", path)


class PathOnlyLogger(Logger):
    """gunicorn's logger, with the request path's secret tokens cut out of every access line."""

    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        """gunicorn's log fields, the path among them without its secrets."""
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = path_for_log(atoms["U"])
        for field in ("h", "q", "r", "f", "a", "u"):  # address, query, request line, ...
            atoms[field] = "-"
        return atoms


logger_class = PathOnlyLogger

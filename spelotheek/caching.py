"""What browsers and shared caches may keep.

Public pages: for an anonymous visitor, no cookie, an ETag and a short public max-age; for anyone
signed in, or a page that starts a session, `no-store` stays. Static files: their address carries
a fingerprint of their content (`?v=…`), so a browser keeps them a year without asking again, and
a changed file gets a new address (issue 25: a page no longer asks again for its 15–20 pictograms,
style sheets and scripts, each a round trip on a slow phone network).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import lru_cache
from stat import S_ISREG
from typing import Any, TypeVar

from flask import Flask, Response, request, session
from flask_login import current_user
from werkzeug.security import safe_join

PUBLIC_MAX_AGE = 60  # seconds: a changed schedule reaches everyone within a minute
VERSION_ARG = "v"  # the fingerprint's name in a static file's address
STATIC_MAX_AGE = 365 * 24 * 3600  # a fingerprinted file never changes under its address

View = TypeVar("View", bound=Callable[..., object])


def public_page(view: View) -> View:
    """Mark a page that shows an anonymous visitor nothing of their own."""
    view.public_page = True  # type: ignore[attr-defined]
    return view


@lru_cache(maxsize=1024)
def _fingerprint_of(path: str, _mtime_ns: int, _size: int) -> str:
    with open(path, "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()[:12]


def fingerprint(folder: str | None, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None when there is no such file.

    Kept per path, modification time and size: a file edited while the site runs (`make run`)
    gets a new fingerprint at once, and an unchanged one is read only once per process.
    """
    path = safe_join(folder, filename) if folder else None
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):
        return None  # a folder's address (a script adds the file's name to it) stays as it is
    try:
        return _fingerprint_of(path, stat.st_mtime_ns, stat.st_size)
    except OSError:  # replaced or made unreadable since (a deploy): the plain address will do
        return None


def init_app(app: Flask) -> None:
    """Make marked pages cacheable for anonymous visitors, and fingerprinted static files for
    a year (registered after `security`, so it runs before the `no-store` default there)."""

    @app.url_defaults
    def _versioned(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and VERSION_ARG not in values and "filename" in values:
            version = fingerprint(app.static_folder, str(values["filename"]))
            if version is not None:
                values[VERSION_ARG] = version

    @app.after_request
    def _static(response: Response) -> Response:
        asked = request.args.get(VERSION_ARG)
        if (
            asked
            and request.endpoint == "static"
            and response.status_code in (200, 304)
            and asked
            == fingerprint(app.static_folder, str((request.view_args or {}).get("filename", "")))
        ):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = STATIC_MAX_AGE
            response.cache_control.immutable = True
        return response

    @app.after_request
    def _public(response: Response) -> Response:
        view = app.view_functions.get(request.endpoint or "")
        if not (
            getattr(view, "public_page", False)
            and request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not current_user.is_authenticated
            # The session cookie is written after this hook: ask whether it will be.
            and not app.session_interface.should_set_cookie(app, session)
            and "Set-Cookie" not in response.headers
        ):
            return response
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
        response.vary.add("Accept-Language")  # the page's language comes from it (or the cookie)
        response.vary.add("Cookie")
        response.add_etag()
        response.make_conditional(request)  # in place (a 304 when the visitor's copy is current)
        return response

"""Public pages a shared cache may keep: for an anonymous visitor, no cookie, an ETag and a
short public max-age; for anyone signed in, or a page that starts a session, `no-store` stays."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, request, session
from flask_login import current_user

PUBLIC_MAX_AGE = 60  # seconds: a changed schedule reaches everyone within a minute

View = TypeVar("View", bound=Callable[..., object])


def public_page(view: View) -> View:
    """Mark a page that shows an anonymous visitor nothing of their own."""
    view.public_page = True  # type: ignore[attr-defined]
    return view


def init_app(app: Flask) -> None:
    """Make marked pages cacheable for anonymous visitors (registered after `security`, so it
    runs before the `no-store` default there)."""

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

"""Access declarations: every route says who may use it; a central check enforces it.

A route without a declaration is refused for everyone (deny by default), and the
authorisation matrix test fails until it declares its access.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import current_app, request

F = TypeVar("F", bound=Callable[..., Any])
ACCESS_ATTRIBUTE = "spelotheek_access"


def allow(*who: str | Iterable[str]) -> Callable[[F], F]:
    """Declare which principals (see roles.PRINCIPALS) may use the decorated view."""
    allowed: set[str] = set()
    for entry in who:
        allowed.update([entry] if isinstance(entry, str) else entry)

    def mark(view: F) -> F:
        setattr(view, ACCESS_ATTRIBUTE, frozenset(str(p) for p in allowed))
        return view

    return mark


def declared_access(endpoint: str | None) -> frozenset[str] | None:
    """The principals allowed on an endpoint, or None when it declares nothing."""
    if endpoint is None:
        return None
    view = current_app.view_functions.get(endpoint)
    view_class = getattr(view, "view_class", None)
    return getattr(view_class or view, ACCESS_ATTRIBUTE, None)


def is_api_request() -> bool:
    """True for requests to the JSON API."""
    return request.path.startswith("/api/")

"""A second, explicit step before a POST that destroys: a page that says what will be lost.

A view marked `@confirm_first(...)` acts only when the form carries `confirm=yes`. Any other
POST (one tap on a button in a list, a form sent twice) answers a confirmation page that
names what will be lost and re-sends the same fields with `confirm=yes`; it needs no
JavaScript and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import render_template, request

from spelotheek import hosts
from spelotheek.urls import safe_next

F = TypeVar("F", bound=Callable[..., Any])
CONFIRM_FIELD = "confirm"
CONFIRMED = "yes"
MARK = "spelotheek_confirm_first"
_NOT_RESENT = {"csrf_token", CONFIRM_FIELD}


def confirm_first(title: object, loss: object, button: object) -> Callable[[F], F]:
    """Ask before the decorated POST acts: `title` as the question, `loss` says what goes."""

    def mark(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if request.method != "POST" or is_confirmed():
                return view(*args, **kwargs)
            fields = [
                (name, value)
                for name, value in request.form.items(multi=True)
                if name not in _NOT_RESENT
            ]
            return render_template(
                "confirm.html",
                title=title,
                loss=loss,
                button=button,
                fields=fields,
                back=_back_link(),
            )

        setattr(wrapper, MARK, True)
        return wrapper  # type: ignore[return-value]

    return mark


def is_confirmed() -> bool:
    """True when the form says the person saw what will be lost and went on."""
    return request.form.get(CONFIRM_FIELD) == CONFIRMED


def _back_link() -> str:
    """The page the button was on (same site only), else home."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and not hosts.same_site(referrer.netloc):
        return "/"
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next(path) or "/"

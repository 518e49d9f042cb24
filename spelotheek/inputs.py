"""Text a database cannot store (NUL, lone surrogates) is refused at the door, for every form
and JSON body, with a plain message — rather than a crash deep in a service."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_babel import gettext as _

from spelotheek.errors import DomainError


def storable(text: str) -> bool:
    """False for text with a NUL character or half of a surrogate pair."""
    return "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)


def _all_storable(value: Any) -> bool:
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return all(_all_storable(k) and _all_storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_all_storable(v) for v in value)
    return True


def refuse_unstorable_text() -> None:
    """Check the query string, form fields and JSON body of the request."""
    values = list(request.args.values())
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        values += list(request.form.values())
        if request.is_json:
            values.append(request.get_json(silent=True))
    if not all(_all_storable(v) for v in values):
        raise DomainError(
            _("Some characters in what you typed cannot be saved. Please type it again."),
            code="invalid_characters",
            status=400,
        )


def init_app(app: Flask) -> None:
    """Run the check before every request."""
    app.before_request(refuse_unstorable_text)

"""What every API view shares: JSON bodies, form validation, CSRF for browser sessions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from spelotheek.domain_errors import DomainError
from spelotheek.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.before_request
def _csrf_for_browser_sessions() -> None:
    """Devices prove themselves with a bearer token; the site's own pages with a CSRF token."""
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return
    if getattr(current_user, "via_token", False):
        return
    csrf.protect()


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 with a message."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise DomainError(_("Please send a JSON object."), code="invalid_json", status=400)
    return data


def as_formdata(data: dict[str, Any]) -> MultiDict:
    """JSON fields as form data, so API and pages share one set of validators."""
    items: list[tuple[str, str]] = []
    for key, value in data.items():
        if isinstance(value, bool):
            if value:
                items.append((key, "y"))
        elif isinstance(value, str | int | float):
            items.append((key, str(value)))
        elif value is not None:
            raise DomainError(
                _("The field %(field)s has the wrong type.", field=key),
                code="invalid_field",
                status=422,
            )
    return MultiDict(items)


def validation_error(form) -> DomainError:
    """A 422 naming the first field that failed, in the caller's language."""
    field, messages = next(iter(form.errors.items()))
    return DomainError(f"{field}: {messages[0]}", code="invalid_field", status=422)

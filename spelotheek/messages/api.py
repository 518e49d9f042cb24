"""The provider calls us: delivery reports and answers (STOP), each signed with
MESSAGE_CALLBACK_SECRET (see signing.py). No login: the signature is the proof."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _

from spelotheek.api import openapi
from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.db import transaction, utcnow
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.extensions import csrf
from spelotheek.messages import reports, rules, signing

bp = Blueprint("messages_api", __name__, url_prefix="/api/v1/messages")
csrf.exempt(bp)  # the provider signs its calls; it has no session and no CSRF token


def _signed_body() -> dict[str, Any]:
    """The request's JSON object, once its signature and freshness are checked."""
    secret = current_app.config.get("MESSAGE_CALLBACK_SECRET")
    if not secret:
        # Switched off, as if the route were not there (the site cannot check who calls).
        raise NotFound(_("Delivery reports are not set up on this site."), code="not_configured")
    body = request.get_data(cache=True)
    why = signing.refusal(
        secret,
        request.headers.get(signing.TIMESTAMP_HEADER),
        request.headers.get(signing.SIGNATURE_HEADER),
        body,
        time.time(),
    )
    if why == "stale":
        raise DomainError(_("This call is too old."), code="stale", status=401)
    if why:
        raise DomainError(_("The signature is not right."), code="bad_signature", status=401)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise DomainError(_("Please send a JSON object."), code="invalid_json", status=400)
    return data


def _text(data: dict[str, Any], field: str, longest: int) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip() or len(value) > longest:
        raise DomainError(
            _("The field %(field)s has the wrong type.", field=field),
            code="invalid_field",
            status=422,
        )
    return value.strip()


@bp.post("/delivery")
@allow(EVERYONE)
def delivery():
    """A delivery report: the message with this reference was delivered, or not."""
    data = _signed_body()
    reference = _text(data, "id", 80)
    status = _text(data, "status", 20)
    if status not in reports.REPORTED:
        raise DomainError(
            _("The field %(field)s has the wrong type.", field="status"),
            code="invalid_field",
            status=422,
        )
    with transaction() as db:
        known = reports.record_report(db, reference, status, utcnow())
    if not known:
        raise NotFound(_("No message has this reference."), code="unknown_reference")
    return jsonify(received=True)


@bp.post("/inbound")
@allow(EVERYONE)
def inbound():
    """An answer from a family's phone; STOP ends its short messages. We answer nothing of it."""
    data = _signed_body()
    sender = _text(data, "from", 40)
    text = data.get("text") if isinstance(data.get("text"), str) else ""
    if rules.is_stop(text[:200]):
        with transaction() as db:
            reports.stop_number(db, sender, utcnow())
    return jsonify(received=True)


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


_SIGNED = [
    {
        "name": signing.TIMESTAMP_HEADER,
        "in": "header",
        "required": True,
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
        "description": "Unix seconds when the call was made; older than 5 minutes is refused.",
    },
    {
        "name": signing.SIGNATURE_HEADER,
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
        "description": "Hex HMAC-SHA256 with MESSAGE_CALLBACK_SECRET of '<timestamp>.' + raw body.",
    },
]
_RECEIVED = {
    "description": "Taken (the same call twice changes nothing)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Received"}}},
}
openapi.SCHEMAS.update(
    {
        "Received": {
            "type": "object",
            "required": ["received"],
            "properties": {"received": {"type": "boolean"}},
        },
        "DeliveryReport": {
            "type": "object",
            "required": ["id", "status"],
            "properties": {
                "id": {
                    "type": "string",
                    "maxLength": 80,
                    "description": "The provider's reference of the message.",
                },
                "status": {"type": "string", "enum": list(reports.REPORTED)},
            },
        },
        "InboundMessage": {
            "type": "object",
            "required": ["from"],
            "properties": {
                "from": {"type": "string", "maxLength": 40, "description": "The sender's number."},
                "text": {"type": "string"},
            },
        },
    }
)


def _operation(summary: str, schema: str, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "security": [],
            "parameters": _SIGNED,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}
                },
            },
            "responses": {
                "200": _RECEIVED,
                "401": _error("Bad signature (bad_signature) or too old (stale)"),
                "422": _error("A field is not valid"),
                "404": _error(
                    "MESSAGE_CALLBACK_SECRET is not set (not_configured)" + extra.pop("404", "")
                ),
                **extra,
            },
        }
    }


openapi.PATHS.update(
    {
        "/messages/delivery": _operation(
            "The provider reports a short message delivered or not",
            "DeliveryReport",
            {"404": ", or no message has this reference (unknown_reference)"},
        ),
        "/messages/inbound": _operation(
            "An answer from a phone; STOP ends that number's short messages",
            "InboundMessage",
            {},
        ),
    }
)

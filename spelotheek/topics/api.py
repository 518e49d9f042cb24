"""Parent-led topics: JSON API v1 routes (on the shared api blueprint).

- POST /topics: propose (anyone; an anonymous proposer gets a private receipt token)
- POST /topics/<id>/support: "I want to talk about this too" (once per family; anonymously
  once per browser and per internet address)
- GET /topics?status=: public topics; staff (OFFICE) may also ask for new, declined, merged
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_login import current_user

from spelotheek.api import openapi
from spelotheek.api.common import bp, json_body
from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE, OFFICE
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import DomainError
from spelotheek.extensions import limiter
from spelotheek.hosts import external_url
from spelotheek.i18n import current_language
from spelotheek.topics import listing, rules, services
from spelotheek.topics.models import Topic
from spelotheek.topics.visitors import (
    BROWSER_COOKIE,
    address_key,
    propose_limit,
    set_browser_cookie,
    support_limit,
)
from spelotheek.urls import MAX_ID


def topic_json(item: listing.Listed) -> dict[str, Any]:
    """A topic as the API shows it: never who proposed or supported it."""
    t: Topic = item.topic
    return {
        "id": t.id,
        "status": t.status,
        "theme": t.theme,
        "text": t.text,
        "language": t.language,
        "summary": t.summary,
        "audience": t.audience,
        "series_id": t.series_id,
        "supports": item.supports,
        "supports_with_card": item.with_card,
        "supports_anonymous": item.anonymous,
        "planned_on": t.planned_day.isoformat() if t.planned_day else None,
        "planned_theme": t.planned_theme or None,
        "decline_reason": t.decline_reason or None,
        "note": {"talked": t.note_talked, "found": t.note_found, "next": t.note_next}
        if t.has_note
        else None,
        "merged_into": t.merged_into_id,
    }


def _text_field(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise DomainError(f"{name}: wrong type", code="invalid_field", status=422)
    return value


def _int_field(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise DomainError(f"{name}: wrong type", code="invalid_field", status=422)
    if value is not None and not 1 <= value <= MAX_ID:
        return None  # no record has this id (and the database column cannot hold it)
    return value


@bp.post("/topics")
@allow(EVERYONE)
@limiter.limit(propose_limit)
def propose_topic():
    """Propose a topic: {text?, theme?, audience?, series_id?, group_id?}."""
    data = json_body()
    family_id = current_user.id if current_user.is_family else None
    with transaction() as db:
        made = services.propose(
            db,
            text=_text_field(data, "text") or "",
            theme=_text_field(data, "theme"),
            audience=_text_field(data, "audience") or "open",
            series_id=_int_field(data, "series_id"),
            group_id=_int_field(data, "group_id"),
            language=current_language(),
            family_id=family_id,
            on_behalf_by_id=current_user.id if current_user.is_staff else None,
        )
    body = topic_json(listing.Listed(made.topic, 0))
    if made.receipt:
        body["receipt"] = made.receipt
        body["receipt_url"] = external_url("topics.receipt", token=made.receipt)
    return jsonify(body), 201


@bp.post("/topics/<int:topic_id>/support")
@allow(EVERYONE)
@limiter.limit(support_limit)
def support_topic(topic_id: int):
    """Support a public topic; answers whether it counted now and the new count."""
    token = request.cookies.get(BROWSER_COOKIE) or services.new_token()
    family_id = current_user.id if current_user.is_family else None
    with transaction() as db:
        counted = services.support(
            db,
            topic_id,
            family_id=family_id,
            browser_token=token,
            address_hash=address_key(topic_id),
        )
    count = services.support_counts(get_session(), [topic_id]).get(topic_id, 0)
    response = jsonify(id=topic_id, counted=counted, supports=count)
    response.status_code = 201 if counted else 200
    return set_browser_cookie(response, token)


@bp.get("/topics")
@allow(EVERYONE)
def list_topics():
    """Topics by status (default: every public status); staff may ask for any status."""
    asked = [s for s in request.args.get("status", "").split(",") if s]
    for status in asked:
        if status not in rules.STATUSES:
            raise DomainError(f"status: {status}", code="invalid_status", status=422)
    staff = current_user.principal in OFFICE
    if asked and not staff and any(not rules.is_public(s) for s in asked):
        raise DomainError(
            "status: only accepted, planned and discussed are public",
            code="forbidden_status",
            status=403,
        )
    db = get_session()
    wanted = asked or list(rules.PUBLIC_STATUSES)
    if staff and any(not rules.is_public(s) for s in wanted):
        listed = [x for s in wanted for x in listing.moderation_list(db, s)]
    else:
        listed = listing.public_topics(db, wanted)
    return jsonify(topics=[topic_json(x) for x in listed])


TOPIC_SCHEMA = {
    "type": "object",
    "required": ["id", "status", "audience", "supports"],
    "properties": {
        "id": {"type": "integer"},
        "status": {"type": "string", "enum": list(rules.STATUSES)},
        "theme": {"type": "string", "enum": list(rules.THEMES), "nullable": True},
        "text": {"type": "string", "maxLength": rules.TEXT_MAX},
        "language": {"type": "string", "nullable": True},
        "summary": {"type": "string", "description": "Staff's Dutch summary"},
        "audience": {"type": "string", "enum": list(rules.AUDIENCES)},
        "series_id": {"type": "integer", "nullable": True},
        "supports": {"type": "integer", "description": "How many want to talk about it"},
        "supports_with_card": {"type": "integer", "description": "Of them: families with a card"},
        "supports_anonymous": {
            "type": "integer",
            "description": "Of them: without a card (one per browser and internet address)",
        },
        "planned_on": {"type": "string", "format": "date", "nullable": True},
        "planned_theme": {"type": "string", "nullable": True},
        "decline_reason": {"type": "string", "nullable": True},
        "note": {
            "type": "object",
            "nullable": True,
            "properties": {
                "talked": {"type": "string"},
                "found": {"type": "string"},
                "next": {"type": "string"},
            },
        },
        "merged_into": {"type": "integer", "nullable": True},
        "receipt": {
            "type": "string",
            "description": "Only when proposed anonymously: the private status token, once",
        },
        "receipt_url": {"type": "string", "format": "uri"},
    },
}

openapi.SCHEMAS.update(
    {
        "Topic": TOPIC_SCHEMA,
        "NewTopic": {
            "type": "object",
            "description": "A picture theme and/or a few words (at least one).",
            "properties": {
                "text": {"type": "string", "maxLength": rules.TEXT_MAX},
                "theme": {"type": "string", "enum": list(rules.THEMES)},
                "audience": {"type": "string", "enum": list(rules.AUDIENCES), "default": "open"},
                "series_id": {"type": "integer"},
                "group_id": {"type": "integer", "description": "Only a participant's own group"},
            },
        },
    }
)


def _error(text: str) -> dict[str, Any]:
    return {
        "description": text,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _topic(text: str) -> dict[str, Any]:
    return {
        "description": text,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Topic"}}},
    }


openapi.PATHS.update(
    {
        "/topics": {
            "get": {
                "summary": "Topics by status (public: accepted, planned, discussed)",
                "security": [],
                "parameters": [
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "Comma-separated statuses; only staff may ask for "
                        "new, declined or merged",
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The topics, with support counts (never supporters)",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "topics": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Topic"},
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "403": _error("A status that is not public (error forbidden_status)"),
                    "422": _error("Unknown status"),
                },
            },
            "post": {
                "summary": "Propose a topic (not public until staff accept it)",
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/NewTopic"}}
                    },
                },
                "responses": {
                    "201": _topic("The proposal (with a receipt token when anonymous)"),
                    "400": _error("Not a JSON object, or no CSRF token in a browser session"),
                    "403": _error("A group the proposer is not in (error not_in_group)"),
                    "422": _error("Empty, too long, or unknown theme or meeting"),
                    "429": _error("Too many proposals from this address"),
                },
            },
        },
        "/topics/{topic_id}/support": {
            "post": {
                "summary": "I want to talk about this too (once per family or browser)",
                "security": [],
                "parameters": [
                    {
                        "name": "topic_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {
                    "201": {"description": "Counted now"},
                    "200": {"description": "Was already counted for this family or browser"},
                    "404": _error("No such public topic"),
                    "409": _error(
                        "The topic was already talked about, or someone on this internet "
                        "connection already supported it anonymously (error address_counted)"
                    ),
                    "429": _error("Too many tries from this address"),
                },
            }
        },
    }
)

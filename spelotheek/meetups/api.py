"""Open meeting moments: JSON API v1 routes (on the shared api blueprint)."""

from __future__ import annotations

from datetime import date

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from spelotheek.api import openapi
from spelotheek.api.common import bp, json_body
from spelotheek.auth.access import allow
from spelotheek.auth.roles import DESK, EVERYONE
from spelotheek.days import add_days
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.meetups import attendance, rules, timetable
from spelotheek.meetups.timetable import Listed, today

MAX_RANGE_DAYS = 92


def occurrence_json(item: Listed) -> dict[str, object]:
    """One date as the API shows it: no names, only numbers."""
    o, s = item.occurrence, item.series
    return {
        "id": o.key,
        "series": {"id": s.id, "title": s.title},
        "start": o.start.isoformat(),
        "end": o.end.isoformat(),
        "location": {"id": s.location.id, "name": s.location.name},
        "status": o.status,
        "reason": o.reason or None,
        "theme": o.theme,
        "capacity": s.capacity,
        "count": item.counts.adults,
        "full": item.full,
        "children": {"min_age": s.min_age, "max_age": s.max_age},
    }


def _day_arg(name: str, default: date) -> date:
    text = request.args.get(name)
    if not text:
        return default
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise DomainError(
            _("Please give %(name)s as a date (YYYY-MM-DD).", name=name),
            code="invalid_field",
            status=422,
        ) from None


@bp.get("/meetups/occurrences")
@allow(EVERYONE)
def meetup_occurrences():
    """The dates between from and to (both included; at most 92 days, within two years of
    today), in time order."""
    window = rules.listing_window(today())
    start = _day_arg("from", today())
    end = _day_arg("to", min(add_days(start, 27), window.last))
    if start not in window or end not in window:  # refused before any rule is expanded
        raise DomainError(
            _(
                "Ask for dates from %(first)s to %(last)s.",
                first=window.first.isoformat(),
                last=window.last.isoformat(),
            ),
            code="invalid_range",
            status=422,
        )
    if end < start:
        raise DomainError(_("'to' must be on or after 'from'."), code="invalid_range", status=422)
    if (end - start).days > MAX_RANGE_DAYS:
        raise DomainError(
            _("Ask for at most %(days)d days at a time.", days=MAX_RANGE_DAYS),
            code="invalid_range",
            status=422,
        )
    listed = timetable.schedule(get_session(), start, end)
    return jsonify(occurrences=[occurrence_json(x) for x in listed])


@bp.post("/meetups/occurrences/<occurrence_id>/attendance")
@allow(DESK)
def meetup_attendance(occurrence_id: str):
    """Count at a date: {"counter": "adults", "step": 1} for a tap, or {"counts": {...}}."""
    key = rules.parse_key(occurrence_id)
    if key is None:
        raise NotFound(_("We could not find this meeting."))
    body = json_body()
    with transaction() as db:
        if "counts" in body:
            given = body["counts"]
            if not isinstance(given, dict) or not all(
                isinstance(given.get(n, 0), int) and not isinstance(given.get(n, 0), bool)
                for n in rules.COUNTER_NAMES
            ):
                raise DomainError(_("Counts are whole numbers."), code="invalid_field", status=422)
            counts = rules.Counts(**{n: given.get(n, 0) for n in rules.COUNTER_NAMES})
            item = attendance.correct(db, current_user.id, *key, counts, today())
        else:
            step = body.get("step")
            if step not in (1, -1) or isinstance(step, bool):
                raise DomainError(_("'step' is 1 or -1."), code="invalid_field", status=422)
            item = attendance.tap(
                db, current_user.id, *key, str(body.get("counter", "")), step, today()
            )
        answer = occurrence_json(item) | {"counts": item.counts.as_dict()}
    return jsonify(answer)


def _error(description: str) -> dict[str, object]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


_COUNTS = {
    "type": "object",
    "properties": {n: {"type": "integer", "minimum": 0} for n in rules.COUNTER_NAMES},
}
openapi.SCHEMAS.update(
    {
        "MeetupOccurrence": {
            "type": "object",
            "required": ["id", "series", "start", "end", "location", "status", "capacity", "count"],
            "properties": {
                "id": {"type": "string", "example": "3-20261128"},
                "series": {
                    "type": "object",
                    "properties": {"id": {"type": "integer"}, "title": {"type": "string"}},
                },
                "start": {"type": "string", "format": "date-time"},
                "end": {"type": "string", "format": "date-time"},
                "location": {
                    "type": "object",
                    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                },
                "status": {"type": "string", "enum": ["scheduled", "cancelled"]},
                "reason": {"type": "string", "nullable": True},
                "theme": {"type": "string", "nullable": True},
                "capacity": {"type": "integer"},
                "count": {"type": "integer", "description": "Adults counted so far."},
                "full": {"type": "boolean"},
                "children": {
                    "type": "object",
                    "properties": {
                        "min_age": {"type": "integer"},
                        "max_age": {"type": "integer"},
                    },
                },
                "counts": _COUNTS,
            },
        },
        "MeetupCounts": _COUNTS,
        "MeetupAttendance": {
            "type": "object",
            "description": "Either a tap (counter and step) or corrected counts.",
            "properties": {
                "counter": {"type": "string", "enum": list(rules.COUNTER_NAMES)},
                "step": {"type": "integer", "enum": [1, -1]},
                "counts": {"$ref": "#/components/schemas/MeetupCounts"},
            },
        },
    }
)
openapi.PATHS.update(
    {
        "/meetups/occurrences": {
            "get": {
                "summary": "Meeting dates between two days (public)",
                "security": [],
                "parameters": [
                    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                ],
                "responses": {
                    "200": {
                        "description": "The dates, cancelled ones included",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "occurrences": {
                                            "type": "array",
                                            "items": {
                                                "$ref": "#/components/schemas/MeetupOccurrence"
                                            },
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "422": _error(
                        "A date is not valid or more than two years from today, "
                        "or the range is too long"
                    ),
                },
            }
        },
        "/meetups/occurrences/{occurrence_id}/attendance": {
            "post": {
                "summary": "Count at a date: a tap on a counter, or corrected counts (hosts)",
                "parameters": [
                    {
                        "name": "occurrence_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/MeetupAttendance"}
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "The date with its new counts",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/MeetupOccurrence"}
                            }
                        },
                    },
                    "400": _error("Not a JSON object, or an unknown counter"),
                    "401": _error("Not logged in"),
                    "403": _error("Not allowed for this role"),
                    "404": _error("No such date"),
                    "409": _error("The date is cancelled or still to come"),
                    "422": _error("A count would go below zero or does not fit"),
                },
            }
        },
    }
)

"""Reach statistics: JSON API v1 routes (on the shared api blueprint)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from spelotheek.api import openapi
from spelotheek.api.common import bp
from spelotheek.auth.access import allow
from spelotheek.auth.roles import COORDINATOR_ONLY
from spelotheek.reach.dimensions import DIMENSIONS
from spelotheek.reach.queries import SERVICES
from spelotheek.reach.report import Report


def report_json(report: Report) -> dict[str, Any]:
    """The same protected, rounded figures the page shows; exact counts never leave."""
    tables = []
    for table in report.tables:
        tables.append(
            {
                "key": table.key,
                "title": str(table.title),
                "summary": str(table.summary),
                "columns": [str(h) for h in table.headings[1:]],
                "rows": [
                    {
                        "label": str(row.label),
                        "values": row.shown(),
                    }
                    for row in table.rows
                ],
            }
        )
    return {
        "from": report.start.isoformat(),
        "to": report.last_day.isoformat(),
        "service": report.service,
        "by": list(report.by),
        "threshold": report.settings.threshold,
        "rounding": report.settings.rounding,
        "suppressed": f"<{report.settings.threshold}",
        "tables": tables,
    }


@bp.get("/reach")
@allow(COORDINATOR_ONLY)
def reach_statistics():
    """Aggregate reach figures for whole months: ?from=YYYY-MM&to=YYYY-MM&service=&by=a[,b]."""
    from spelotheek.reach.asked import current_report

    return jsonify(report_json(current_report(request.args)))


def _error(description: str) -> dict[str, object]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


_COUNT = {
    "oneOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "description": "A suppressed count ('<10') or a share ('18%')."},
    ]
}
openapi.SCHEMAS.update(
    {
        "ReachTable": {
            "type": "object",
            "required": ["key", "title", "columns", "rows"],
            "properties": {
                "key": {
                    "type": "string",
                    "enum": [
                        "headline",
                        "overlap",
                        "breakdown",
                        "meetings",
                        "checkin",
                        "gaps",
                        "channels-scan",
                        "channels-family",
                        "channels-each",
                    ],
                },
                "title": {"type": "string"},
                "summary": {"type": "string"},
                "columns": {"type": "array", "items": {"type": "string"}},
                "rows": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "label": {"type": "string"},
                            "values": {"type": "array", "items": _COUNT},
                        },
                    },
                },
            },
        },
        "ReachReport": {
            "type": "object",
            "required": ["from", "to", "service", "by", "threshold", "suppressed", "tables"],
            "properties": {
                "from": {"type": "string", "format": "date"},
                "to": {"type": "string", "format": "date"},
                "service": {"type": "string", "enum": list(SERVICES)},
                "by": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
                "threshold": {"type": "integer", "minimum": 5},
                "rounding": {"type": "integer", "minimum": 1},
                "suppressed": {"type": "string", "example": "<10"},
                "tables": {"type": "array", "items": {"$ref": "#/components/schemas/ReachTable"}},
            },
        },
    }
)
openapi.PATHS.update(
    {
        "/reach": {
            "get": {
                "summary": "Reach statistics for whole months, protected (coordinator)",
                "description": (
                    "Counts of 1 to threshold−1 families, and counts that would reveal them, "
                    "are the string '<threshold'; other counts are rounded. No drill-down."
                ),
                "parameters": [
                    {
                        "name": "from",
                        "in": "query",
                        "schema": {"type": "string", "example": "2026-01"},
                    },
                    {
                        "name": "to",
                        "in": "query",
                        "schema": {"type": "string", "example": "2026-06"},
                    },
                    {
                        "name": "service",
                        "in": "query",
                        "schema": {"type": "string", "enum": list(SERVICES)},
                    },
                    {
                        "name": "by",
                        "in": "query",
                        "description": "One dimension, or two separated by a comma.",
                        "schema": {"type": "string", "example": "household,usual_carer"},
                        "x-dimensions": list(DIMENSIONS),
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The protected figures",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ReachReport"}
                            }
                        },
                    },
                    "401": _error("Not logged in"),
                    "403": _error("Not allowed for this role"),
                    "422": _error("A month, service or dimension is not valid"),
                },
            }
        }
    }
)

"""The toy library's part of the OpenAPI document."""

from __future__ import annotations

from typing import Any

from spelotheek.api import openapi


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _body(schema: str) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


AUTH = {"401": _error("Not logged in"), "403": _error("Not allowed for this role")}

SCHEMAS: dict[str, Any] = {
    "Toy": {
        "type": "object",
        "required": ["id", "ref", "name", "available", "waiting"],
        "properties": {
            "id": {"type": "integer"},
            "ref": {"type": "string"},
            "name": {"type": "string"},
            "min_age_months": {"type": "integer"},
            "max_age_months": {"type": "integer"},
            "areas": {"type": "array", "items": {"type": "string"}},
            "copies": {"type": "integer"},
            "available": {"type": "integer", "description": "Copies on the shelf now"},
            "waiting": {"type": "integer", "description": "Families waiting (never who)"},
        },
    },
    "ToyPage": {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Toy"}},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
        },
    },
    "ItemList": {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "label": {"type": "string"},
                        "toy_id": {"type": "integer"},
                        "toy": {"type": "string"},
                        "state": {"type": "string"},
                    },
                },
            }
        },
    },
    "NewLoan": {
        "type": "object",
        "required": ["card", "item"],
        "properties": {
            "card": {"type": "string", "description": "Family card or linked library card"},
            "item": {"type": "string", "description": "The item's label code"},
        },
    },
    "Loan": {
        "type": "object",
        "required": ["loan", "item", "due_on"],
        "properties": {
            "loan": {"type": "integer"},
            "item": {"type": "string"},
            "due_on": {"type": "string", "format": "date"},
            "note": {"type": "string", "nullable": True},
        },
    },
    "NewReturn": {
        "type": "object",
        "required": ["item"],
        "properties": {
            "item": {"type": "string"},
            "missing_parts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["part", "count"],
                    "properties": {"part": {"type": "integer"}, "count": {"type": "integer"}},
                },
            },
        },
    },
    "Return": {
        "type": "object",
        "properties": {
            "loan": {"type": "integer"},
            "item": {"type": "string"},
            "state": {"type": "string"},
            "missing_parts": {"type": "array", "items": {"type": "object"}},
            "hold_ready": {"type": "boolean"},
        },
    },
    "NewHold": {
        "type": "object",
        "required": ["card", "toy"],
        "properties": {"card": {"type": "string"}, "toy": {"type": "integer"}},
    },
    "Hold": {
        "type": "object",
        "properties": {
            "hold": {"type": "integer"},
            "toy": {"type": "integer"},
            "status": {"type": "string", "enum": ["waiting", "ready"]},
            "pickup_by": {"type": "string", "format": "date-time", "nullable": True},
        },
    },
}

PATHS: dict[str, Any] = {
    "/toys": {
        "get": {
            "summary": "The toy catalogue with availability (public, paginated)",
            "security": [],
            "parameters": [
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {"name": "per_page", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "available", "in": "query", "schema": {"type": "boolean"}},
            ],
            "responses": {"200": _json("ToyPage", "One page of toys")},
        }
    },
    "/items": {
        "get": {
            "summary": "Physical copies, optionally in one state (desk and staff)",
            "parameters": [{"name": "state", "in": "query", "schema": {"type": "string"}}],
            "responses": {
                "200": _json("ItemList", "The items"),
                **AUTH,
                "422": _error("Unknown state"),
            },
        }
    },
    "/loans": {
        "post": {
            "summary": "Lend an item to the family whose card is scanned",
            "requestBody": _body("NewLoan"),
            "responses": {
                "201": _json("Loan", "Lent, with the due date"),
                **AUTH,
                "404": _error("Unknown card (card_not_found) or label (item_not_found)"),
                "409": _error("The copy is already out (item_on_loan)"),
                "422": _error(
                    "card_revoked, limit_reached, item_unavailable, held_for_other or a bad field"
                ),
            },
        }
    },
    "/returns": {
        "post": {
            "summary": "Take an item back with its parts check",
            "requestBody": _body("NewReturn"),
            "responses": {
                "200": _json("Return", "Taken back"),
                **AUTH,
                "404": _error("Unknown label (item_not_found)"),
                "409": _error("The item is not lent out (not_on_loan)"),
                "422": _error("unknown_part, invalid_count or a bad field"),
            },
        }
    },
    "/holds": {
        "post": {
            "summary": "Put a family on the waiting list for a toy",
            "requestBody": _body("NewHold"),
            "responses": {
                "201": _json("Hold", "On the list (ready at once when a copy is on the shelf)"),
                **AUTH,
                "404": _error("Unknown card or toy"),
                "409": _error("Already on the list (already_waiting)"),
                "422": _error("card_revoked, no_copies or a bad field"),
            },
        }
    },
}


def register() -> None:
    """Add the toy library's paths and schemas to the shared document."""
    openapi.SCHEMAS.update(SCHEMAS)
    openapi.PATHS.update(PATHS)

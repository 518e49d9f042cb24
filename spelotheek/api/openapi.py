"""The OpenAPI 3 document of /api/v1, built from small pieces each feature adds to."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


CARD_ANSWER = {
    "type": "object",
    "required": ["id", "card", "qr_png"],
    "properties": {
        "id": {"type": "integer"},
        "card": {"type": "string", "description": "The card code in groups, shown once."},
        "qr_png": {"type": "string", "format": "byte", "description": "Base64 PNG of the QR."},
    },
}

SCHEMAS: dict[str, Any] = {
    "Error": ERROR,
    "CardAnswer": CARD_ANSWER,
    "NewFamily": {
        "type": "object",
        "required": ["display_name"],
        "properties": {
            "display_name": {"type": "string", "minLength": 1, "maxLength": 60, "pattern": "\\S"},
            "language": {"type": "string", "enum": ["nl", "fr", "en", "ar", "tr"]},
            "email": {"type": "string", "format": "email", "maxLength": 254},
            "phone": {"type": "string", "pattern": "^[0-9 +()./-]{6,32}$"},
            "postcode": {"type": "string", "pattern": "^[0-9]{4}$"},
            "reminder_consent": {"type": "boolean"},
        },
    },
    "CardHolder": {
        "type": "object",
        "required": ["family_id", "display_name", "status"],
        "properties": {
            "family_id": {"type": "integer"},
            "display_name": {"type": "string"},
            "status": {"type": "string", "enum": ["active"]},
        },
    },
}

_card_created = {
    "201": {
        "description": "The family and its card",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CardAnswer"}}},
    },
    "401": _error("Not logged in"),
    "403": _error("Not allowed for this role"),
}

PATHS: dict[str, Any] = {
    "/families": {
        "post": {
            "summary": "Register a family and issue its card",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/NewFamily"}}
                },
            },
            "responses": {
                **_card_created,
                "400": _error("Not a JSON object"),
                "422": _error("A field is not valid"),
            },
        }
    },
    "/families/{family_id}/card": {
        "post": {
            "summary": "Card lost: revoke the family's card and issue a new one",
            "parameters": [
                {"name": "family_id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "responses": {**_card_created, "404": _error("No such family")},
        }
    },
    "/families/{family_id}/export": {
        "get": {
            "summary": "Everything the site holds about a family (its right of access)",
            "parameters": [
                {"name": "family_id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "responses": {
                "200": {
                    "description": "The family's data, one section per feature",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "401": _error("Not logged in"),
                "403": _error("Not allowed for this role"),
                "404": _error("No such family"),
            },
        }
    },
    "/families/{family_id}": {
        "delete": {
            "summary": "Erase a family's personal data (counts stay, anonymous)",
            "parameters": [
                {"name": "family_id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "responses": {
                "204": {"description": "Erased"},
                "401": _error("Not logged in"),
                "403": _error("Not allowed for this role"),
                "404": _error("No such family"),
                "422": _error("Refused, for example while toys are still out (error open_loans)"),
            },
        }
    },
    "/cards/{code}": {
        "get": {
            "summary": "The family a scanned card (or linked library card) belongs to",
            "parameters": [
                {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {
                    "description": "The card works",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/CardHolder"}}
                    },
                },
                "401": _error("Not logged in"),
                "403": _error("Not allowed for this role"),
                "404": _error("Unknown card (error card_not_found)"),
                "410": _error("Revoked card (error card_revoked)"),
            },
        }
    },
}


def _with_common_responses(paths: dict[str, Any]) -> dict[str, Any]:
    """Every operation can answer 400 (characters that cannot be stored, not JSON) and 429."""
    result: dict[str, Any] = {}
    for path, operations in paths.items():
        result[path] = {}
        for method, operation in operations.items():
            responses = {
                "400": _error("Bad request: not JSON, or characters that cannot be stored"),
                "429": _error("Too many requests; try again later"),
                **operation.get("responses", {}),
            }
            if method in {"post", "put", "patch"}:
                responses.setdefault("413", _error("The body is too large"))
            result[path][method] = {**operation, "responses": responses}
    return result


def document(title: str) -> dict[str, Any]:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.0.3",
        "info": {"title": f"{title} API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "spelotheek"},
            },
        },
        "security": [{"bearer": []}, {"session": []}],
        "paths": _with_common_responses(PATHS),
    }

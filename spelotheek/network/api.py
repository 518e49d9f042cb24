"""The directory in HSDS 3.0 under /api/v1/hsds/ (HSDA read endpoints, with its paging).

Public and read-only. Lists answer an HSDA page (`page`, `per_page`; `total_items`,
`total_pages`, `page_number`, `size`, `first_page`, `last_page`, `empty`, `contents`) whose items
follow schema/compiled/*_list.json; `/<kind>/<id>` answers the full object. Bad paging is a 400
and an unknown id a 404, both as {"error", "message"} in the visitor's language. How our
entries map to HSDS: spelotheek/network/hsds.py and docs/hsds.md.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from spelotheek.api import openapi
from spelotheek.api.common import bp
from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.caching import public_page
from spelotheek.db import get_session
from spelotheek.domain_errors import DomainError
from spelotheek.hosts import external_url
from spelotheek.network import hsds, hsds_queries
from spelotheek.urls import MAX_PAGE

DEFAULT_PER_PAGE = 50
MOST_PER_PAGE = 200
LONGEST_SEARCH = 200


def _whole_number(name: str, default: int, most: int) -> int:
    """A paging value from the query string, or a 400 that says what is allowed."""
    text = request.args.get(name)
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 6) or not 1 <= int(text) <= most:
        # The site's own sentence (translated everywhere), with the range it allows.
        raise DomainError(
            _("%(column)s must be a whole number.", column=f"{name} (1–{most})"),
            code="invalid_paging",
            status=400,
        )
    return int(text)


def _paging() -> tuple[int, int]:
    return _whole_number("page", 1, MAX_PAGE), _whole_number(
        "per_page", DEFAULT_PER_PAGE, MOST_PER_PAGE
    )


def _text(name: str) -> str | None:
    value = request.args.get(name) or None
    if value is not None and len(value) > LONGEST_SEARCH:
        raise DomainError(
            _("%(name)s is too long: at most %(most)d characters.", name=name, most=LONGEST_SEARCH),
            code="invalid_filter",
            status=400,
        )
    return value


def _moment(name: str) -> datetime | None:
    """An ISO 8601 date and time from the query string (UTC when it names no offset)."""
    text = request.args.get(name)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00")) if len(text) <= 40 else None
        if moment is not None:
            moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):  # not a moment, or one beyond the calendar in UTC
        moment = None
    if moment is None:
        raise DomainError(
            _("%(name)s must be a date and time such as 2026-12-01T09:00:00Z.", name=name),
            code="invalid_filter",
            status=400,
        )
    return moment


def _flag(name: str) -> bool:
    return request.args.get(name, "").lower() in ("1", "true", "yes")


def _not_found() -> NotFound:
    """A 404 in JSON with the site's own "could not find" sentence."""
    return NotFound()


def _wanted_id(item_id: str) -> str:
    """An id from the path, or a 404 before any query when it cannot be one of ours."""
    if len(item_id) > 36:
        raise _not_found()
    return item_id


def _other_taxonomy() -> bool:
    """A taxonomy_id filter that names another taxonomy than the life web (no entries)."""
    wanted = request.args.get("taxonomy_id")
    return bool(wanted) and wanted != hsds.LIFE_WEB_ID


def _page_of(found: hsds_queries.Found, shown, number: int, per_page: int) -> Any:
    contents = [shown(item) for item in found.items]
    return jsonify(hsds.page(contents, total=found.total, number=number, per_page=per_page))


def _empty_page(number: int, per_page: int) -> Any:
    return jsonify(hsds.page([], total=0, number=number, per_page=per_page))


@bp.get("/hsds/")
@allow(EVERYONE)
@public_page
def hsds_about():
    """Which HSDS version this API speaks and where its OpenAPI document is."""
    return jsonify(
        version=hsds.HSDS_VERSION,
        openapi_url=external_url("api.openapi_document"),
    )


@bp.get("/hsds/services")
@allow(EVERYONE)
@public_page
def hsds_services():
    """A page of services (filters: search, taxonomy_term_id, taxonomy_id, organization_id)."""
    number, per_page = _paging()
    search, term, organization = (
        _text("search"),
        _text("taxonomy_term_id"),
        _text("organization_id"),
    )
    if _other_taxonomy():
        return _empty_page(number, per_page)
    full = _flag("full")
    found = hsds_queries.services(
        get_session(),
        number,
        per_page,
        search=search,
        term_uuid=term,
        organization_uuid=organization,
        modified_after=_moment("modified_after"),
        full=full,
    )
    return _page_of(found, hsds.service if full else hsds.service_list_item, number, per_page)


@bp.get("/hsds/services/<string:item_id>")
@allow(EVERYONE)
@public_page
def hsds_service(item_id: str):
    """One whole service."""
    found = hsds_queries.service(get_session(), _wanted_id(item_id))
    if found is None:
        raise _not_found()
    return jsonify(hsds.service(found))


@bp.get("/hsds/organizations")
@allow(EVERYONE)
@public_page
def hsds_organizations():
    """A page of organisations (filter: search; full=true adds their places)."""
    number, per_page = _paging()
    full = _flag("full")
    found = hsds_queries.organizations(
        get_session(), number, per_page, search=_text("search"), full=full
    )
    shown = hsds.organization if full else hsds.organization_list_item
    return _page_of(found, shown, number, per_page)


@bp.get("/hsds/organizations/<string:item_id>")
@allow(EVERYONE)
@public_page
def hsds_organization(item_id: str):
    """One whole organisation with its places."""
    found = hsds_queries.organization(get_session(), _wanted_id(item_id))
    if found is None:
        raise _not_found()
    return jsonify(hsds.organization(found))


@bp.get("/hsds/service_at_locations")
@allow(EVERYONE)
@public_page
def hsds_service_at_locations():
    """A page of services at places (filters as for services)."""
    number, per_page = _paging()
    search, term, organization = (
        _text("search"),
        _text("taxonomy_term_id"),
        _text("organization_id"),
    )
    if _other_taxonomy():
        return _empty_page(number, per_page)
    found = hsds_queries.places(
        get_session(),
        number,
        per_page,
        search=search,
        term_uuid=term,
        organization_uuid=organization,
        modified_after=_moment("modified_after"),
    )
    return _page_of(found, hsds.service_at_location_list_item, number, per_page)


@bp.get("/hsds/service_at_locations/<string:item_id>")
@allow(EVERYONE)
@public_page
def hsds_service_at_location(item_id: str):
    """One service at one place, with its hours and the service's one-to-one fields."""
    found = hsds_queries.place(get_session(), _wanted_id(item_id))
    if found is None:
        raise _not_found()
    return jsonify(hsds.service_at_location(found, with_service=True))


@bp.get("/hsds/taxonomies")
@allow(EVERYONE)
@public_page
def hsds_taxonomies():
    """The one taxonomy: the life web."""
    number, per_page = _paging()
    items = [hsds.life_web()] if number == 1 else []
    return jsonify(hsds.page(items, total=1, number=number, per_page=per_page))


@bp.get("/hsds/taxonomies/<string:item_id>")
@allow(EVERYONE)
@public_page
def hsds_taxonomy(item_id: str):
    """The life web."""
    if item_id != hsds.LIFE_WEB_ID:
        raise _not_found()
    return jsonify(hsds.life_web())


@bp.get("/hsds/taxonomy_terms")
@allow(EVERYONE)
@public_page
def hsds_taxonomy_terms():
    """A page of the life web's terms: the life domains (filter: search in the names)."""
    number, per_page = _paging()
    search = (_text("search") or "").casefold()
    if _other_taxonomy() or request.args.get("parent_id"):
        return _empty_page(number, per_page)  # the life web is flat: no term has a parent
    terms = [
        hsds.taxonomy_term(domain)
        for domain in hsds_queries.domains(get_session())
        if not search or search in " ".join(hsds.texts_of_term(domain)).casefold()
    ]
    shown = terms[(number - 1) * per_page : number * per_page]
    return jsonify(hsds.page(shown, total=len(terms), number=number, per_page=per_page))


@bp.get("/hsds/taxonomy_terms/<string:item_id>")
@allow(EVERYONE)
@public_page
def hsds_taxonomy_term(item_id: str):
    """One life domain as a term of the life web."""
    found = hsds_queries.domain(get_session(), _wanted_id(item_id))
    if found is None:
        raise _not_found()
    return jsonify(hsds.taxonomy_term(found))


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = {"$ref": "#/components/schemas/Error"}
_HSDS_OBJECT = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string", "format": "uuid"}},
    "description": "An HSDS 3.0 object (see docs/hsds.md); other languages in `translations`",
}
_HSDS_PAGE = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array", "items": {"$ref": "#/components/schemas/HsdsObject"}},
    },
}


def _query(name: str, kind: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": kind}, "description": description}


_PAGING = [
    _query("page", "integer", f"Page number, 1 to {MAX_PAGE}"),
    _query("per_page", "integer", f"Items per page, 1 to {MOST_PER_PAGE}"),
]
_FILTERS = [
    _query("search", "string", "Words of the name, description and audience, any language"),
    _query("taxonomy_term_id", "string", "A life domain's id"),
    _query("taxonomy_id", "string", "The life web's id (another id: nothing)"),
    _query("organization_id", "string", "An organisation's id"),
    _query("modified_after", "string", "Only services changed on or after this moment (ISO)"),
]
_FULL = _query("full", "boolean", "Whole objects instead of their one-to-one fields")
_ID = [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}]


def _list(summary: str, parameters: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "security": [],
            "parameters": _PAGING + parameters,
            "responses": {
                "200": _json("An HSDA page", {"$ref": "#/components/schemas/HsdsPage"}),
                "400": _json("A bad page, per_page or filter (error invalid_paging)", _ERROR),
            },
        }
    }


def _one(summary: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "security": [],
            "parameters": _ID,
            "responses": {
                "200": _json("The whole HSDS object", {"$ref": "#/components/schemas/HsdsObject"}),
                "404": _json("No such entry", _ERROR),
            },
        }
    }


openapi.SCHEMAS.update({"HsdsObject": _HSDS_OBJECT, "HsdsPage": _HSDS_PAGE})
openapi.PATHS.update(
    {
        "/hsds/": {
            "get": {
                "summary": "The HSDS version this API speaks",
                "security": [],
                "responses": {
                    "200": _json(
                        "HSDS 3.0",
                        {
                            "type": "object",
                            "properties": {
                                "version": {"type": "string"},
                                "openapi_url": {"type": "string", "format": "uri"},
                            },
                        },
                    )
                },
            }
        },
        "/hsds/services": _list("Services (HSDS 3.0)", [*_FILTERS, _FULL]),
        "/hsds/services/{item_id}": _one("One whole service (HSDS service.json)"),
        "/hsds/organizations": _list("Organisations (HSDS 3.0)", [_FILTERS[0], _FULL]),
        "/hsds/organizations/{item_id}": _one("One whole organisation with its places"),
        "/hsds/service_at_locations": _list("Services at places, with hours", _FILTERS),
        "/hsds/service_at_locations/{item_id}": _one("One service at one place"),
        "/hsds/taxonomies": _list("The life web", []),
        "/hsds/taxonomies/{item_id}": _one("The life web"),
        "/hsds/taxonomy_terms": _list(
            "The life domains", [_FILTERS[0], _FILTERS[2], _query("parent_id", "string", "")]
        ),
        "/hsds/taxonomy_terms/{item_id}": _one("One life domain"),
    }
)

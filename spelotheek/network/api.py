"""The directory in HSDS 3.0 under /api/v1/hsds/ (HSDA read endpoints, with its paging).

Public and read-only. Lists answer an HSDA page (`page`, `per_page`; `total_items`,
`total_pages`, `page_number`, `size`, `first_page`, `last_page`, `empty`, `contents`) whose items
follow schema/compiled/*_list.json; `/<kind>/<id>` answers the full object. Bad paging is a 400
and an unknown id a 404, both as {"error", "message"} in the visitor's language. How our
entries map to HSDS: spelotheek/network/hsds.py and docs/hsds.md.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

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

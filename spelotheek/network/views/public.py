"""The public directory: life domains, services, rights, printable overviews."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from babel.lists import format_list
from flask import render_template, request, url_for
from flask_babel import format_currency, format_decimal, get_locale

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.caching import public_page
from spelotheek.db import get_session
from spelotheek.domain_errors import DomainError
from spelotheek.hosts import external_url
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.network import directory, filters, hours
from spelotheek.network.models import NetworkClosure, Service
from spelotheek.network.views import bp
from spelotheek.qr import qr_svg

MAX_INPUT = 2000  # longer than this is no search: refused, not cut
PRINT_MAX = 40  # services on a waiting-room overview (a few A4 pages at most)


@bp.app_template_global()
def language_name(code: str) -> str:
    """A language's name in the page's language ("Arabisch" for "ar" on a Dutch page)."""
    locale = get_locale()
    name = locale.languages.get(code) if locale is not None else None
    return name or code


@bp.app_template_global()
def language_names(codes: list[str]) -> str:
    """Languages spoken, named and listed as the page's language does ("Dutch and Arabic")."""
    locale = get_locale()
    return format_list([language_name(c) for c in codes], locale=locale or "nl")


@bp.app_template_global()
def service_price(service: Service) -> str:
    """A service's price in euros, as the page's language writes money."""
    if service.price_cents is None:
        return ""
    return format_currency(service.price_cents / 100, "EUR")


@bp.app_template_global()
def kilometres(distance: float) -> str:
    """A distance to one decimal, as the page's language writes numbers ("1,2" in Dutch)."""
    return format_decimal(round(distance, 1), format="0.0")


@bp.app_template_global()
def service_open_now(service: Service, closed: Sequence[NetworkClosure], now: datetime) -> bool:
    """True when a listed service is open at this moment (its badge in a list)."""
    return hours.is_open_now(service, closed, now)


@bp.app_template_global()
def service_openings(
    service: Service, closed: Sequence[NetworkClosure], now: datetime, count: int = hours.SHOWN
) -> list[hours.Opening]:
    """A service's next opening times (the printed overview shows two)."""
    return hours.next_openings(service, closed, now, count)


@bp.app_template_global()
def place_closures(
    closed: Sequence[NetworkClosure], location_id: int, now: datetime
) -> list[NetworkClosure]:
    """A place's closures in the coming two months (shown beside its address)."""
    return hours.coming_closures(closed, location_id, hours.local(now).date())


@lru_cache(maxsize=512)
def _qr(url: str) -> str:
    return qr_svg(url, scalable=True)


def _listing(domain_id: int | None, words: list[str]) -> dict[str, object]:
    """The services a domain page or search shows, with the filters and what they need."""
    db = get_session()
    now = hours.brussels_now()
    centres = directory.postcode_centres(db)
    chosen, notes = filters.parse_filters(request.args, centres)
    closed = directory.closures(db, hours.local(now).date())  # also for each service's "open now"
    found = directory.find_services(
        db, chosen, now, domain_id=domain_id, words=words, closed=closed, centres=centres
    )
    return {
        "filters": chosen,
        "notes": notes,
        "found": found,
        "closed": closed,
        "now": now,
        "postcodes": sorted(centres),
        "languages": filters.FILTER_LANGUAGES,
    }


@bp.get("/help")
@allow(EVERYONE)
@public_page
def index():
    """Waar kan ik terecht?: the life domains as pictograms, a search box, the rights check."""
    return render_template("network/public/index.html", domains=directory.domains(get_session()))


@bp.get("/help/search")
@allow(EVERYONE)
@public_page
def search():
    """Services of every domain whose words (in any language) match the search box."""
    query = request.args.get("q", "")
    if len(query) > MAX_INPUT:
        raise DomainError(_l("Your search is too long. Use a few words."), "too_long", 400)
    words = filters.search_terms(query)
    listing = _listing(None, words) if words else None
    return render_template(
        "network/public/search.html",
        query=query[: filters.MAX_QUERY],
        too_long=len(query) > filters.MAX_QUERY,
        listing=listing,
    )


@bp.get("/help/<code>")
@allow(EVERYONE)
@public_page
def domain(code: str):
    """One life domain: its services (with filters) and its rights."""
    db = get_session()
    life_domain = directory.domain(db, code)
    return render_template(
        "network/public/domain.html",
        domain=life_domain,
        rights=directory.rights_of_domain(db, life_domain.id),
        listing=_listing(life_domain.id, []),
    )


@bp.get("/help/<code>/print")
@allow(EVERYONE)
@public_page
def domain_print(code: str):
    """An A4 overview of one domain for the waiting room, with a QR code per service."""
    db = get_session()
    life_domain = directory.domain(db, code)
    now = hours.brussels_now()
    services = directory.printed_services(db, life_domain.id, PRINT_MAX + 1)
    closed = directory.closures(db, hours.local(now).date())
    return render_template(
        "network/public/print.html",
        domain=life_domain,
        services=services[:PRINT_MAX],
        more=len(services) > PRINT_MAX,
        rights=directory.rights_of_domain(db, life_domain.id),
        closed=closed,
        now=now,
        page_url=external_url("network.domain", code=life_domain.code),
        qr=lambda s: _qr(external_url("network.service", uuid=s.uuid)),
    )


@bp.get("/help/services/<uuid>")
@allow(EVERYONE)
@public_page
def service(uuid: str):
    """A service: what, for whom, cost, languages, when it is open next, where, and its rights."""
    db = get_session()
    found = directory.service(db, uuid)
    now = hours.brussels_now()
    closed = directory.closures(db, hours.local(now).date())
    return render_template(
        "network/public/service.html",
        service=found,
        openings=hours.next_openings(found, closed, now),
        rights=directory.rights_of_service(db, found.id),
        closures=closed,
        now=now,
    )


@bp.get("/help/rights/<code>")
@allow(EVERYONE)
@public_page
def right(code: str):
    """A right: what it is, for whom, what it gives, how/where/when, what to bring."""
    found = directory.right(get_session(), code)
    return render_template(
        "network/public/right.html",
        right=found,
        services=[s for s in found.services if s.status == "active"],
        back=url_for("network.domain", code=found.domain.code),
    )

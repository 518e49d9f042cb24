"""The directory as HSDS 3.0 objects (Open Referral): a pure mapping, no session, no clock.

How our entries become HSDS (docs/hsds.md says the same for readers of the API):

- Ids are our `uuid` columns. What has no row of its own (a phone, a schedule, an address, a
  cost option, a domain link) gets a uuid5 made from its parent's id, so two exports of the same
  directory are identical, byte for byte.
- Languages: HSDS texts have none. Its fields carry the Dutch source; each object with
  translated texts carries one extension property, `translations`:
  {"fr": {"name": …, "description": …}, …}, keyed by the HSDS field names. `?lang=` is not
  honoured: one answer per address, which shared caches may keep.
- Life domains are one taxonomy, the life web (fixed id LIFE_WEB_ID); its terms are the
  domains (term `code` = our domain code) and a service names its domains in `attributes`.
- Weekly hours: one schedule per session on the service_at_location (freq WEEKLY, wkst MO,
  byday MO…SU, opens_at/closes_at "HH:MM" in Brussels time). The HSDS `timezone` is a number (a
  fixed UTC offset) that cannot follow the daylight-saving change, so it is left out and the
  extension `tzid` says "Europe/Brussels".
- Cost: one cost option whose `option` is free, reduced or paid, in EUR when a price is known;
  the cost details go in `fees_description` (and the option's `amount_description`).
- Walk-in or appointment: `application_process`, one of three fixed Dutch sentences; step-free
  access: the first `accessibility` entry's description, one of two fixed sentences, with the
  access note in `details`; an interpreter: a fixed sentence in `interpretation_services`.
- Empty values are left out: the schemas allow no null.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from babel import Locale, UnknownLocaleError

from spelotheek.content import SOURCE_LANGUAGE
from spelotheek.network.models import (
    LifeDomain,
    NetworkLocation,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceHours,
)
from spelotheek.settings import LANGUAGES

HSDS_VERSION = "3.0"
TZID = "Europe/Brussels"
LIFE_WEB_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "https://spelotheek.be/life-web"))
LIFE_WEB = {
    "name": "Levensweb",
    "description": "De tien levensdomeinen van het levensweb: waar kan een gezin terecht?",
    "version": "1",
}
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The fixed Dutch sentences that carry a choice; the import reads them back.
APPLICATION = {
    "walk_in": "Je kan binnenlopen zonder afspraak.",
    "appointment": "Maak eerst een afspraak.",
    "both": "Je kan binnenlopen of een afspraak maken.",
}
STEP_FREE = {
    True: "Toegankelijk zonder trappen of drempels.",
    False: "Er zijn trappen of drempels.",
}
INTERPRETER = "Een tolk kan geregeld worden."
# Service fields with translations, by HSDS field name.
SERVICE_TEXTS = {
    "name": "name",
    "description": "description",
    "eligibility_description": "audience",
    "fees_description": "cost_details",
    "required_documents": "what_to_bring",
}
ORGANIZATION_TEXTS = {"description": "description"}
LOCATION_TEXTS = {"transportation": "transit_stop", "accessibility": "access_note"}
TERM_TEXTS = {"name": "name", "description": "description"}


def derived_id(parent: str, what: str) -> str:
    """A stable id for a part with no row of its own (a phone, an address, a schedule …)."""
    return str(uuid.uuid5(uuid.UUID(parent), what))


def compact(values: Mapping[str, Any]) -> dict[str, Any]:
    """The object without empty values (HSDS schemas allow no null)."""
    return {k: v for k, v in values.items() if v not in (None, "", [], {})}


def translations(thing: Any, fields: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """{language: {hsds field: text}} for every language other than Dutch that has a text."""
    found: dict[str, dict[str, str]] = {}
    for hsds_field, ours in fields.items():
        for lang, text in sorted((getattr(thing, f"{ours}_texts", None) or {}).items()):
            if lang != SOURCE_LANGUAGE and lang in LANGUAGES and text and text.strip():
                found.setdefault(lang, {})[hsds_field] = text
    return {lang: dict(sorted(texts.items())) for lang, texts in sorted(found.items())}


def language_name(code: str) -> str:
    """A language's name in Dutch ("Arabisch"); the code itself when Babel does not know it."""
    try:
        return Locale.parse(code).get_display_name(SOURCE_LANGUAGE) or code
    except (UnknownLocaleError, ValueError, TypeError):
        return code


def clock(moment: time) -> str:
    """A time of day as HSDS writes it ("09:30")."""
    return moment.strftime("%H:%M")


def instant(moment: datetime | None) -> str | None:
    """A UTC instant to the second ("2026-12-06T17:00:00Z")."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def day(value: date | None) -> str | None:
    """A day as ISO text (HSDS assured_date)."""
    return value.isoformat() if value else None


def province(postcode: str) -> str:
    """The Belgian province of a postcode (HSDS wants a state or province on an address)."""
    if not (postcode.isascii() and postcode.isdigit() and len(postcode) == 4):
        return ""
    number = int(postcode)
    for last, name in PROVINCES:
        if number <= last:
            return name
    return ""


PROVINCES = (
    (999, ""),
    (1299, "Brussels Hoofdstedelijk Gewest"),
    (1499, "Waals-Brabant"),
    (1999, "Vlaams-Brabant"),
    (2999, "Antwerpen"),
    (3499, "Vlaams-Brabant"),
    (3999, "Limburg"),
    (4999, "Luik"),
    (5999, "Namen"),
    (6599, "Henegouwen"),
    (6999, "Luxemburg"),
    (7999, "Henegouwen"),
    (8999, "West-Vlaanderen"),
    (9999, "Oost-Vlaanderen"),
)


# --- taxonomy -------------------------------------------------------------------------------


def life_web() -> dict[str, Any]:
    """The life web as an HSDS taxonomy."""
    return {"id": LIFE_WEB_ID, **LIFE_WEB}


def taxonomy_term(domain: LifeDomain) -> dict[str, Any]:
    """A life domain as a term of the life web."""
    return compact(
        {
            "id": domain.uuid,
            "code": domain.code,
            "name": domain.name,
            "description": domain.description or domain.name,
            "taxonomy": LIFE_WEB["name"],
            "taxonomy_id": LIFE_WEB_ID,
            "language": SOURCE_LANGUAGE,
            "translations": translations(domain, TERM_TEXTS),
        }
    )


def texts_of_term(domain: LifeDomain) -> list[str]:
    """A domain's name in every language (what a search for a term matches)."""
    return [domain.name, *(domain.name_texts or {}).values()]


def domain_attribute(service: Service, domain: LifeDomain) -> dict[str, Any]:
    """The link from a service to one of its life domains."""
    return {
        "id": derived_id(service.uuid, f"domain:{domain.uuid}"),
        "link_id": service.uuid,
        "link_type": "life_domain",
        "link_entity": "service",
        "taxonomy_term_id": domain.uuid,
        "value": domain.code,
        "taxonomy_term": taxonomy_term(domain),
    }


# --- organisations and places ---------------------------------------------------------------


def organization_list_item(organization: Organization) -> dict[str, Any]:
    """An organisation's one-to-one fields (compiled/organization_list.json)."""
    return compact(
        {
            "id": organization.uuid,
            "name": organization.name,
            "description": organization.description or "",
            "email": organization.email,
            "website": organization.website,
            "translations": translations(organization, ORGANIZATION_TEXTS),
        }
    ) | {"description": organization.description or ""}


def organization(item: Organization, *, with_locations: bool = True) -> dict[str, Any]:
    """A whole organisation (organization.json): its phone and, if asked, its places."""
    phones = (
        [{"id": derived_id(item.uuid, "phone"), "organization_id": item.uuid, "number": item.phone}]
        if item.phone
        else []
    )
    body = organization_list_item(item) | compact({"phones": phones})
    if with_locations:
        places = sorted(item.locations, key=lambda p: (p.name, p.uuid))
        body |= compact({"locations": [location(place) for place in places]})
    return body


def location(place: NetworkLocation) -> dict[str, Any]:
    """A building where families are received (location.json), with its address."""
    address = {
        "id": derived_id(place.uuid, "address"),
        "location_id": place.uuid,
        "address_1": place.address,
        "city": place.city,
        "state_province": province(place.postcode),
        "postal_code": place.postcode,
        "country": "BE",
        "address_type": "physical",
    }
    access = compact(
        {
            "id": derived_id(place.uuid, "accessibility"),
            "location_id": place.uuid,
            "description": STEP_FREE.get(place.step_free) if place.step_free is not None else "",
            "details": place.access_note,
        }
    )
    return compact(
        {
            "id": place.uuid,
            "location_type": "physical",
            "organization_id": place.organization.uuid if place.organization else None,
            "name": place.name,
            "transportation": place.transit_stop,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "addresses": [address] if place.address or place.city or place.postcode else [],
            "accessibility": [access] if len(access) > 2 else [],
            "translations": translations(place, LOCATION_TEXTS),
        }
    )


def schedule(place: ServiceAtLocation, hours: ServiceHours) -> dict[str, Any]:
    """One weekly session at a place, Brussels time."""
    return {
        "id": derived_id(place.uuid, f"{hours.weekday}-{clock(hours.opens)}-{clock(hours.closes)}"),
        "service_at_location_id": place.uuid,
        "freq": "WEEKLY",
        "interval": 1,
        "wkst": "MO",
        "byday": DAYS[hours.weekday],
        "opens_at": clock(hours.opens),
        "closes_at": clock(hours.closes),
        "tzid": TZID,
    }


def service_at_location(place: ServiceAtLocation, *, with_service: bool = False) -> dict[str, Any]:
    """A service at one place with its weekly hours (service_at_location.json)."""
    body = compact(
        {
            "id": place.uuid,
            "service_id": place.service.uuid,
            "location_id": place.location.uuid,
            "schedules": [schedule(place, hours) for hours in place.hours],
            "location": location(place.location),
        }
    )
    if with_service:
        body["service"] = service_list_item(place.service)
    return body


def service_at_location_list_item(place: ServiceAtLocation) -> dict[str, Any]:
    """compiled/service_at_location_list.json: ids, the place and the service's one-to-ones."""
    return {
        "id": place.uuid,
        "service_id": place.service.uuid,
        "location_id": place.location.uuid,
        "location": location(place.location),
        "service": service_list_item(place.service),
    }


# --- services -------------------------------------------------------------------------------


def _cost_options(service: Service) -> list[dict[str, Any]]:
    amount = service.price_cents / 100 if service.price_cents is not None else None
    return [
        compact(
            {
                "id": derived_id(service.uuid, "cost"),
                "service_id": service.uuid,
                "option": service.cost,
                "currency": "EUR" if amount is not None or service.cost == "free" else None,
                "amount": 0 if service.cost == "free" and amount is None else amount,
                "amount_description": service.cost_details,
            }
        )
    ]


def service_list_item(service: Service) -> dict[str, Any]:
    """A service's one-to-one fields (compiled/service_list.json)."""
    return compact(
        {
            "id": service.uuid,
            "organization_id": service.organization.uuid,
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "interpretation_services": INTERPRETER if service.interpreter else None,
            "application_process": APPLICATION.get(service.access),
            "fees_description": service.cost_details,
            "eligibility_description": service.audience,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": day(service.checked_on),
            "last_modified": instant(service.updated_at),
            "translations": translations(service, SERVICE_TEXTS),
        }
    )


def service(item: Service) -> dict[str, Any]:
    """A whole service (service.json) with its organisation, places, hours and domains."""
    phones = (
        [{"id": derived_id(item.uuid, "phone"), "service_id": item.uuid, "number": item.phone}]
        if item.phone
        else []
    )
    documents = (
        [
            {
                "id": derived_id(item.uuid, "required-document"),
                "service_id": item.uuid,
                "document": item.what_to_bring,
            }
        ]
        if item.what_to_bring
        else []
    )
    languages = [
        {
            "id": derived_id(item.uuid, f"language:{code}"),
            "service_id": item.uuid,
            "code": code,
            "name": language_name(code),
        }
        for code in item.languages or []
    ]
    return service_list_item(item) | compact(
        {
            "organization": organization(item.organization, with_locations=False),
            "phones": phones,
            "languages": languages,
            "cost_options": _cost_options(item),
            "required_documents": documents,
            "service_at_locations": [service_at_location(place) for place in places_of(item)],
            "attributes": [domain_attribute(item, domain) for domain in item.domains],
        }
    )


def places_of(item: Service) -> list[ServiceAtLocation]:
    """A service's places in a stable order (by the place's name, then id)."""
    return sorted(item.places, key=lambda p: (p.location.name, p.uuid))


# --- pages and the whole directory ----------------------------------------------------------


def page(
    contents: list[dict[str, Any]], *, total: int, number: int, per_page: int
) -> dict[str, Any]:
    """An HSDA page of results (the Page schema of the HSDA OpenAPI)."""
    pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }


def bundle(
    organizations: Iterable[Organization],
    services: Iterable[Service],
    domains: Iterable[LifeDomain],
) -> dict[str, Any]:
    """The whole directory as one document: what `spelotheek network export` writes and
    `network import` reads back (each list holds full HSDS objects)."""
    return {
        "hsds_version": HSDS_VERSION,
        "taxonomies": [life_web()],
        "taxonomy_terms": [taxonomy_term(domain) for domain in domains],
        "organizations": [organization(item) for item in organizations],
        "services": [service(item) for item in services],
    }

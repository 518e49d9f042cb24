"""Changing the directory's organisations, services and places: session and acting account in,
flush, never commit. Every change is kept in the history (who, when, old → new) and audited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.db import utcnow
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.network import checks
from spelotheek.network.checks import EntryError
from spelotheek.network.history import differences, record_change, snapshot
from spelotheek.network.models import (
    ACCESS_MODES,
    COSTS,
    SERVICE_STATES,
    LifeDomain,
    NetworkLocation,
    Organization,
    Service,
)
from spelotheek.network.texts import refresh_search_text

ORGANIZATION_FIELDS = ("name", "description", "description_texts", "website", "email", "phone")
SERVICE_FIELDS = (
    "name",
    "name_texts",
    "description",
    "description_texts",
    "audience",
    "audience_texts",
    "cost",
    "cost_details",
    "cost_details_texts",
    "price_cents",
    "what_to_bring",
    "what_to_bring_texts",
    "languages",
    "interpreter",
    "access",
    "phone",
    "email",
    "url",
    "status",
    "minimum_age",
    "maximum_age",
)
LOCATION_FIELDS = (
    "name",
    "address",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "transit_stop",
    "transit_stop_texts",
    "step_free",
    "access_note",
    "access_note_texts",
)
# Languages a service can say it speaks: the site's five and those often asked for here.
SPOKEN_LANGUAGES = (
    "nl",
    "fr",
    "en",
    "ar",
    "tr",
    "de",
    "es",
    "pl",
    "ro",
    "bg",
    "ru",
    "uk",
    "so",
    "ps",
    "fa",
    "ti",
)
MAX_AGE = 120


def _texts(values: Mapping[str, Any], field: str, limit: int = checks.MAX_TEXT) -> None:
    """Refuse a translation longer than the limit (the source text is checked by the caller)."""
    for text in (values.get(f"{field}_texts") or {}).values():
        if len(text) > limit:
            raise EntryError(_l("Please keep this under %(n)d characters.", n=limit), field)


def checked_organization(values: Mapping[str, Any]) -> dict[str, Any]:
    """An organisation's fields, checked and trimmed; EntryError names the first bad one."""
    _texts(values, "description")
    return {
        "name": checks.text(values.get("name", ""), "name", required=True, limit=160),
        "description": checks.text(values.get("description", ""), "description"),
        "description_texts": values.get("description_texts"),
        "website": checks.url(values.get("website", ""), "website"),
        "email": checks.email(values.get("email", ""), "email"),
        "phone": checks.phone(values.get("phone", ""), "phone"),
    }


def _optional_int(value: Any, field: str, high: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise EntryError(_l("Please give a number from 0 to %(n)d.", n=high), field)
    return value


def checked_service(values: Mapping[str, Any]) -> dict[str, Any]:
    """A service's fields, checked and trimmed; EntryError names the first bad one."""
    for field in ("name", "description", "audience", "cost_details", "what_to_bring"):
        _texts(values, field)
    cost = values.get("cost", "free")
    access = values.get("access", "walk_in")
    status = values.get("status", "active")
    if cost not in COSTS:
        raise EntryError(_l("Please choose free, reduced rate or paid."), "cost")
    if access not in ACCESS_MODES:
        raise EntryError(_l("Please choose walk-in or by appointment."), "access")
    if status not in SERVICE_STATES:
        raise EntryError(_l("Please choose active or not active."), "status")
    price = _optional_int(values.get("price_cents"), "price", 10_000_000)
    minimum = _optional_int(values.get("minimum_age"), "minimum_age", MAX_AGE)
    maximum = _optional_int(values.get("maximum_age"), "maximum_age", MAX_AGE)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise EntryError(
            _l("The lowest age is higher than the highest age. Please check them."), "maximum_age"
        )
    languages = list(values.get("languages") or [])
    if any(lang not in SPOKEN_LANGUAGES for lang in languages):
        raise EntryError(_l("Please choose languages from the list."), "languages")
    return {
        "name": checks.text(values.get("name", ""), "name", required=True, limit=160),
        "name_texts": values.get("name_texts"),
        "description": checks.text(values.get("description", ""), "description", required=True),
        "description_texts": values.get("description_texts"),
        "audience": checks.text(values.get("audience", ""), "audience"),
        "audience_texts": values.get("audience_texts"),
        "cost": cost,
        "cost_details": checks.text(values.get("cost_details", ""), "cost_details"),
        "cost_details_texts": values.get("cost_details_texts"),
        "price_cents": None if cost == "free" else price,
        "what_to_bring": checks.text(values.get("what_to_bring", ""), "what_to_bring"),
        "what_to_bring_texts": values.get("what_to_bring_texts"),
        "languages": [lang for lang in SPOKEN_LANGUAGES if lang in languages],
        "interpreter": bool(values.get("interpreter")),
        "access": access,
        "phone": checks.phone(values.get("phone", ""), "phone"),
        "email": checks.email(values.get("email", ""), "email"),
        "url": checks.url(values.get("url", ""), "url"),
        "status": status,
        "minimum_age": minimum,
        "maximum_age": maximum,
    }


def _coordinate(value: Any, field: str, limit: float) -> float | None:
    if value is None or value == "":
        return None
    if not isinstance(value, int | float) or not -limit <= float(value) <= limit:
        raise EntryError(
            _l("This number is out of range (%(n)d to %(m)d).", n=-limit, m=limit), field
        )
    return float(value)


def checked_location(values: Mapping[str, Any]) -> dict[str, Any]:
    """A place's fields, checked and trimmed; EntryError names the first bad one."""
    for field in ("transit_stop", "access_note"):
        _texts(values, field)
    latitude = _coordinate(values.get("latitude"), "latitude", 90)
    longitude = _coordinate(values.get("longitude"), "longitude", 180)
    if (latitude is None) != (longitude is None):
        raise EntryError(_l("Please give both latitude and longitude, or neither."), "longitude")
    step_free = values.get("step_free")
    if step_free not in (True, False, None):
        raise EntryError(_l("Please choose yes, no or not known."), "step_free")
    return {
        "name": checks.text(values.get("name", ""), "name", required=True, limit=160),
        "address": checks.text(values.get("address", ""), "address", required=True, limit=200),
        "postcode": checks.postcode(values.get("postcode", "")),
        "city": checks.text(values.get("city", ""), "city", required=True, limit=80),
        "latitude": latitude,
        "longitude": longitude,
        "transit_stop": checks.text(values.get("transit_stop", ""), "transit_stop", limit=160),
        "transit_stop_texts": values.get("transit_stop_texts"),
        "step_free": step_free,
        "access_note": checks.text(values.get("access_note", ""), "access_note"),
        "access_note_texts": values.get("access_note_texts"),
    }


def _apply(thing: Any, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        setattr(thing, name, value)


def _audit(session: Session, action: str, actor_id: int | None, kind: str, thing_id: int) -> None:
    audit.record(
        session, action, actor_id=actor_id, subject_type=kind, subject_id=thing_id, detail=""
    )


def create_organization(
    session: Session, actor_id: int | None, values: Mapping[str, Any], today: date
) -> Organization:
    """A new organisation in the network (the coordinator adds partners)."""
    organization = Organization(**checked_organization(values), checked_on=today)
    session.add(organization)
    session.flush()
    record_change(
        session,
        "organization",
        organization.uuid,
        "created",
        organization_id=organization.id,
        user_id=actor_id,
    )
    _audit(
        session, "network_organization_created", actor_id, "network_organization", organization.id
    )
    return organization


def change_organization(
    session: Session,
    actor_id: int | None,
    organization: Organization,
    values: Mapping[str, Any],
    today: date,
) -> None:
    """Change an organisation's own fields; a change of name is searched for in its services."""
    fields = checked_organization(values)
    before = snapshot(organization, ORGANIZATION_FIELDS)
    _apply(organization, fields)
    changes = differences(before, fields)
    if not changes:
        return
    organization.updated_at = utcnow()
    organization.checked_on = today
    if "name" in changes:
        for service in organization.services:
            refresh_search_text(service)
    session.flush()
    record_change(
        session,
        "organization",
        organization.uuid,
        "changed",
        organization_id=organization.id,
        user_id=actor_id,
        changes=changes,
    )
    _audit(
        session, "network_organization_changed", actor_id, "network_organization", organization.id
    )


def _domains(session: Session, domain_ids: Sequence[int]) -> list[LifeDomain]:
    """The chosen life domains; at least one, all of them known."""
    if not domain_ids:
        raise EntryError(_l("Please choose at least one life domain."), "domains")
    found = list(session.scalars(select(LifeDomain).where(LifeDomain.id.in_(set(domain_ids)))))
    if len(found) != len(set(domain_ids)):
        raise EntryError(_l("Please choose life domains from the list."), "domains")
    return sorted(found, key=lambda d: d.position)


def _service_snapshot(service: Service) -> dict[str, Any]:
    return {**snapshot(service, SERVICE_FIELDS), "domains": [d.code for d in service.domains]}


def create_service(
    session: Session,
    actor_id: int | None,
    organization: Organization,
    values: Mapping[str, Any],
    domain_ids: Sequence[int],
    today: date,
) -> Service:
    """A new service of an organisation, searchable at once."""
    fields = checked_service(values)
    domains = _domains(session, domain_ids)  # before the new service joins the session
    service = Service(organization=organization, **fields, checked_on=today, domains=domains)
    refresh_search_text(service)
    session.add(service)
    session.flush()
    record_change(
        session,
        "service",
        service.uuid,
        "created",
        organization_id=organization.id,
        user_id=actor_id,
        changes=differences({}, _service_snapshot(service)),
    )
    _audit(session, "network_service_created", actor_id, "network_service", service.id)
    return service


def change_service(
    session: Session,
    actor_id: int | None,
    service: Service,
    values: Mapping[str, Any],
    domain_ids: Sequence[int],
    today: date,
) -> None:
    """Change a service's fields and life domains; its search text follows."""
    fields = checked_service(values)
    domains = _domains(session, domain_ids)
    before = _service_snapshot(service)
    _apply(service, fields)
    service.domains = domains
    changes = differences(before, _service_snapshot(service))
    if not changes:
        return
    service.updated_at = utcnow()
    service.checked_on = today
    refresh_search_text(service)
    session.flush()
    record_change(
        session,
        "service",
        service.uuid,
        "changed",
        organization_id=service.organization_id,
        user_id=actor_id,
        changes=changes,
    )
    _audit(session, "network_service_changed", actor_id, "network_service", service.id)


def remove_service(session: Session, actor_id: int | None, service: Service) -> None:
    """Take a service out of the directory; its history stays."""
    record_change(
        session,
        "service",
        service.uuid,
        "removed",
        organization_id=service.organization_id,
        user_id=actor_id,
        changes=differences({"name": service.name}, {}),
    )
    _audit(session, "network_service_removed", actor_id, "network_service", service.id)
    session.delete(service)
    session.flush()


def create_location(
    session: Session, actor_id: int | None, organization: Organization, values: Mapping[str, Any]
) -> NetworkLocation:
    """A new place where the organisation receives families."""
    location = NetworkLocation(organization=organization, **checked_location(values))
    session.add(location)
    session.flush()
    record_change(
        session,
        "location",
        location.uuid,
        "created",
        organization_id=organization.id,
        user_id=actor_id,
        changes=differences({}, snapshot(location, LOCATION_FIELDS)),
    )
    _audit(session, "network_location_created", actor_id, "network_location", location.id)
    return location


def change_location(
    session: Session, actor_id: int | None, location: NetworkLocation, values: Mapping[str, Any]
) -> None:
    """Change a place's address, access and transit stop."""
    fields = checked_location(values)
    before = snapshot(location, LOCATION_FIELDS)
    _apply(location, fields)
    changes = differences(before, fields)
    if not changes:
        return
    session.flush()
    record_change(
        session,
        "location",
        location.uuid,
        "changed",
        organization_id=location.organization_id,
        user_id=actor_id,
        changes=changes,
    )
    _audit(session, "network_location_changed", actor_id, "network_location", location.id)


def remove_location(session: Session, actor_id: int | None, location: NetworkLocation) -> None:
    """Take a place out (its services' hours there go with it); its history stays."""
    record_change(
        session,
        "location",
        location.uuid,
        "removed",
        organization_id=location.organization_id,
        user_id=actor_id,
        changes=differences({"name": location.name}, {}),
    )
    _audit(session, "network_location_removed", actor_id, "network_location", location.id)
    session.delete(location)
    session.flush()

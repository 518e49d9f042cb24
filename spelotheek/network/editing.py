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
from spelotheek.network.checks import EntryError
from spelotheek.network.entry_fields import (
    LOCATION_FIELDS,
    ORGANIZATION_FIELDS,
    SERVICE_FIELDS,
    checked_location,
    checked_organization,
    checked_service,
)
from spelotheek.network.history import differences, record_change, snapshot
from spelotheek.network.models import LifeDomain, NetworkLocation, Organization, Service
from spelotheek.network.texts import refresh_search_text


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

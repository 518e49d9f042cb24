"""What the HSDS endpoints and the export read: one page of entries with everything its
objects show loaded up front (a bounded number of statements, whatever the page size)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from spelotheek.network.models import (
    LifeDomain,
    NetworkLocation,
    Organization,
    Service,
    ServiceAtLocation,
    service_domains,
)
from spelotheek.network.rules import search_words

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    """One page of entries and how many there are in all."""

    items: list[T]
    total: int


def _location_loaded():
    return (joinedload(NetworkLocation.organization),)


def _full_service_options():
    """What service.json shows: organisation, phones, domains, places with hours."""
    return (
        joinedload(Service.organization),
        selectinload(Service.domains),
        selectinload(Service.places).options(
            selectinload(ServiceAtLocation.hours),
            joinedload(ServiceAtLocation.location).joinedload(NetworkLocation.organization),
        ),
    )


def _page(db: Session, query: Select, number: int, per_page: int) -> Found:
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = list(db.scalars(query.limit(per_page).offset((number - 1) * per_page)).unique())
    return Found(items, total)


def _filtered(
    query: Select,
    search: str | None,
    term_uuid: str | None,
    organization_uuid: str | None,
    modified_after: datetime | None = None,
) -> Select:
    """Services whose words match the search, in a life domain, of an organisation, changed
    on or after a moment."""
    if modified_after is not None:
        query = query.where(Service.updated_at >= modified_after)
    for word in search_words([search or ""]).split():
        query = query.where(Service.search_text.contains(word, autoescape=True))
    if term_uuid:
        in_domain = (
            select(service_domains.c.service_id)
            .join(LifeDomain, LifeDomain.id == service_domains.c.domain_id)
            .where(LifeDomain.uuid == term_uuid)
        )
        query = query.where(Service.id.in_(in_domain))
    if organization_uuid:
        of_organization = select(Organization.id).where(Organization.uuid == organization_uuid)
        query = query.where(Service.organization_id.in_(of_organization))
    return query


def services(
    db: Session,
    number: int,
    per_page: int,
    *,
    search: str | None = None,
    term_uuid: str | None = None,
    organization_uuid: str | None = None,
    modified_after: datetime | None = None,
    full: bool = False,
) -> Found[Service]:
    """A page of services by name, optionally only those matching the filters."""
    query = _filtered(select(Service), search, term_uuid, organization_uuid, modified_after)
    options = _full_service_options() if full else (joinedload(Service.organization),)
    query = query.options(*options).order_by(Service.name, Service.uuid)
    return _page(db, query, number, per_page)


def service(db: Session, uuid: str) -> Service | None:
    """One service with all that service.json shows."""
    query = select(Service).where(Service.uuid == uuid).options(*_full_service_options())
    return db.scalars(query).unique().one_or_none()


def _organization_options():
    return (selectinload(Organization.locations).joinedload(NetworkLocation.organization),)


def organizations(
    db: Session, number: int, per_page: int, *, search: str | None = None, full: bool = False
) -> Found[Organization]:
    """A page of organisations by name."""
    query = select(Organization)
    for word in search_words([search or ""]).split():
        query = query.where(func.lower(Organization.name).contains(word, autoescape=True))
    if full:
        query = query.options(*_organization_options())
    return _page(db, query.order_by(Organization.name, Organization.uuid), number, per_page)


def organization(db: Session, uuid: str) -> Organization | None:
    """One organisation with its places."""
    query = select(Organization).where(Organization.uuid == uuid)
    return db.scalars(query.options(*_organization_options())).one_or_none()


def _place_options():
    return (
        joinedload(ServiceAtLocation.service).joinedload(Service.organization),
        joinedload(ServiceAtLocation.location).joinedload(NetworkLocation.organization),
        selectinload(ServiceAtLocation.hours),
    )


def places(
    db: Session,
    number: int,
    per_page: int,
    *,
    search: str | None = None,
    term_uuid: str | None = None,
    organization_uuid: str | None = None,
    modified_after: datetime | None = None,
) -> Found[ServiceAtLocation]:
    """A page of services at places, by service name and place name."""
    wanted = _filtered(select(Service.id), search, term_uuid, organization_uuid, modified_after)
    query = (
        select(ServiceAtLocation)
        .join(ServiceAtLocation.service)
        .join(ServiceAtLocation.location)
        .where(ServiceAtLocation.service_id.in_(wanted))
        .options(*_place_options())
        .order_by(Service.name, NetworkLocation.name, ServiceAtLocation.uuid)
    )
    return _page(db, query, number, per_page)


def place(db: Session, uuid: str) -> ServiceAtLocation | None:
    """One service at one place."""
    query = select(ServiceAtLocation).where(ServiceAtLocation.uuid == uuid)
    return db.scalars(query.options(*_place_options())).unique().one_or_none()


def domains(db: Session) -> list[LifeDomain]:
    """Every life domain, in the life web's order."""
    return list(db.scalars(select(LifeDomain).order_by(LifeDomain.position, LifeDomain.code)))


def domain(db: Session, uuid: str) -> LifeDomain | None:
    """One life domain by its HSDS id."""
    return db.scalars(select(LifeDomain).where(LifeDomain.uuid == uuid)).one_or_none()


def whole_directory(db: Session) -> tuple[list[Organization], list[Service], list[LifeDomain]]:
    """Everything the export writes, loaded in a few statements."""
    organizations_found = list(
        db.scalars(
            select(Organization)
            .options(*_organization_options())
            .order_by(Organization.name, Organization.uuid)
        )
    )
    services_found = list(
        db.scalars(
            select(Service).options(*_full_service_options()).order_by(Service.name, Service.uuid)
        ).unique()
    )
    return organizations_found, services_found, domains(db)

"""Reading the directory's entries for the pages that keep it true (manage pages, history)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from spelotheek.auth.models import User
from spelotheek.network.models import (
    DirectoryChange,
    LifeDomain,
    NetworkClosure,
    NetworkLocation,
    Organization,
    Right,
    Service,
    ServiceAtLocation,
)


def organizations(session: Session) -> Sequence[Organization]:
    """Every organisation of the network, by name."""
    return session.scalars(select(Organization).order_by(Organization.name)).all()


def organizations_with_entries(session: Session) -> Sequence[Organization]:
    """Every organisation with its services and places (the coordinator's list), by name."""
    return session.scalars(
        select(Organization)
        .options(selectinload(Organization.services), selectinload(Organization.locations))
        .order_by(Organization.name)
    ).all()


def organization_named(session: Session, name_or_uuid: str) -> Organization | None:
    """The organisation with this uuid or exactly this name (the command line), or None."""
    return session.scalars(
        select(Organization).where(
            or_(Organization.uuid == name_or_uuid, Organization.name == name_or_uuid)
        )
    ).first()


def organization(session: Session, organization_id: int) -> Organization | None:
    """One organisation with its services and places, or None."""
    return session.get(
        Organization,
        organization_id,
        options=[selectinload(Organization.services), selectinload(Organization.locations)],
    )


def service(session: Session, service_id: int) -> Service | None:
    """One service with its places and hours, or None."""
    return session.get(
        Service,
        service_id,
        options=[
            selectinload(Service.places).selectinload(ServiceAtLocation.hours),
            selectinload(Service.places).selectinload(ServiceAtLocation.location),
            selectinload(Service.domains),
        ],
    )


def location(session: Session, location_id: int) -> NetworkLocation | None:
    """One place, or None."""
    return session.get(NetworkLocation, location_id)


def every_location(session: Session) -> Sequence[NetworkLocation]:
    """Every network place, by organisation and name (for closures)."""
    return session.scalars(
        select(NetworkLocation)
        .join(NetworkLocation.organization)
        .order_by(Organization.name, NetworkLocation.name)
    ).all()


def closures_since(session: Session, day: date) -> Sequence[NetworkClosure]:
    """The network's closures that end on or after this day, first ones first."""
    return session.scalars(
        select(NetworkClosure)
        .where(NetworkClosure.last_day >= day)
        .options(selectinload(NetworkClosure.location))
        .order_by(NetworkClosure.first_day)
    ).all()


def closure(session: Session, closure_id: int) -> NetworkClosure | None:
    """One closure, or None."""
    return session.get(NetworkClosure, closure_id)


def domains(session: Session) -> Sequence[LifeDomain]:
    """The life domains in the life web's order."""
    return session.scalars(select(LifeDomain).order_by(LifeDomain.position, LifeDomain.id)).all()


def domain(session: Session, domain_id: int) -> LifeDomain | None:
    """One life domain, or None."""
    return session.get(LifeDomain, domain_id)


def rights(session: Session) -> Sequence[Right]:
    """Every right, by domain and title."""
    return session.scalars(
        select(Right)
        .join(Right.domain)
        .options(selectinload(Right.domain))
        .order_by(LifeDomain.position, Right.position, Right.title)
    ).all()


def right(session: Session, right_id: int) -> Right | None:
    """One right with its services, or None."""
    return session.get(Right, right_id, options=[selectinload(Right.services)])


def active_services(session: Session) -> Sequence[Service]:
    """Every service with its organisation (to link to a right), by organisation and name."""
    return session.scalars(
        select(Service)
        .join(Service.organization)
        .options(selectinload(Service.organization))
        .order_by(Organization.name, Service.name)
    ).all()


@dataclass(frozen=True)
class Unchecked:
    """An organisation with entries not checked since the cut-off day."""

    organization: Organization
    services: list[Service]  # its services not checked since then (or never)
    stale_itself: bool


def unchecked(session: Session, before: date) -> list[Unchecked]:
    """Organisations whose own entry or a service was not checked since `before` (or never)."""
    found = []
    for org in session.scalars(
        select(Organization)
        .options(selectinload(Organization.services))
        .order_by(Organization.name)
    ):
        services = [s for s in org.services if s.checked_on is None or s.checked_on < before]
        itself = org.checked_on is None or org.checked_on < before
        if itself or services:
            found.append(Unchecked(org, services, itself))
    return found


@dataclass(frozen=True)
class HistoryRow:
    """One change as the history page shows it."""

    change: DirectoryChange
    who: str  # the account's name; empty for the system (an import, the command line)


def history(session: Session, entity_uuid: str) -> list[HistoryRow]:
    """The changes of one entry, newest first, with the name of who made them."""
    rows = session.execute(
        select(DirectoryChange, User.name)
        .outerjoin(User, User.id == DirectoryChange.user_id)
        .where(DirectoryChange.entity_uuid == entity_uuid)
        .order_by(DirectoryChange.changed_at.desc(), DirectoryChange.id.desc())
    ).all()
    return [HistoryRow(change, name or "") for change, name in rows]

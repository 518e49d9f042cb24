"""What the slip's form offers, read from the directory: the life domains and active services."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.content import SOURCE_LANGUAGE, texts_of
from spelotheek.network.models import LifeDomain, Organization, Service
from spelotheek.network.slip import EXTRA_TOPICS, ChosenService, Topic

UUID_LENGTH = 36
# A select longer than this is of no use on a phone (and weighs the page down): a bigger
# directory offers the slip from each service's own page instead (?service=<uuid>).
SERVICES_IN_SELECT = 300


@dataclass(frozen=True)
class ServiceOption:
    """An active service as the form lists it."""

    uuid: str
    service: ChosenService

    @property
    def organization(self) -> str:
        """The name of the organisation that offers it."""
        return self.service.organization


def topics(db: Session) -> list[Topic]:
    """The life domains in their order, each with its pictogram and names, then the extras."""
    domains = db.scalars(select(LifeDomain).order_by(LifeDomain.position, LifeDomain.id))
    found = [Topic(d.code, d.pictogram, texts_of(d, "name")) for d in domains]
    return found + list(EXTRA_TOPICS)


def services(db: Session) -> list[ServiceOption] | None:
    """Every active service with its names and organisation, in one statement; None when
    there are more than a select can usefully hold."""
    limit = SERVICES_IN_SELECT
    rows = db.execute(
        select(Service.uuid, Service.name, Service.name_texts, Organization.name)
        .join(Organization, Service.organization_id == Organization.id)
        .where(Service.status == "active")
        .order_by(Service.name, Service.id)
        .limit(limit + 1)
    ).all()
    if len(rows) > limit:
        return None
    return [
        ServiceOption(uuid, ChosenService({**(texts or {}), SOURCE_LANGUAGE: name}, organization))
        for uuid, name, texts, organization in rows
    ]


def service(db: Session, uuid: str) -> ChosenService | None:
    """The active service with this public id, or None (unknown, inactive or malformed)."""
    if not uuid or len(uuid) > UUID_LENGTH:
        return None
    row = db.execute(
        select(Service.name, Service.name_texts, Organization.name)
        .join(Organization, Service.organization_id == Organization.id)
        .where(Service.uuid == uuid, Service.status == "active")
    ).first()
    if row is None:
        return None
    name, texts, organization = row
    return ChosenService({**(texts or {}), SOURCE_LANGUAGE: name}, organization)

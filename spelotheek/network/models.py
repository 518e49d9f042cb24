"""The network's directory, shaped after HSDS 3.0: organisations, services, places, hours,
life domains and rights; plus a family's kept rights and anonymous barriers.

Translated fields follow spelotheek/content.py: the Dutch source text in `<field>` and the
other languages in `<field>_texts` ({language: text}). Ids that leave the site (HSDS) are the
`uuid` columns; the integer keys stay inside.
"""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import uuid4

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spelotheek.db import Base, utcnow

COSTS = ("free", "reduced", "paid")
ACCESS_MODES = ("walk_in", "appointment", "both")
SERVICE_STATES = ("active", "inactive")
KEPT_STATES = ("may_be_yours", "realised", "barrier")
BARRIER_SOURCES = ("rights_check", "handover", "topic", "worker")
ENTITIES = ("organization", "service", "location", "right", "domain")


def new_uuid() -> str:
    """A fresh public id (HSDS ids are UUIDs)."""
    return str(uuid4())


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


service_domains = Table(
    "network_service_domains",
    Base.metadata,
    Column("service_id", ForeignKey("network_services.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "domain_id",
        ForeignKey("network_domains.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

right_services = Table(
    "network_right_services",
    Base.metadata,
    Column("right_id", ForeignKey("network_rights.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "service_id",
        ForeignKey("network_services.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class LifeDomain(Base):
    """One domain of the life web (income, housing, health …): a taxonomy term in HSDS."""

    __tablename__ = "network_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    name_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    description: Mapped[str] = mapped_column(Text, default="")
    description_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # The name of a pictogram in static/img (without .svg).
    pictogram: Mapped[str] = mapped_column(String(40), default="info")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Organization(Base):
    """A partner of the local family-support network."""

    __tablename__ = "network_organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    description_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    website: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    # "Checked on": the day the partner last confirmed its entries are true.
    checked_on: Mapped[date | None]
    check_requested_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    services: Mapped[list[Service]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Service.name"
    )
    locations: Mapped[list[NetworkLocation]] = relationship(
        back_populates="organization",
        cascade="all, delete-orphan",
        order_by="NetworkLocation.name",
    )


class Service(Base):
    """What an organisation offers families, in plain words."""

    __tablename__ = "network_services"
    __table_args__ = (
        CheckConstraint(f"cost IN ({_quoted(COSTS)})", name="cost_known"),
        CheckConstraint(f"access IN ({_quoted(ACCESS_MODES)})", name="access_known"),
        CheckConstraint(f"status IN ({_quoted(SERVICE_STATES)})", name="status_known"),
        CheckConstraint("price_cents IS NULL OR price_cents >= 0", name="price_not_negative"),
        CheckConstraint(
            "minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age",
            name="ages_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("network_organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(160))
    name_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    description: Mapped[str] = mapped_column(Text, default="")
    description_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    audience: Mapped[str] = mapped_column(Text, default="")  # who it is for
    audience_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    cost: Mapped[str] = mapped_column(String(10), default="free")
    cost_details: Mapped[str] = mapped_column(Text, default="")  # reduced rate and for whom
    cost_details_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    price_cents: Mapped[int | None]
    what_to_bring: Mapped[str] = mapped_column(Text, default="")
    what_to_bring_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # Languages spoken at the service (codes such as "nl", "fr", "ar", "tr", "en", "ps").
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    interpreter: Mapped[bool] = mapped_column(default=False)  # one can be arranged
    access: Mapped[str] = mapped_column(String(12), default="walk_in")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    url: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(10), default="active")
    minimum_age: Mapped[int | None]
    maximum_age: Mapped[int | None]
    checked_on: Mapped[date | None]
    # Lower-case words of the name and description in every language, for the search box.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="services")
    domains: Mapped[list[LifeDomain]] = relationship(
        secondary=service_domains, order_by="LifeDomain.position"
    )
    places: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )


class NetworkLocation(Base):
    """A building where an organisation receives families (an HSDS location)."""

    __tablename__ = "network_locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("network_organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(80))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    transit_stop: Mapped[str] = mapped_column(String(160), default="")  # nearest bus/tram stop
    transit_stop_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    step_free: Mapped[bool | None]  # None: not known
    access_note: Mapped[str] = mapped_column(Text, default="")
    access_note_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="locations")
    closures: Mapped[list[NetworkClosure]] = relationship(
        back_populates="location", cascade="all, delete-orphan", order_by="NetworkClosure.first_day"
    )

    @property
    def map_url(self) -> str:
        """A link to the address on OpenStreetMap (opened by the visitor, never embedded)."""
        from spelotheek.locations.models import map_url

        return map_url(self.address, self.postcode, self.city)


class ServiceAtLocation(Base):
    """A service offered at one place, with its weekly hours there."""

    __tablename__ = "network_service_locations"
    __table_args__ = (UniqueConstraint("service_id", "location_id", name="one_per_place"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("network_services.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int] = mapped_column(
        ForeignKey("network_locations.id", ondelete="CASCADE"), index=True
    )

    service: Mapped[Service] = relationship(back_populates="places")
    location: Mapped[NetworkLocation] = relationship()
    hours: Mapped[list[ServiceHours]] = relationship(
        back_populates="place",
        cascade="all, delete-orphan",
        order_by="(ServiceHours.weekday, ServiceHours.opens)",
    )


class ServiceHours(Base):
    """One weekly session of a service at a place (weekday 0 is Monday), Brussels time."""

    __tablename__ = "network_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_valid"),
        CheckConstraint("opens < closes", name="opens_before_closes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_at_location_id: Mapped[int] = mapped_column(
        ForeignKey("network_service_locations.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]
    opens: Mapped[time]
    closes: Mapped[time]

    place: Mapped[ServiceAtLocation] = relationship(back_populates="hours")


class NetworkClosure(Base):
    """Days a network place is closed (holidays); without a place, every network place."""

    __tablename__ = "network_closures"
    __table_args__ = (CheckConstraint("first_day <= last_day", name="ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_locations.id", ondelete="CASCADE"), index=True
    )
    first_day: Mapped[date]
    last_day: Mapped[date]
    reason: Mapped[str] = mapped_column(String(120), default="")

    location: Mapped[NetworkLocation | None] = relationship(back_populates="closures")


class Right(Base):
    """A right a family may have: what it gives, for whom (conditions as data), how to claim."""

    __tablename__ = "network_rights"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("network_domains.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))  # what the right is, one plain sentence
    title_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    audience: Mapped[str] = mapped_column(Text, default="")  # who it is for
    audience_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    gives: Mapped[str] = mapped_column(Text, default="")
    gives_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    how: Mapped[str] = mapped_column(Text, default="")  # how, where and when to claim it
    how_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    what_to_bring: Mapped[str] = mapped_column(Text, default="")
    what_to_bring_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # Eligibility as data (spelotheek/network/rules.py): every condition must hold.
    conditions: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    # The coordinator's table of cases: [{"answers": {...}, "expect": "likely"|"maybe"|"no"}].
    cases: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    checked_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    domain: Mapped[LifeDomain] = relationship()
    services: Mapped[list[Service]] = relationship(
        secondary=right_services, order_by="Service.name"
    )


class KeptRight(Base):
    """A right from the rights check that a logged-in family chose to keep on its own page."""

    __tablename__ = "network_kept_rights"
    __table_args__ = (
        UniqueConstraint("family_id", "right_id", name="kept_once"),
        CheckConstraint(f"status IN ({_quoted(KEPT_STATES)})", name="status_known"),
        CheckConstraint("verdict IN ('likely', 'maybe')", name="verdict_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    right_id: Mapped[int] = mapped_column(
        ForeignKey("network_rights.id", ondelete="CASCADE"), index=True
    )
    verdict: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default="may_be_yours")
    kept_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_changed_at: Mapped[datetime | None]

    right: Mapped[Right] = relationship()


class Barrier(Base):
    """Something that blocked a family, recorded without the family: no link, no time of day."""

    __tablename__ = "network_barriers"
    __table_args__ = (
        CheckConstraint(f"source IN ({_quoted(BARRIER_SOURCES)})", name="source_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    domain_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_domains.id", ondelete="SET NULL"), index=True
    )
    right_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_rights.id", ondelete="SET NULL"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_services.id", ondelete="SET NULL"), index=True
    )
    what: Mapped[str] = mapped_column(String(500))  # what blocked, in a few words
    place: Mapped[str] = mapped_column(String(160), default="")  # where
    source: Mapped[str] = mapped_column(String(20))
    # The signal it was grouped into (spelotheek/signals); None while it waits to be grouped.
    signal_id: Mapped[int | None] = mapped_column(
        ForeignKey("signals.id", ondelete="SET NULL"), index=True
    )
    # Only the day: a time would let someone match the barrier to a visit at the desk.
    noted_on: Mapped[date]


class DirectoryChange(Base):
    """One change to the directory, kept as history: who, when, which fields from what to what."""

    __tablename__ = "network_changes"
    __table_args__ = (CheckConstraint(f"entity IN ({_quoted(ENTITIES)})", name="entity_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    entity_uuid: Mapped[str] = mapped_column(String(36), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_organizations.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(12))  # created, changed, removed, checked, imported
    changes: Mapped[dict[str, object] | None] = mapped_column(JSON)  # {field: [old, new]}
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

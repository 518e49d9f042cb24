"""Factories for test data; passwords are hashed once per run to keep tests quick."""

from __future__ import annotations

import itertools
import time
from datetime import time as dt_time
from functools import cache

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.auth.models import User
from spelotheek.auth.passwords import hash_secret
from spelotheek.families import services as family_services
from spelotheek.families.models import Family
from spelotheek.network.models import (
    LifeDomain,
    NetworkLocation,
    Organization,
    Right,
    Service,
    ServiceAtLocation,
    ServiceHours,
)

PASSWORD = "correct horse battery"
PIN = "4731"
_counter = itertools.count(1)


@cache
def password_hash() -> str:
    """The hash of PASSWORD, computed once."""
    return hash_secret(PASSWORD)


@cache
def pin_hash() -> str:
    """The hash of PIN, computed once."""
    return hash_secret(PIN)


def make_user(db: Session, role: str = "staff", **fields: object) -> User:
    """A staff account whose password is PASSWORD (a partner gets an organisation of its own)."""
    n = next(_counter)
    if role == "partner" and "organization_id" not in fields:
        fields["organization_id"] = make_organization(db, name=f"Partner {n}").id
    user = User(
        email=str(fields.pop("email", f"user{n}@example.org")),
        name=str(fields.pop("name", f"{role.title()} {n}")),
        role=role,
        password_hash=password_hash(),
        language=str(fields.pop("language", "en")),  # tests read the English source texts
        **fields,
    )
    db.add(user)
    db.flush()
    return user


def make_organization(db: Session, name: str = "CAW Oost", **fields: object) -> Organization:
    """A network organisation with nothing in it yet."""
    organization = Organization(name=name, description=f"{name} helpt gezinnen.", **fields)
    db.add(organization)
    db.flush()
    return organization


def life_domain(db: Session, code: str = "income") -> LifeDomain:
    """One of the ten life domains the migration writes (income, housing, health, childcare,
    learning, work, leisure, social, mobility, papers)."""
    return db.scalars(select(LifeDomain).where(LifeDomain.code == code)).one()


def make_service(
    db: Session,
    name: str = "Spreekuur sociale dienst",
    domains: tuple[str, ...] = ("income",),
    organization: Organization | None = None,
    hours: tuple[tuple[int, str, str], ...] = ((1, "09:00", "12:00"),),
    **fields: object,
) -> Service:
    """A service with one place and weekly hours ((weekday, opens, closes), Brussels time)."""
    organization = organization or make_organization(db)
    fields.setdefault("description", f"{name}: we helpen je verder.")
    chosen = [life_domain(db, code) for code in domains]
    service = Service(organization=organization, name=name, domains=chosen, **fields)
    db.add(service)
    location = NetworkLocation(
        organization=organization,
        name=f"{organization.name} — onthaal",
        address="Kortrijksesteenweg 1",
        postcode="9000",
        city="Gent",
        latitude=51.04,
        longitude=3.71,
    )
    place = ServiceAtLocation(service=service, location=location)
    place.hours = [
        ServiceHours(weekday=day, opens=time_of(opens), closes=time_of(closes))
        for day, opens, closes in hours
    ]
    db.add_all([service, location, place])
    db.flush()
    return service


def make_right(
    db: Session,
    code: str = "water-premium",
    domain: str = "income",
    conditions: list[dict[str, object]] | None = None,
    services: list[Service] | None = None,
    **fields: object,
) -> Right:
    """A right in the directory with these conditions (none: for every family)."""
    fields.setdefault("title", "Je krijgt korting op je waterfactuur.")
    chosen = life_domain(db, domain)
    right = Right(
        code=code,
        domain=chosen,
        conditions=conditions or [],
        services=services or [],
        **fields,
    )
    db.add(right)
    db.flush()
    return right


def time_of(text: str) -> dt_time:
    """A time of day from "HH:MM"."""
    return dt_time.fromisoformat(text)


def make_family(
    db: Session, display_name: str = "Amira", with_pin: bool = False, **fields: object
) -> tuple[Family, str]:
    """A family with an active card; returns the family and its (unformatted) card code."""
    family, issued = family_services.create_family(
        db, None, {"display_name": display_name, **fields}
    )
    if with_pin:
        family.pin_hash = pin_hash()
    db.flush()
    return family, issued.code


def login_as(client: FlaskClient, principal_id: str) -> None:
    """Put a logged-in principal ('u:ID:VERSION' or 'f:ID:VERSION') in the client's session."""
    now = int(time.time())
    with client.session_transaction() as session:
        session["_user_id"] = principal_id
        session["_fresh"] = True
        session["auth_at"] = now
        session["seen_at"] = now


def staff_id(user: User) -> str:
    """The session identity of a staff account."""
    return f"u:{user.id}:{user.session_version}"


def family_id(family: Family) -> str:
    """The session identity of a family."""
    return f"f:{family.id}:{family.session_version}"

"""Factories for channel tests."""

from __future__ import annotations

from datetime import time

from sqlalchemy.orm import Session

from spelotheek.channels import services
from spelotheek.channels.models import Channel
from spelotheek.locations.models import Location, OpeningHours
from tests.factories import make_user


def make_place(db: Session, name: str = "De Speelboot") -> Location:
    """A place open on Wednesday afternoons."""
    place = Location(name=name, address="Kaai 4", postcode="9000", city="Gent")
    place.hours = [OpeningHours(weekday=2, opens=time(14), closes=time(17))]
    db.add(place)
    db.flush()
    return place


def make_channel(
    db: Session,
    name: str = "Vroedvrouwenpraktijk De Bron",
    kind: str = "midwife",
    location: Location | None = None,
) -> Channel:
    """An active channel made by a staff member (audited like any)."""
    staff = make_user(db, role="staff")
    return services.create_channel(db, staff.id, kind, name, location.id if location else None)

"""Meetup test data: a place and a series, made through the services."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy.orm import Session

from spelotheek.locations.models import Location
from spelotheek.meetups import services
from spelotheek.meetups.models import MeetupSeries


def make_location(db: Session, name: str = "Brugse Poort") -> Location:
    """A place with an address."""
    location = Location(
        name=name, address="Rooigemlaan 2", postcode="9000", city="Gent", accessibility="Ramp"
    )
    db.add(location)
    db.flush()
    return location


def make_series(db: Session, location: Location | None = None, **fields: object) -> MeetupSeries:
    """A weekly Saturday-morning series from 3 January 2026 unless told otherwise."""
    values: dict[str, object] = {
        "title": "Play morning",
        "location_id": (location or make_location(db)).id,
        "rrule": "FREQ=WEEKLY;BYDAY=SA",
        "first_day": date(2026, 1, 3),
        "starts": time(10),
        "ends": time(12),
    }
    values.update(fields)
    return services.create_series(db, None, values)

"""Locations as the rules see them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from spelotheek import audit
from spelotheek.errors import NotFound
from spelotheek.locations.models import Closure, Location, OpeningHours, map_url
from spelotheek.locations.rules import ClosedPeriod, Session


def all_locations(db: DbSession) -> Sequence[Location]:
    """Every location with its hours and closures, in two extra queries at most."""
    return db.scalars(
        select(Location)
        .options(selectinload(Location.hours), selectinload(Location.closures))
        .order_by(Location.name)
    ).all()


def sessions_of(location: Location) -> list[Session]:
    """The location's weekly pattern in rule form."""
    return [Session(h.weekday, h.opens, h.closes) for h in location.hours]


def closures_of(location: Location) -> list[ClosedPeriod]:
    """The location's closures in rule form."""
    return [ClosedPeriod(c.first_day, c.last_day) for c in location.closures]


@dataclass(frozen=True)
class PlaceTimes:
    """A place as home shows it: its address, weekly hours and the closures that still matter."""

    id: int
    name: str
    address: str
    postcode: str
    city: str
    accessibility: str
    accessibility_texts: Mapping[str, str] | None
    hours: tuple[Session, ...]
    closures: tuple[ClosedPeriod, ...]

    @property
    def map_url(self) -> str:
        """A link to the address on OpenStreetMap."""
        return map_url(self.address, self.postcode, self.city)


def opening_times(db: DbSession, closures_from: date) -> list[PlaceTimes]:
    """Every place with its hours and the closures ending on or after `closures_from`, by name,
    in 3 plain queries: building a network's 70 places with 700 hours and closures as objects
    cost home more than the rest of it (issue 10)."""
    hours: dict[int, list[Session]] = {}
    for row in db.execute(
        select(
            OpeningHours.location_id, OpeningHours.weekday, OpeningHours.opens, OpeningHours.closes
        ).order_by(OpeningHours.location_id, OpeningHours.weekday, OpeningHours.opens)
    ):
        hours.setdefault(row.location_id, []).append(Session(row.weekday, row.opens, row.closes))
    closed: dict[int, list[ClosedPeriod]] = {}
    for closure in db.execute(
        select(Closure.location_id, Closure.first_day, Closure.last_day)
        .where(Closure.last_day >= closures_from)
        .order_by(Closure.location_id, Closure.first_day)
    ):
        closed.setdefault(closure.location_id, []).append(
            ClosedPeriod(closure.first_day, closure.last_day)
        )
    places = db.execute(
        select(
            Location.id,
            Location.name,
            Location.address,
            Location.postcode,
            Location.city,
            Location.accessibility,
            Location.accessibility_texts,
        ).order_by(Location.name)
    )
    return [
        PlaceTimes(*row, tuple(hours.get(row.id, ())), tuple(closed.get(row.id, ())))
        for row in places
    ]


def change_accessibility(
    db: DbSession,
    actor_id: int,
    location_id: int,
    text: str,
    translations: Mapping[str, str] | None,
) -> Location:
    """Write a location's access notes (Dutch) and their translations.

    Raises NotFound when there is no such location.
    """
    location = db.get(Location, location_id)
    if location is None:
        raise NotFound("no such location")
    location.accessibility = text.strip()
    # Translations of an emptied note would be shown with nothing to mark them against.
    location.accessibility_texts = dict(translations) if translations and text.strip() else None
    db.flush()
    audit.record(
        db,
        "location_access_changed",
        actor_id=actor_id,
        subject_type="location",
        subject_id=location.id,
    )
    return location

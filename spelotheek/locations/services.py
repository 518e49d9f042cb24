"""Locations as the rules see them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from spelotheek.locations.models import Location
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

"""Locations as the rules see them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from spelotheek.locations.models import Closure, Location
from spelotheek.locations.rules import ClosedPeriod, Session


def all_locations(db: DbSession, closures_from: date | None = None) -> Sequence[Location]:
    """Every location with its hours and closures (only those ending on or after
    `closures_from`, when given: years of past holidays tell nothing about today)."""
    closures = Location.closures
    if closures_from is not None:
        closures = closures.and_(Closure.last_day >= closures_from)
    return db.scalars(
        select(Location)
        .options(selectinload(Location.hours), selectinload(closures))
        .order_by(Location.name)
    ).all()


def sessions_of(location: Location) -> list[Session]:
    """The location's weekly pattern in rule form."""
    return [Session(h.weekday, h.opens, h.closes) for h in location.hours]


def closures_of(location: Location) -> list[ClosedPeriod]:
    """The location's closures in rule form."""
    return [ClosedPeriod(c.first_day, c.last_day) for c in location.closures]

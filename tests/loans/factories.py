"""Factories for the toy library: a location with opening hours, toys with parts and copies."""

from __future__ import annotations

import itertools
from datetime import time

from sqlalchemy.orm import Session

from spelotheek.loans import catalogue
from spelotheek.loans.models import Item, Toy
from spelotheek.locations.models import Closure, Location, OpeningHours

_counter = itertools.count(1)


def make_location(
    db: Session,
    weekdays: tuple[int, ...] = (2, 5),
    closures: list[tuple] | None = None,
) -> Location:
    """A location open on these weekdays (Wednesday and Saturday by default), 10:00–12:00."""
    n = next(_counter)
    location = Location(name=f"Place {n}", address="Street 1", postcode="9000", city="Gent")
    location.hours = [OpeningHours(weekday=d, opens=time(10), closes=time(12)) for d in weekdays]
    location.closures = [Closure(first_day=a, last_day=b) for a, b in closures or []]
    db.add(location)
    db.flush()
    return location


def make_toy(
    db: Session,
    name: str = "Blokkendoos",
    parts: list[tuple[str, int]] | None = None,
    copies: int = 1,
    location: Location | None = None,
    **fields: object,
) -> Toy:
    """A toy with its parts list and `copies` available items."""
    values = {
        "name": name,
        "min_age_months": 12,
        "max_age_months": 48,
        "min_players": 1,
        "max_players": 2,
    }
    values.update(fields)
    toy = catalogue.save_toy(db, None, None, values, parts or [])
    if copies:
        catalogue.add_items(db, None, toy, copies, location.id if location else None)
    db.flush()
    return toy


def item_of(toy: Toy, index: int = 0) -> Item:
    """One of the toy's copies."""
    return sorted(toy.items, key=lambda i: i.id)[index]

"""The entrance photo of a location: one per location, its name kept on the location.

The photo itself is in the storage (spelotheek/storage.py) under places/<location id>/, in every
size that `loans.photos` makes; pages read only the name, so none of them lists the storage.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.loans.photos import NAME
from spelotheek.locations.models import Location


def prefix(location_id: int) -> str:
    """The storage key prefix of this location's entrance photo (its folder of before)."""
    return f"places/{location_id}"


def current(db: Session, location_id: int) -> str | None:
    """The name of the location's entrance photo, or None when there is none."""
    return db.scalar(select(Location.entrance_photo).where(Location.id == location_id))


def record(db: Session, actor_id: int | None, location_id: int, name: str | None) -> str | None:
    """Make `name` the location's entrance photo (None: no photo); answers the one it replaces.

    The row is locked, so of two uploads at once each learns the name it really replaced.
    Raises NotFound when there is no such location.
    """
    location = db.scalar(select(Location).where(Location.id == location_id).with_for_update())
    if location is None:
        raise NotFound("no such location")
    old = location.entrance_photo
    location.entrance_photo = name
    db.flush()
    audit.record(
        db,
        "location_entrance_photo_changed" if name else "location_entrance_photo_removed",
        actor_id=actor_id,
        subject_type="location",
        subject_id=location.id,
    )
    return old


def found_in(folder: Path) -> dict[int, str]:
    """The entrance photos in a local upload folder as the code before 0024 kept them (the
    first name in places/<location id>/), by location id."""
    found = {}
    for place in sorted((folder / "places").glob("*")):
        names = sorted(p.name.removesuffix("-large.jpg") for p in place.glob("*-large.jpg"))
        names = [n for n in names if NAME.match(n)]
        if place.name.isdigit() and names:
            found[int(place.name)] = names[0]
    return found


def record_found(db: Session, found: dict[int, str]) -> int:
    """Record found entrance photos on the locations that have none yet; answers how many."""
    recorded = 0
    for location in db.scalars(select(Location).where(Location.id.in_(found))):
        if location.entrance_photo is None:
            location.entrance_photo = found[location.id]
            recorded += 1
    db.flush()
    return recorded

"""What the first-visit page shows about one location, or about every location."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek.domain_errors import NotFound
from spelotheek.locations import rules
from spelotheek.locations.models import Location
from spelotheek.locations.services import closures_of, sessions_of

if TYPE_CHECKING:  # first_visit imports the timetable when it runs; here only the type is needed
    from spelotheek.meetups.timetable import Listed

# How far ahead the page looks for open meetings.
AHEAD = timedelta(days=35)


@dataclass(frozen=True)
class FirstVisit:
    """A location with its next opening and its next open meetings."""

    location: Location
    next_opening: tuple[date, rules.Session] | None
    open_now: rules.Session | None
    meetings: list[Listed]


def first_visit(db: Session, location_id: int, now: datetime, count: int = 3) -> FirstVisit:
    """Everything a newcomer needs about one location at this local moment (Brussels time).

    Raises NotFound when there is no such location.
    """
    found = first_visits(db, now, count, location_id=location_id)
    if not found:
        raise NotFound("no such location")
    return found[0]


def first_visits(
    db: Session, now: datetime, count: int = 3, *, location_id: int | None = None
) -> list[FirstVisit]:
    """The first-visit facts of one location, or of every location by name (same queries)."""
    from spelotheek.meetups.timetable import schedule

    query = select(Location).options(selectinload(Location.hours), selectinload(Location.closures))
    if location_id is not None:
        query = query.where(Location.id == location_id)
    locations: Sequence[Location] = db.scalars(query.order_by(Location.name)).all()
    if not locations:
        return []
    listed = schedule(db, now.date(), now.date() + AHEAD, location_id=location_id)
    coming = [x for x in listed if not x.occurrence.cancelled and x.occurrence.end > now]
    local = now.replace(tzinfo=None)
    visits = []
    for location in locations:
        sessions, closures = sessions_of(location), closures_of(location)
        here = [x for x in coming if x.series.location_id == location.id]
        visits.append(
            FirstVisit(
                location=location,
                next_opening=rules.next_session(local, sessions, closures),
                open_now=rules.open_now(local, sessions, closures),
                meetings=here[:count],
            )
        )
    return visits

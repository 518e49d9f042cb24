"""What the first-visit page shows about one location."""

from __future__ import annotations

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
    from spelotheek.meetups.timetable import schedule

    location = db.scalar(
        select(Location)
        .where(Location.id == location_id)
        .options(selectinload(Location.hours), selectinload(Location.closures))
    )
    if location is None:
        raise NotFound("no such location")
    local = now.replace(tzinfo=None)
    sessions, closures = sessions_of(location), closures_of(location)
    listed = schedule(db, now.date(), now.date() + timedelta(days=35), location_id=location_id)
    coming = [x for x in listed if not x.occurrence.cancelled and x.occurrence.end > now]
    return FirstVisit(
        location=location,
        next_opening=rules.next_session(local, sessions, closures),
        open_now=rules.open_now(local, sessions, closures),
        meetings=coming[:count],
    )

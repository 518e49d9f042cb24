"""When a service is open: its weekly hours and the network's closures, read through the
opening-time rules of spelotheek/locations/rules.py, in Brussels time (the clock comes in)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from spelotheek.locations.rules import ClosedPeriod, Session, next_session, open_now
from spelotheek.network.models import NetworkClosure, NetworkLocation, Service

BRUSSELS = ZoneInfo("Europe/Brussels")
SHOWN = 5  # next opening times on a service's page
WEEK_DAYS = 7  # "open this week": today and the six days after


@dataclass(frozen=True)
class PlaceHours:
    """A service's weekly sessions at one place (the location itself when a page shows it)."""

    location_id: int | None
    sessions: tuple[Session, ...]
    location: NetworkLocation | None = None


@dataclass(frozen=True)
class Opening:
    """One coming (or current) session of a service at a place."""

    day: date
    opens: time
    closes: time
    location: NetworkLocation | None
    now: bool = False  # open at this moment


def brussels_now() -> datetime:
    """The moment in Brussels (the views' clock; tests replace it)."""
    return datetime.now(BRUSSELS)


def local(moment: datetime) -> datetime:
    """A moment as a Brussels wall-clock time (naive moments are taken as Brussels already)."""
    return moment.astimezone(BRUSSELS) if moment.tzinfo else moment


def closed_periods(
    closures: Sequence[NetworkClosure], location_id: int | None
) -> list[ClosedPeriod]:
    """The closures of one place: its own and those of every network place (no location)."""
    return [
        ClosedPeriod(c.first_day, c.last_day)
        for c in closures
        if c.location_id is None or c.location_id == location_id
    ]


def coming_closures(
    closures: Sequence[NetworkClosure], location_id: int, today: date, days: int = 60
) -> list[NetworkClosure]:
    """The closures of one place (its own and the network's) that touch the coming days."""
    last = today + timedelta(days=days)
    return sorted(
        (
            c
            for c in closures
            if (c.location_id is None or c.location_id == location_id)
            and c.last_day >= today
            and c.first_day <= last
        ),
        key=lambda c: c.first_day,
    )


def places_of(service: Service) -> list[PlaceHours]:
    """A service's places and weekly hours in rule form."""
    return [
        PlaceHours(
            p.location_id,
            tuple(Session(h.weekday, h.opens, h.closes) for h in p.hours),
            p.location,
        )
        for p in service.places
    ]


def _place_openings(
    place: PlaceHours,
    closures: Sequence[NetworkClosure],
    now: datetime,
    count: int,
    horizon: int,
) -> list[Opening]:
    if not place.sessions:
        return []
    closed = closed_periods(closures, place.location_id)
    found: list[Opening] = []
    current = open_now(now, place.sessions, closed)
    if current is not None:
        found.append(Opening(now.date(), current.opens, current.closes, place.location, True))
    moment = now
    while len(found) < count:
        following = next_session(moment, place.sessions, closed, horizon)
        if following is None:
            break
        day, session = following
        found.append(Opening(day, session.opens, session.closes, place.location))
        moment = datetime.combine(day, session.opens)
    return found


def openings(
    places: Sequence[PlaceHours],
    closures: Sequence[NetworkClosure],
    now: datetime,
    count: int = SHOWN,
    horizon: int = 366,
) -> list[Opening]:
    """The next sessions over these places, soonest first (the current one too)."""
    now = local(now)
    found = [o for p in places for o in _place_openings(p, closures, now, count, horizon)]
    found.sort(key=lambda o: (not o.now, o.day, o.opens, o.location.name if o.location else ""))
    return found[:count]


def next_openings(
    service: Service, closures: Sequence[NetworkClosure], now: datetime, count: int = SHOWN
) -> list[Opening]:
    """The service's next sessions over all its places, soonest first (the current one too)."""
    return openings(places_of(service), closures, now, count)


def places_open_now(
    places: Sequence[PlaceHours], closures: Sequence[NetworkClosure], now: datetime
) -> bool:
    """True when one of these places is open at this moment."""
    now = local(now)
    return any(
        open_now(now, p.sessions, closed_periods(closures, p.location_id)) is not None
        for p in places
    )


def places_open_this_week(
    places: Sequence[PlaceHours], closures: Sequence[NetworkClosure], now: datetime
) -> bool:
    """True when one of these places is open now or opens within the next seven days."""
    first = openings(places, closures, now, count=1, horizon=WEEK_DAYS)
    return bool(first) and first[0].day < local(now).date() + timedelta(days=WEEK_DAYS)


def is_open_now(service: Service, closures: Sequence[NetworkClosure], now: datetime) -> bool:
    """True when the service is open at one of its places at this moment."""
    return places_open_now(places_of(service), closures, now)


def open_this_week(service: Service, closures: Sequence[NetworkClosure], now: datetime) -> bool:
    """True when the service is open now or opens again within the next seven days."""
    return places_open_this_week(places_of(service), closures, now)

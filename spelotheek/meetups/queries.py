"""Reading meetings and places for the pages (the schedule itself is in timetable.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek.locations.models import Location
from spelotheek.meetups.models import MeetupClosure, MeetupSeries


def locations(session: Session) -> Sequence[Location]:
    """Every place, by name."""
    return session.scalars(select(Location).order_by(Location.name)).all()


def place_names(session: Session) -> Sequence[Any]:
    """(id, name) of every place, by name: the place filter of /meetups (a network has 70)."""
    return session.execute(select(Location.id, Location.name).order_by(Location.name)).all()


def location(session: Session, location_id: int) -> Location | None:
    """One place by its id, or None."""
    return session.get(Location, location_id)


def place_addresses(session: Session) -> Sequence[Any]:
    """(id, name, address, postcode, city) of every place, for the calendar feeds."""
    return session.execute(
        select(Location.id, Location.name, Location.address, Location.postcode, Location.city)
    ).all()


def series(session: Session, series_id: int) -> MeetupSeries | None:
    """One meeting series by its id, or None."""
    return session.get(MeetupSeries, series_id)


def every_series(session: Session) -> Sequence[MeetupSeries]:
    """Every series with its place, by title, for the staff overview."""
    return session.scalars(
        select(MeetupSeries)
        .options(selectinload(MeetupSeries.location))
        .order_by(MeetupSeries.title, MeetupSeries.id)
    ).all()


def closures_since(session: Session, since: date) -> Sequence[MeetupClosure]:
    """Closed periods that end on or after `since`, in date order."""
    return session.scalars(
        select(MeetupClosure)
        .options(selectinload(MeetupClosure.location))
        .where(MeetupClosure.last_day >= since)
        .order_by(MeetupClosure.first_day)
    ).all()


def series_titles(session: Session) -> Sequence[Any]:
    """(id, title) of every series, by title."""
    return session.execute(
        select(MeetupSeries.id, MeetupSeries.title).order_by(MeetupSeries.title)
    ).all()

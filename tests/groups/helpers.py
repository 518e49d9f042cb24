"""Test data for perinatal groups."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy.orm import Session

from spelotheek.auth.models import User
from spelotheek.groups import plans, services
from spelotheek.groups.models import Group, SessionTemplate
from spelotheek.locations.models import Closure, Location


def make_location(db: Session, name: str = "Huis van het Kind", closures=()) -> Location:
    """A location, optionally with closures (first, last day)."""
    location = Location(name=name, address="Straat 1", postcode="9000", city="Gent")
    location.closures = [Closure(first_day=a, last_day=b) for a, b in closures]
    db.add(location)
    db.flush()
    return location


def template_named(db: Session, name: str = "10 sessions") -> SessionTemplate:
    """One of the default templates (created when missing)."""
    plans.ensure_default_templates(db)
    return next(t for t in plans.templates(db) if t.name == name)


def make_group(
    db: Session,
    facilitators: list[User],
    *,
    first_day: date = date(2030, 1, 7),
    start: time = time(10),
    location: Location | None = None,
    template: str = "10 sessions",
    **fields: object,
) -> Group:
    """A group with a generated plan; the actor is the first facilitator (or none)."""
    location = location or make_location(
        db, name=f"Place {first_day.isoformat()} {len(facilitators)}"
    )
    values: dict[str, object] = {
        "name": "Group spring",
        "location_id": location.id,
        "due_from": date(2030, 7, 1),
        "due_to": date(2030, 8, 1),
        "capacity": 12,
        "languages": "nl,ar",
        "rolling_entry": False,
    }
    values.update(fields)
    actor = facilitators[0].id if facilitators else None
    return services.create_group(
        db,
        actor,
        values,
        [f.id for f in facilitators],
        template_named(db, template).id,
        first_day,
        start,
    )


def at(day: date, hour: int = 12) -> datetime:
    """A UTC instant on a day."""
    from datetime import UTC

    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)

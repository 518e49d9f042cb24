"""When services are open: a service's places with weekly hours, and the network's closures.
Session and acting account in, flush, never commit; every change kept in the history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.network import checks
from spelotheek.network.checks import EntryError
from spelotheek.network.history import record_change
from spelotheek.network.models import (
    NetworkClosure,
    NetworkLocation,
    Service,
    ServiceAtLocation,
    ServiceHours,
)

MAX_CLOSURE_DAYS = 366


def _written(rows: Iterable[ServiceHours | tuple[int, time, time]]) -> list[str]:
    """Hours as the history keeps them: "0 09:00-12:00" (weekday 0 is Monday)."""
    out = []
    for row in rows:
        day, opens, closes = (
            (row.weekday, row.opens, row.closes) if isinstance(row, ServiceHours) else row
        )
        out.append(f"{day} {opens:%H:%M}-{closes:%H:%M}")
    return out


def _place_of(service: Service, location: NetworkLocation) -> ServiceAtLocation | None:
    return next((p for p in service.places if p.location_id == location.id), None)


def set_hours(
    session: Session,
    actor_id: int | None,
    service: Service,
    location: NetworkLocation,
    rows: Iterable[tuple[int, time, time]],
) -> ServiceAtLocation:
    """Offer the service at this place of its organisation, with these weekly hours."""
    if location.organization_id != service.organization_id:
        raise EntryError(_l("This place belongs to another organisation."), "location")
    hours = checks.weekly_hours(rows)
    place = _place_of(service, location)
    before = _written(place.hours) if place else None
    if place is None:
        place = ServiceAtLocation(service=service, location=location)
        session.add(place)
    place.hours = [ServiceHours(weekday=d, opens=o, closes=c) for d, o, c in hours]
    session.flush()
    after = _written(hours)
    if before != after:
        record_change(
            session,
            "service",
            service.uuid,
            "changed",
            organization_id=service.organization_id,
            user_id=actor_id,
            changes={f"hours ({location.name})": [before, after]},
        )
        audit.record(
            session,
            "network_hours_changed",
            actor_id=actor_id,
            subject_type="network_service",
            subject_id=service.id,
        )
    return place


def remove_place(
    session: Session, actor_id: int | None, service: Service, location: NetworkLocation
) -> None:
    """The service is no longer offered at this place."""
    place = _place_of(service, location)
    if place is None:
        return
    record_change(
        session,
        "service",
        service.uuid,
        "changed",
        organization_id=service.organization_id,
        user_id=actor_id,
        changes={f"hours ({location.name})": [_written(place.hours), None]},
    )
    audit.record(
        session,
        "network_hours_changed",
        actor_id=actor_id,
        subject_type="network_service",
        subject_id=service.id,
    )
    service.places.remove(place)
    session.flush()


def add_closure(
    session: Session,
    actor_id: int | None,
    location: NetworkLocation | None,
    first_day: date,
    last_day: date,
    reason: str,
) -> NetworkClosure:
    """Close one network place (or, without one, every network place) for these days."""
    if last_day < first_day:
        raise EntryError(_l("The last day is before the first day."), "last_day")
    if (last_day - first_day).days >= MAX_CLOSURE_DAYS:
        raise EntryError(_l("A closure lasts at most a year."), "last_day")
    closure = NetworkClosure(
        location=location,
        first_day=first_day,
        last_day=last_day,
        reason=checks.text(reason, "reason", limit=120),
    )
    session.add(closure)
    session.flush()
    if location is not None:
        record_change(
            session,
            "location",
            location.uuid,
            "changed",
            organization_id=location.organization_id,
            user_id=actor_id,
            changes={"closed": [None, f"{first_day.isoformat()} – {last_day.isoformat()}"]},
        )
    audit.record(
        session,
        "network_closure_added",
        actor_id=actor_id,
        subject_type="network_closure",
        subject_id=closure.id,
    )
    return closure


def remove_closure(session: Session, actor_id: int | None, closure: NetworkClosure) -> None:
    """Open again the days of a closure."""
    audit.record(
        session,
        "network_closure_removed",
        actor_id=actor_id,
        subject_type="network_closure",
        subject_id=closure.id,
    )
    session.delete(closure)
    session.flush()

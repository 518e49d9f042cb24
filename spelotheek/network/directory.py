"""The public directory as read: life domains, services with the visitor's filters, the search
box, rights. Statements per page stay the same however many services there are."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import String, and_, cast, exists, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from spelotheek.domain_errors import NotFound
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.locations.rules import Session as WeeklySession
from spelotheek.network import hours
from spelotheek.network.filters import Filters
from spelotheek.network.models import (
    LifeDomain,
    NetworkClosure,
    NetworkLocation,
    Right,
    Service,
    ServiceAtLocation,
    ServiceHours,
    service_domains,
)
from spelotheek.network.rules import distance_km

PAGE_SIZE = 20
# With "open now", "this week" or "near", the rules look at up to this many matching services
# (a domain or a search has far fewer in practice; the page says so when it is reached).
MAX_CANDIDATES = 400
CLOSURE_HORIZON_DAYS = 400


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def domains(db: Session) -> list[LifeDomain]:
    """The life domains in the coordinator's order."""
    return list(db.scalars(select(LifeDomain).order_by(LifeDomain.position, LifeDomain.id)))


def domain(db: Session, code: str) -> LifeDomain:
    """One life domain by its code, or NotFound."""
    # Longer than the column: no such domain (and no truncated match with a real one).
    found = None
    if len(code) <= 40:
        found = db.scalars(select(LifeDomain).where(LifeDomain.code == code)).first()
    if found is None:
        raise NotFound(_l("We do not know this life domain."))
    return found


def _with_places(statement):
    return statement.options(
        joinedload(Service.organization),
        selectinload(Service.places).joinedload(ServiceAtLocation.location),
        selectinload(Service.places).selectinload(ServiceAtLocation.hours),
    )


def service(db: Session, uuid: str) -> Service:
    """An active service with its places, hours, domains and rights' links, or NotFound."""
    statement = _with_places(
        select(Service).where(Service.uuid == uuid, Service.status == "active")
    ).options(selectinload(Service.domains))
    found = db.scalars(statement).first() if len(uuid) <= 36 else None
    if found is None:
        raise NotFound(_l("We could not find this service."))
    return found


def printed_services(db: Session, domain_id: int, limit: int) -> list[Service]:
    """The active services of a domain for its printed overview, by name (at most `limit`)."""
    return find_services(db, Filters(), datetime.min, domain_id=domain_id, limit=limit).services


def rights_of_service(db: Session, service_id: int) -> list[Right]:
    """The active rights a service helps to realise."""
    from spelotheek.network.models import right_services

    statement = (
        select(Right)
        .join(right_services, right_services.c.right_id == Right.id)
        .where(right_services.c.service_id == service_id, Right.active.is_(True))
        .order_by(Right.position, Right.id)
    )
    return list(db.scalars(statement))


def right(db: Session, code: str) -> Right:
    """An active right with its domain and the services that realise it, or NotFound."""
    statement = (
        select(Right)
        .where(Right.code == code, Right.active.is_(True))
        .options(
            joinedload(Right.domain),
            selectinload(Right.services).joinedload(Service.organization),
        )
    )
    found = db.scalars(statement).first() if len(code) <= 60 else None
    if found is None:
        raise NotFound(_l("We could not find this right."))
    return found


def rights_of_domain(db: Session, domain_id: int) -> list[Right]:
    """The active rights of one life domain, in the coordinator's order."""
    statement = (
        select(Right)
        .where(Right.domain_id == domain_id, Right.active.is_(True))
        .order_by(Right.position, Right.id)
    )
    return list(db.scalars(statement))


def closures(db: Session, today: date) -> list[NetworkClosure]:
    """Closures from today on (within the horizon the opening-time rules look at)."""
    statement = select(NetworkClosure).where(
        NetworkClosure.last_day >= today,
        NetworkClosure.first_day <= today + timedelta(days=CLOSURE_HORIZON_DAYS),
    )
    return list(db.scalars(statement))


def postcode_centres(db: Session) -> dict[str, tuple[float, float]]:
    """Each postcode with network places, and the middle of its places (for "near")."""
    statement = (
        select(
            NetworkLocation.postcode,
            func.avg(NetworkLocation.latitude),
            func.avg(NetworkLocation.longitude),
        )
        .where(NetworkLocation.latitude.is_not(None), NetworkLocation.longitude.is_not(None))
        .group_by(NetworkLocation.postcode)
        .order_by(NetworkLocation.postcode)
    )
    return {code: (float(lat), float(lon)) for code, lat, lon in db.execute(statement)}


@dataclass
class Found:
    """One page of services, whether there are more, and how far each is (with "near")."""

    services: list[Service]
    more: bool
    distances: dict[int, float] = field(default_factory=dict)
    capped: bool = False


@dataclass
class _Candidate:
    """What the rules need of a matching service: its places' hours and coordinates."""

    sessions: dict[int, list[WeeklySession]] = field(default_factory=dict)  # by location id
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def places(self) -> list[hours.PlaceHours]:
        """The places in rule form."""
        return [hours.PlaceHours(i, tuple(s)) for i, s in self.sessions.items()]


def _candidates(db: Session, ids: Sequence[int]) -> dict[int, _Candidate]:
    """The places and weekly hours of these services, in one light statement (no texts)."""
    statement = (
        select(
            ServiceAtLocation.service_id,
            ServiceAtLocation.location_id,
            NetworkLocation.latitude,
            NetworkLocation.longitude,
            ServiceHours.weekday,
            ServiceHours.opens,
            ServiceHours.closes,
        )
        .join(NetworkLocation, NetworkLocation.id == ServiceAtLocation.location_id)
        .outerjoin(ServiceHours, ServiceHours.service_at_location_id == ServiceAtLocation.id)
        .where(ServiceAtLocation.service_id.in_(ids))
    )
    found: dict[int, _Candidate] = {i: _Candidate() for i in ids}
    for service_id, location_id, lat, lon, weekday, opens, closes in db.execute(statement):
        candidate = found[service_id]
        if location_id not in candidate.sessions:
            candidate.sessions[location_id] = []
            if lat is not None and lon is not None:
                candidate.points.append((lat, lon))
        if weekday is not None:
            candidate.sessions[location_id].append(WeeklySession(weekday, opens, closes))
    return found


def _by_rules(
    db: Session,
    ids: list[int],
    filters: Filters,
    now: datetime,
    closed: Sequence[NetworkClosure],
    centres: Mapping[str, tuple[float, float]] | None,
) -> tuple[list[int], dict[int, float]]:
    """The matching ids that pass "open now" or "this week", ordered by distance with "near"."""
    candidates = _candidates(db, ids)
    if filters.when == "now":
        ids = [i for i in ids if hours.places_open_now(candidates[i].places, closed, now)]
    elif filters.when == "week":
        ids = [i for i in ids if hours.places_open_this_week(candidates[i].places, closed, now)]
    distances: dict[int, float] = {}
    if filters.near is not None and centres and filters.near in centres:
        centre = centres[filters.near]
        for i in ids:
            points = candidates[i].points
            if points:
                distances[i] = min(distance_km(centre, point) for point in points)
        # Services without a known place come last, in name order (the sort is stable).
        ids.sort(key=lambda i: distances.get(i, float("inf")))
    return ids, distances


def find_services(
    db: Session,
    filters: Filters,
    now: datetime,
    *,
    domain_id: int | None = None,
    words: Sequence[str] = (),
    closed: Sequence[NetworkClosure] = (),
    centres: Mapping[str, tuple[float, float]] | None = None,
    limit: int = PAGE_SIZE,
) -> Found:
    """Active services of a domain or matching the words, filtered, one page of them."""
    conditions = [Service.status == "active"]
    if domain_id is not None:
        conditions.append(
            exists().where(
                service_domains.c.service_id == Service.id,
                service_domains.c.domain_id == domain_id,
            )
        )
    conditions.extend(Service.search_text.like(_like(w), escape="\\") for w in words)
    if filters.free:
        conditions.append(Service.cost == "free")
    if filters.walk_in:
        conditions.append(Service.access.in_(("walk_in", "both")))
    if filters.language:
        # The list is stored as JSON text (["nl", "ar"]) on both databases; the code is one
        # of FILTER_LANGUAGES, so it holds no LIKE wildcards.
        conditions.append(cast(Service.languages, String).like(f'%"{filters.language}"%'))
    order = (Service.name, Service.id)
    first = (filters.page - 1) * limit
    if not filters.needs_rules:
        statement = _with_places(select(Service).where(and_(*conditions)).order_by(*order))
        rows = list(db.scalars(statement.offset(first).limit(limit + 1)))
        return Found(rows[:limit], len(rows) > limit)
    # The rules look at light rows (ids, hours, coordinates); only the page's services are
    # loaded whole, so a filter over hundreds of services does not build hundreds of objects.
    matching = select(Service.id).where(and_(*conditions)).order_by(*order)
    ids = list(db.scalars(matching.limit(MAX_CANDIDATES + 1)))
    capped = len(ids) > MAX_CANDIDATES
    ids, distances = _by_rules(db, ids[:MAX_CANDIDATES], filters, now, closed, centres)
    shown = ids[first : first + limit]
    loaded = {
        s.id: s for s in db.scalars(_with_places(select(Service).where(Service.id.in_(shown))))
    }
    return Found([loaded[i] for i in shown], len(ids) > first + limit, distances, capped)

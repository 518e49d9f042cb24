"""Test data for reach statistics: a small world of families, loans, meetings and groups,
and a brute-force count to check the SQL against."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from spelotheek.families.models import Child
from spelotheek.groups.models import Attendance, Enrolment, Group, GroupSession
from spelotheek.loans.models import Item, Loan, Toy
from spelotheek.locations.models import Location
from spelotheek.meetups.models import MeetupCardScan, MeetupOccurrence, MeetupSeries
from spelotheek.reach.models import ReachProfile
from tests.factories import make_family

BRUSSELS = ZoneInfo("Europe/Brussels")


@dataclass
class FamilySpec:
    """What one test family did and answered."""

    loans: list[date] = field(default_factory=list)
    scans: list[tuple[date, bool]] = field(default_factory=list)  # (day, reach consent)
    groups: list[date] = field(default_factory=list)
    profile: dict[str, str | None] | None = None
    withdrawn: bool = False
    children: list[tuple[int, int]] = field(default_factory=list)
    id: int = 0


def noon(day: date) -> datetime:
    """Noon in Brussels on a day, as a UTC instant."""
    return datetime.combine(day, time(12), BRUSSELS).astimezone(UTC)


def random_world(seed: int, size: int = 30, start: date = date(2026, 1, 1)) -> list[FamilySpec]:
    """Families with random activity around the first half of 2026 and random answers."""
    rng = random.Random(seed)
    days = [start + timedelta(days=d) for d in range(-60, 240)]
    specs = []
    for _ in range(size):
        spec = FamilySpec()
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            spec.loans.append(rng.choice(days))
        for _ in range(rng.choice([0, 1, 2])):
            spec.scans.append((rng.choice(days), rng.random() < 0.7))
        spec.scans = list(dict(spec.scans).items())  # one scan per family and day
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            spec.groups.append(rng.choice(days))
        if rng.random() < 0.7:
            spec.profile = {
                "home_language": rng.choice(["nl", "nl", "ar", "tr", "declined", None]),
                "household": rng.choice(["one_adult", "more_adults", "declined", None]),
                "usual_carer": rng.choice(["mother", "father", "other", None]),
                "neighbourhood": rng.choice(["Noord", "Zuid", "outside", "declined", None]),
            }
            spec.withdrawn = rng.random() < 0.15
        spec.children = [
            (rng.randint(2016, 2026), rng.randint(1, 12)) for _ in range(rng.choice([0, 1, 2]))
        ]
        specs.append(spec)
    return specs


def store(db: Session, specs: list[FamilySpec]) -> None:
    """Put the world in the database (every loan returned, so items can be reused)."""
    tag = random.randint(0, 10**9)
    location = Location(name=f"Huis {tag}", address="Straat 1", postcode="9000", city="Gent")
    db.add(location)
    db.flush()
    toy = Toy(ref=f"T{tag}", name="Blokken")
    db.add(toy)
    db.flush()
    item = Item(toy_id=toy.id, label=f"L{toy.id}", location_id=location.id)
    db.add(item)
    series = MeetupSeries(
        uid=f"s{toy.id}@test",
        title="Play",
        location_id=location.id,
        rrule="FREQ=DAILY",
        first_day=date(2025, 1, 1),
        starts=time(10),
        ends=time(12),
    )
    group = Group(
        name="G",
        location_id=location.id,
        due_from=date(2026, 7, 1),
        due_to=date(2026, 8, 1),
    )
    db.add_all([series, group])
    db.flush()
    occurrences: dict[date, MeetupOccurrence] = {}
    sessions: dict[date, GroupSession] = {}
    for n, spec in enumerate(specs):
        family, _code = make_family(db, f"F{n}")
        spec.id = family.id
        for year, month in spec.children:
            db.add(Child(family_id=family.id, birth_year=year, birth_month=month))
        for day in spec.loans:
            lent = noon(day)
            db.add(
                Loan(
                    item_id=item.id,
                    family_id=family.id,
                    lent_at=lent,
                    due_on=day + timedelta(days=21),
                    returned_at=lent + timedelta(hours=1),
                )
            )
        for day, consent in spec.scans:
            if day not in occurrences:
                occurrences[day] = MeetupOccurrence(series_id=series.id, original_day=day)
                db.add(occurrences[day])
                db.flush()
            db.add(
                MeetupCardScan(
                    occurrence_id=occurrences[day].id,
                    family_id=family.id,
                    reach_consent=consent,
                    scanned_at=noon(day),
                )
            )
        if spec.groups:
            enrolment = Enrolment(
                group_id=group.id,
                family_id=family.id,
                due_year=2026,
                due_month=7,
                consent_purpose="test",
                consent_at=noon(date(2025, 1, 1)),
            )
            db.add(enrolment)
            db.flush()
            for day in sorted(set(spec.groups)):
                if day not in sessions:
                    sessions[day] = GroupSession(
                        group_id=group.id, position=len(sessions) + 1, starts_at=noon(day)
                    )
                    db.add(sessions[day])
                    db.flush()
                db.add(
                    Attendance(
                        session_id=sessions[day].id, enrolment_id=enrolment.id, status="present"
                    )
                )
        if spec.profile is not None:
            profile = ReachProfile(family_id=family.id, consent_by="family")
            if spec.withdrawn:
                profile.withdrawn_at = noon(date(2025, 6, 1))
            else:
                for name, value in spec.profile.items():
                    setattr(profile, name, value)
            db.add(profile)
    db.flush()


def activity(spec: FamilySpec, service: str) -> list[date]:
    """The days a family was in touch with a service (meetings: consented scans only)."""
    days = {
        "loans": list(spec.loans),
        "meetings": [d for d, consent in spec.scans if consent],
        "groups": list(spec.groups),
    }
    if service == "all":
        return days["loans"] + days["meetings"] + days["groups"]
    return days[service]


def brute_force(specs: list[FamilySpec], start: date, end: date, service: str) -> dict:
    """The counts, family by family, in plain Python."""
    counts: dict = {}

    def add(key):
        counts[key] = counts.get(key, 0) + 1

    last = end - timedelta(days=1)
    for spec in specs:
        days = activity(spec, service)
        if not any(start <= d < end for d in days):
            continue
        add("total")
        add(("new_or_returning", "new" if min(days) >= start else "returning"))
        consent = spec.profile is not None and not spec.withdrawn
        for dim in ("home_language", "household", "usual_carer", "neighbourhood"):
            value = (spec.profile or {}).get(dim) if consent else None
            add((dim, value or "unknown"))
        if not consent:
            band = "unknown"
        elif not spec.children:
            band = "no_children"
        else:
            youngest = max(y * 12 + m for y, m in spec.children)
            from spelotheek.reach.dimensions import age_band

            band = age_band(last.year * 12 + last.month - youngest)
        add(("youngest_child", band))
    return counts

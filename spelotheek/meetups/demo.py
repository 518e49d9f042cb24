"""Open meeting moments: demo data — four series on the two demo places (one on Saturday
morning), a closed holiday period, and half a year of head counts."""

from __future__ import annotations

import hashlib
import random
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.locations.models import Location
from spelotheek.meetups import rules, services, timetable
from spelotheek.meetups.models import (
    MeetupCardScan,
    MeetupClosure,
    MeetupInterest,
    MeetupOccurrence,
)

WELCOME = "For mums, dads, grandparents and every caregiver. Brothers and sisters welcome."


def _series(place: Location, title: str, rrule: str, starts: time, ends: time, **extra):
    return {
        "title": title,
        "location_id": place.id,
        "rrule": rrule,
        "starts": starts,
        "ends": ends,
        "audience": WELCOME,
        **extra,
    }


def load(session: Session, today: date) -> None:
    """Add this feature's demo data (called once, when the demo data is first loaded)."""
    places = session.scalars(select(Location).order_by(Location.id)).all()
    if len(places) < 2:
        return
    ghent, mechelen = places[0], places[1]
    start = today - timedelta(days=183)
    plans = [
        _series(
            ghent,
            "Play and chat morning",
            "FREQ=WEEKLY;BYDAY=SA",
            time(10),
            time(12),
            description="Saturday morning: play together, coffee and tea for the grown-ups.",
            what_to_expect="Toys for every age, a corner for babies, time to talk.",
            what_to_bring="Nothing. Slippers for the little ones if you like.",
            languages="Nederlands, English, العربية",
            hosts="Sara and Jonas",
        ),
        _series(
            ghent,
            "Baby café",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            time(14),
            time(15, 30),
            max_age=1,
            description="For parents with a baby, every other Wednesday.",
            what_to_expect="Mats, soft toys, a quiet corner to feed.",
            languages="Nederlands, Türkçe",
        ),
        _series(
            mechelen,
            "Parents' coffee",
            "FREQ=WEEKLY;BYDAY=MO",
            time(9, 30),
            time(11, 30),
            description="Coffee, play and a chat to start the week.",
            languages="Nederlands, Français",
        ),
        _series(
            mechelen,
            "Outdoor play",
            "FREQ=MONTHLY;BYDAY=1TH",
            time(14),
            time(16),
            description="The first Thursday of the month we play outside (inside when it rains).",
            what_to_bring="Clothes that can get dirty.",
        ),
    ]
    made = [services.create_series(session, None, plan | {"first_day": start}) for plan in plans]
    holiday = today + timedelta(days=(4 - today.weekday()) % 7 + 21)  # a week, three weeks away
    session.add(
        MeetupClosure(
            location_id=None,
            first_day=holiday,
            last_day=holiday + timedelta(days=8),
            reason="School holidays",
        )
    )
    rng = random.Random(4)  # the same counts every time
    for series in made:
        plan = timetable.plan_of(series)
        for day in rules.planned_days(plan, start, today - timedelta(days=1)):
            if rng.random() < 0.06:
                session.add(
                    MeetupOccurrence(
                        series_id=series.id,
                        original_day=day,
                        status="cancelled",
                        cancel_reason="Host ill",
                    )
                )
                continue
            adults = rng.randint(3, series.capacity)
            fathers = rng.randint(0, adults // 3 + (2 if day.weekday() == 5 else 0))
            fathers = min(fathers, adults)
            mothers = rng.randint(0, adults - fathers)
            session.add(
                MeetupOccurrence(
                    series_id=series.id,
                    original_day=day,
                    adults=adults,
                    children=adults + rng.randint(0, adults),
                    first_visits=rng.randint(0, min(2, adults)),
                    mothers=mothers,
                    fathers=fathers,
                    other_caregivers=rng.randint(0, adults - fathers - mothers),
                )
            )
    # The themed morning is the next one that takes place: not one inside a closed period.
    ahead = today + timedelta(days=120)
    closed = timetable.closed_periods(session, today, ahead)
    next_saturday = next(
        day
        for day in rules.planned_days(timetable.plan_of(made[0]), today + timedelta(days=1), ahead)
        if rules.closure_for(day, made[0].location_id, closed) is None
    )
    upcoming = MeetupOccurrence(
        series_id=made[0].id, original_day=next_saturday, theme="Sleeping well"
    )
    session.add(upcoming)
    session.flush()
    _scans_and_interest(session, rng, made[0], upcoming)


def _scans_and_interest(session: Session, rng: random.Random, series, upcoming) -> None:
    """Some families scanned their card at past mornings; some browsers say they'll come."""
    families = session.scalars(select(Family).order_by(Family.id)).all()
    past = session.scalars(
        select(MeetupOccurrence)
        .where(MeetupOccurrence.series_id == series.id, MeetupOccurrence.adults > 0)
        .order_by(MeetupOccurrence.original_day.desc())
        .limit(8)
    ).all()
    for occurrence in past:
        for family in rng.sample(families, k=min(3, len(families))):
            session.add(
                MeetupCardScan(
                    occurrence_id=occurrence.id,
                    family_id=family.id,
                    reach_consent=rng.random() < 0.7,
                )
            )
    for n in range(4):
        session.add(
            MeetupInterest(
                occurrence_id=upcoming.id,
                browser_hash=hashlib.sha256(f"demo-{n}".encode()).hexdigest(),
                family_id=families[n].id if n == 0 else None,
            )
        )
    session.flush()

"""Welcome buddies, the three-picture check-in and interpreters: demo data — two buddies, a
newcomer who asks for one, an interpreter asked for that date, and a few months of check-in taps
(enough to pass the small-number rule)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.interpreters.models import InterpreterRequest
from spelotheek.meetups.models import MeetupSeries
from spelotheek.meetups.recurrence import rule_days
from spelotheek.welcome import rules
from spelotheek.welcome.models import Buddy, BuddyRequest, CheckinCount

# The first is the demo family (its /me shows the buddy section); names are the offers' own.
BUDDIES = [("Samira", "ar fr nl"), ("Elif", "tr nl")]
WEEKS = 16
# How often each answer is tapped, in tens of percent: most feel welcome, fewer follow all.
LEANING = {"welcome": (8, 2, 0), "follow": (6, 3, 1), "again": (8, 1, 1)}


def load(session: Session, today: date) -> None:
    """Add this feature's demo data (called once, when the demo data is first loaded)."""
    rng = random.Random(5)
    families = session.scalars(select(Family).order_by(Family.id).limit(2)).all()
    buddies = [
        Buddy(family_id=family.id, first_name=name, languages=spoken)
        for family, (name, spoken) in zip(families, BUDDIES, strict=False)
    ]
    session.add_all(buddies)
    series = session.scalars(select(MeetupSeries).order_by(MeetupSeries.id)).first()
    if series is None:
        session.flush()
        return
    coming = rule_days(
        series.rrule, series.first_day, today + timedelta(days=1), today + timedelta(days=14)
    )
    if coming:
        session.add(
            BuddyRequest(series_id=series.id, day=coming[0], language="ar", first_name="Nour")
        )
        # Staff asked a Tigrinya interpreter for the same date (open on the /interpreters list).
        session.add(
            InterpreterRequest(
                language="ti", meetup_series_id=series.id, on_day=coming[0], asked_by="staff"
            )
        )
    past = rule_days(
        series.rrule, series.first_day, today - timedelta(weeks=WEEKS), today - timedelta(days=1)
    )
    for day in past:
        parents = rng.randint(4, 11)
        for question, weights in LEANING.items():
            for answer, weight in zip(rules.ANSWERS, weights, strict=True):
                taps = round(parents * weight / 10)
                if taps:
                    session.add(
                        CheckinCount(
                            series_id=series.id,
                            day=day,
                            question=question,
                            answer=answer,
                            taps=taps,
                        )
                    )
    session.flush()

"""Invitation channels: demo data — a channel of each common kind, with a few months of scans
and new families (some kinds small enough to show the "< 10" of the reach page)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.channels import rules
from spelotheek.channels.models import Channel, ChannelCount
from spelotheek.locations.models import Location

# (kind, name, scans per week, new families per month, stopped)
CHANNELS = [
    ("midwife", "Vroedvrouwenpraktijk De Bron", 6, 4, False),
    ("school", "Basisschool De Regenboog", 4, 3, False),
    ("child_health", "Consultatiebureau Kind en Gezin", 5, 5, False),
    ("social_service", "OCMW — sociale dienst", 2, 1, False),
    ("library", "Bibliotheek Brugse Poort", 1, 1, False),
    ("word_of_mouth", "Mond-tot-mondreclame (kaartjes voor ouders)", 2, 2, False),
    ("school", "Oude kaartjes Sint-Jan (fout adres)", 0, 0, True),
]
WEEKS = 26


def load(session: Session, today: date) -> None:
    """Add this feature's demo data (called once, when the demo data is first loaded)."""
    rng = random.Random(21)
    first_place = session.scalar(select(Location.id).order_by(Location.id))
    for index, (kind, name, weekly, monthly, stopped) in enumerate(CHANNELS):
        channel = Channel(
            code=rules.make_code(rng.getrandbits(rules.RANDOM_BITS)),
            kind=kind,
            name=name,
            location_id=first_place if index % 2 == 0 else None,
        )
        session.add(channel)
        session.flush()
        if stopped:
            channel.revoked_at = channel.created_at
            continue
        scans: dict[date, int] = {}
        for _ in range(weekly * WEEKS):
            day = today - timedelta(days=rng.randrange(WEEKS * 7))
            scans[day] = scans.get(day, 0) + 1
        families: dict[date, int] = {}
        for back in range(6):
            month = rules.period_of("family", today - timedelta(days=30 * back))
            families[month] = families.get(month, 0) + rng.randint(0, monthly)
        session.add_all(
            [ChannelCount(channel_id=channel.id, measure="scan", period=d, count=n)
             for d, n in scans.items()]
            + [ChannelCount(channel_id=channel.id, measure="family", period=m, count=n)
               for m, n in families.items() if n]
        )  # fmt: skip
    session.flush()

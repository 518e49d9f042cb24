"""Reach statistics: demo data — varied profiles for about two thirds of the demo families
(some "rather not say", one withdrawn) and a few reference figures for the area."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.reach.dimensions import DECLINED, OUTSIDE
from spelotheek.reach.models import ReachProfile, ReferenceFigure

LANGUAGES = ["nl"] * 6 + ["ar"] * 3 + ["tr"] * 2 + ["fr", "en", "ro", "bg", "so", DECLINED]
NEIGHBOURHOODS = ["Centrum", "Noord", "Zuid", OUTSIDE, DECLINED]
REFERENCES = [
    ("Single-parent households with young children", "household", "one_adult", 22.0,
     "Provinciaal Steunpunt Data & Analyse"),
    ("Fathers among parents at the consultation bureau", "usual_carer", "father", 18.0,
     "Consultatiebureau Kind & Gezin, own count"),
    ("Arabic as main home language", "home_language", "ar", 15.0, "Stad, buurtmonitor"),
    ("Turkish as main home language", "home_language", "tr", 9.0, "Stad, buurtmonitor"),
    ("Children growing up in a kansarm family", "none", "", 14.0, "Kind & Gezin"),
]  # fmt: skip


def load(session: Session, today: date) -> None:
    """Add this feature's demo data (called once, when the demo data is first loaded)."""
    rng = random.Random(7)
    families = session.scalars(select(Family).order_by(Family.id)).all()
    consent_at = datetime.combine(today, time(9), UTC)
    for index, family in enumerate(families):
        if index % 3 == 2:
            continue  # about a third never answered: that is fine
        withdrawn = index == 4
        profile = ReachProfile(
            family_id=family.id,
            consent_at=consent_at,
            consent_by="family" if index % 2 else "staff",
        )
        if withdrawn:
            profile.withdrawn_at = consent_at
        else:
            profile.home_language = rng.choice(LANGUAGES)
            if profile.home_language not in ("nl", DECLINED) and rng.random() < 0.5:
                profile.other_languages = "nl"
            profile.household = rng.choice(["one_adult", "more_adults", "more_adults", DECLINED])
            profile.usual_carer = rng.choice(["mother", "mother", "father", "other", None])
            profile.neighbourhood = rng.choice(NEIGHBOURHOODS)
        session.add(profile)
    for label, dimension, category, share, source in REFERENCES:
        session.add(
            ReferenceFigure(
                label=label,
                dimension=dimension,
                category=category,
                share_percent=share,
                source=source,
                year=today.year - 1,
            )
        )
    session.flush()

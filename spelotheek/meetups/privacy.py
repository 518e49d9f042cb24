"""The open meetings' part in a family's data rights (scans and 'I'll probably come')."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.meetups.models import MeetupCardScan, MeetupInterest, MeetupOccurrence, MeetupSeries
from spelotheek.registry import ERASERS, EXPORT_LABELS, EXPORTERS


def export_meetups(
    session: Session, family: Family, _viewer_id: int | None
) -> tuple[str, Any] | None:
    """Meetings where the family scanned its card, and dates it said it would probably come."""
    scans = session.execute(
        select(MeetupSeries.title, MeetupOccurrence.original_day, MeetupCardScan.reach_consent)
        .select_from(MeetupCardScan)
        .join(MeetupOccurrence, MeetupOccurrence.id == MeetupCardScan.occurrence_id)
        .join(MeetupSeries, MeetupSeries.id == MeetupOccurrence.series_id)
        .where(MeetupCardScan.family_id == family.id)
        .order_by(MeetupOccurrence.original_day)
    ).all()
    interests = session.execute(
        select(MeetupSeries.title, MeetupOccurrence.original_day)
        .select_from(MeetupInterest)
        .join(MeetupOccurrence, MeetupOccurrence.id == MeetupInterest.occurrence_id)
        .join(MeetupSeries, MeetupSeries.id == MeetupOccurrence.series_id)
        .where(MeetupInterest.family_id == family.id)
    ).all()
    if not scans and not interests:
        return None
    return "meetups", {
        "card_scanned_at": [
            {"meeting": t, "day": d.isoformat(), "counts_for_statistics": c} for t, d, c in scans
        ],
        "said_probably_coming": [{"meeting": t, "day": d.isoformat()} for t, d in interests],
    }


def forget_meetups(session: Session, family: Family) -> None:
    """Scans and 'probably coming' notes go; the anonymous head counts stay."""
    session.execute(delete(MeetupCardScan).where(MeetupCardScan.family_id == family.id))
    session.execute(delete(MeetupInterest).where(MeetupInterest.family_id == family.id))


EXPORTERS.append(export_meetups)
ERASERS.append(forget_meetups)
EXPORT_LABELS.update(
    {
        "meetups.card_scanned_at": _l("Meetings where you scanned your card"),
        "meetups.said_probably_coming": _l("Dates you said you would probably come"),
        "meetups.meeting": _l("Meeting"),
        "meetups.day": _l("Day"),
        "meetups.counts_for_statistics": _l("Counted (without your name) in the statistics"),
    }
)

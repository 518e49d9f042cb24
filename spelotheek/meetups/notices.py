"""Messages to families that said they would come, when their date is cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.db import utcnow
from spelotheek.meetups import rules
from spelotheek.meetups.models import MeetupInterest, MeetupOccurrence


@dataclass(frozen=True)
class Notice:
    """A message to send after the commit to a family that said it would probably come."""

    email: str
    language: str | None
    title: str
    start: datetime
    reason: str


def notices_for(session: Session, rows: Sequence[MeetupOccurrence], reason: str) -> list[Notice]:
    """Families that said they'd come and agreed to messages; marks them told (never twice)."""
    from spelotheek.families.models import Family

    if not rows:
        return []
    by_id = {r.id: r for r in rows}
    found = session.execute(
        select(MeetupInterest, Family)
        .join(Family, Family.id == MeetupInterest.family_id)
        .where(
            MeetupInterest.occurrence_id.in_(list(by_id)),
            MeetupInterest.cancel_notice_at.is_(None),
            Family.reminder_consent.is_(True),
            Family.email.is_not(None),
        )
    ).all()
    now, notices = utcnow(), []
    for interest, family in found:
        if family.email is None:  # pragma: no cover  (the query asked for an address)
            continue
        row = by_id[interest.occurrence_id]
        series = row.series
        interest.cancel_notice_at = now
        notices.append(
            Notice(
                family.email,
                family.language,
                series.title,
                rules.local_instant(row.day or row.original_day, row.starts or series.starts),
                reason,
            )
        )
    session.flush()
    return notices

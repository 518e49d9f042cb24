"""Messages to families that said they would come, when their date is cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.content import in_language, texts_of
from spelotheek.db import utcnow
from spelotheek.meetups import rules
from spelotheek.meetups.models import MeetupInterest, MeetupOccurrence
from spelotheek.messages import texts
from spelotheek.messages.occasions import Occasion, queue_for


@dataclass(frozen=True)
class Notice:
    """A message to send after the commit to a family that said it would probably come."""

    email: str
    language: str | None
    title: str
    start: datetime
    reason: str


def notices_for(session: Session, rows: Sequence[MeetupOccurrence], reason: str) -> list[Notice]:
    """Families that said they'd come and agreed to messages; marks them told (never twice).

    The e-mails are answered, to send after the commit; short messages (SMS, WhatsApp) to
    families that opted in to them are queued here, in the same transaction.
    """
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
        )
    ).all()
    now, notices, occasions = utcnow(), [], []
    by_key: dict[str, MeetupInterest] = {}
    for interest, family in found:
        row = by_id[interest.occurrence_id]
        series = row.series
        start = rules.local_instant(row.day or row.original_day, row.starts or series.starts)
        if family.email and family.reminder_consent:
            interest.cancel_notice_at = now
            notices.append(Notice(family.email, family.language, series.title, start, reason))
        if start > now:  # a date already past needs no text message
            title = in_language(texts_of(series, "title"), family.language or "nl")[0]
            key = f"meeting_cancelled:{row.id}:{family.id}"
            text = partial(texts.meeting_cancelled, title=title, start=start)
            occasions.append(Occasion(family, key, text))
            by_key[key] = interest
    for message in queue_for(session, "meeting_cancelled", occasions, now):
        by_key[message.idempotency_key].cancel_notice_at = now
    session.flush()
    return notices

"""E-mail for families who said they'd probably come and agreed to reminders: the day before,
and when the date is cancelled. Sent after the commit that marked them, so never twice; a
reminder the mail server refused is unmarked, so the next run tries it again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from spelotheek import mail
from spelotheek.families.models import Family
from spelotheek.meetups import rules, timetable
from spelotheek.meetups.models import MeetupInterest, MeetupOccurrence, MeetupSeries
from spelotheek.meetups.notices import Notice
from spelotheek.registry import REMINDER_SENDERS

log = logging.getLogger(__name__)


def _send(notice: Notice, subject: str, body: tuple[str, str]) -> bool:
    try:
        mail.send(notice.email, subject, body[0], notice.language or "nl", body[1])
    except mail.MailNotSent:
        return False  # mail.send logged it as an error (without the address)
    return True


def send_cancel_notices(notices: Iterable[Notice]) -> int:
    """Tell families that a date they planned to come to is cancelled (after the commit)."""
    sent = 0
    for notice in notices:
        with force_locale(notice.language or "nl"):
            when = rules.local_instant(notice.start.date(), notice.start.time())
            subject = _(
                "Cancelled: %(title)s on %(day)s", title=notice.title, day=format_date(when)
            )
            body = mail.render(
                "meetup_cancelled",
                notice.language or "nl",
                subject,
                title=notice.title,
                start=when,
                reason=notice.reason,
            )
        sent += _send(notice, subject, body)
    return sent


def send_day_before(session: Session, now: datetime) -> Mapping[str, int]:
    """Remind families who'd probably come tomorrow (Brussels time); never the same one twice."""
    tomorrow = now.astimezone(rules.BRUSSELS).date() + timedelta(days=1)
    found = session.execute(
        select(MeetupInterest, MeetupOccurrence, Family)
        .join(MeetupOccurrence, MeetupOccurrence.id == MeetupInterest.occurrence_id)
        .join(Family, Family.id == MeetupInterest.family_id)
        .where(
            MeetupInterest.reminded_at.is_(None),
            MeetupOccurrence.status == "scheduled",
            func.coalesce(MeetupOccurrence.day, MeetupOccurrence.original_day) == tomorrow,
            Family.reminder_consent.is_(True),
            Family.email.is_not(None),
        )
        .options(selectinload(MeetupOccurrence.series).selectinload(MeetupSeries.location))
    ).all()
    closures = timetable.closed_periods(session, tomorrow, tomorrow)
    due: list[tuple[int, Notice, str]] = []
    for interest, row, family in found:
        if family.email is None:  # pragma: no cover  (the query asked for an address)
            continue
        item = rules.occurrence(
            timetable.plan_of(row.series), row.original_day, timetable.change_of(row), closures
        )
        if item.cancelled:
            continue
        interest.reminded_at = now
        place = row.series.location
        due.append(
            (
                interest.id,
                Notice(family.email, family.language, row.series.title, item.start, ""),
                f"{place.name}, {place.address}, {place.postcode} {place.city}",
            )
        )
    session.commit()  # marked before sending: a crash may lose a reminder, never repeat one
    sent, refused = 0, []
    for interest_id, notice, address in due:
        with force_locale(notice.language or "nl"):
            subject = _("Tomorrow: %(title)s", title=notice.title)
            body = mail.render(
                "meetup_tomorrow",
                notice.language or "nl",
                subject,
                title=notice.title,
                start=notice.start,
                address=address,
            )
        if _send(notice, subject, body):
            sent += 1
        else:
            refused.append(interest_id)
    if refused:
        session.execute(
            update(MeetupInterest).where(MeetupInterest.id.in_(refused)).values(reminded_at=None)
        )
        session.commit()
        log.warning("%d meetup reminders not sent; the next run tries again", len(refused))
    return {"meetup reminders": sent}


REMINDER_SENDERS.append(send_day_before)

"""Reminders: due soon, overdue (gently) and hold ready, each sent once, in the family's language.

Families without e-mail or consent are not written to; they appear on the staff's
"to call or message" list instead. A family that opted in to short messages also gets "due
soon" and "hold ready" by SMS or WhatsApp (queued here, sent by the messages outbox).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from spelotheek.families.models import Family
from spelotheek.loans import holds, rules, terms
from spelotheek.loans.models import Hold, Item, Loan, ReminderSent
from spelotheek.messages import texts
from spelotheek.messages.models import Message
from spelotheek.messages.occasions import Occasion, queue_for

log = logging.getLogger(__name__)
DUE_SOON_DAYS = 2


@dataclass
class Due:
    """One reminder that is due: its kind, what it is about and for whom."""

    kind: str  # due_soon / overdue / hold_ready
    subject_id: int
    family: Family
    toy_name: str
    day: date | None = None
    until: datetime | None = None


def _address(family: Family) -> str | None:
    """Where reminders to this family go: None without an address or without consent."""
    return family.email if family.email and family.reminder_consent else None


def _writable(family: Family) -> bool:
    return _address(family) is not None


def due_reminders(session: Session, now: datetime) -> list[Due]:
    """Every reminder that should have gone out by now, sent or not."""
    today = terms.local_today(now)
    due: list[Due] = []
    loans = session.scalars(
        select(Loan)
        .where(Loan.returned_at.is_(None), Loan.due_on <= today + timedelta(DUE_SOON_DAYS))
        .options(selectinload(Loan.family), selectinload(Loan.item).selectinload(Item.toy))
    ).all()
    rules_by_location: dict[int | None, tuple] = {}
    for loan in loans:
        if loan.family is None:  # pragma: no cover  (open loans have one: open_loan_has_family)
            continue
        location_id = loan.item.location_id
        if location_id not in rules_by_location:
            rules_by_location[location_id] = terms.location_rules(session, location_id)
        sessions, closures = rules_by_location[location_id]
        if rules.is_overdue(loan.due_on, today, sessions, closures):
            due.append(Due("overdue", loan.id, loan.family, loan.item.toy.name, loan.due_on))
        elif loan.due_on >= today:
            due.append(Due("due_soon", loan.id, loan.family, loan.item.toy.name, loan.due_on))
    ready = session.scalars(
        select(Hold)
        .where(Hold.status == "ready")
        .options(selectinload(Hold.family), selectinload(Hold.toy))
    ).all()
    for hold in ready:
        due.append(Due("hold_ready", hold.id, hold.family, hold.toy.name, until=hold.pickup_by))
    return due


SUBJECTS = {
    "due_soon": lambda toy: _("Reminder: %(toy)s goes back soon", toy=toy),
    "overdue": lambda toy: _("%(toy)s: can you bring it back?", toy=toy),
    "hold_ready": lambda toy: _("%(toy)s is ready for you", toy=toy),
}
TEMPLATES = {"due_soon": "loan_due_soon", "overdue": "loan_overdue", "hold_ready": "hold_ready"}


def _message(reminder: Due, language: str) -> tuple[str, str, str]:
    """Subject, text and HTML body, in the language that is active (templates/mail/)."""
    from spelotheek.mail import render

    subject = SUBJECTS[reminder.kind](reminder.toy_name)
    text, html = render(
        TEMPLATES[reminder.kind],
        language,
        subject,
        name=reminder.family.display_name,
        toy=reminder.toy_name,
        day=reminder.day,
        until=reminder.until,
    )
    return subject, text, html


def _key(reminder: Due) -> str | None:
    """The key of the short message beside a reminder; None: an overdue toy gets no text."""
    if reminder.kind == "due_soon" and reminder.day is not None:
        # The due date is in the key: a renewal that moves it is a new occasion.
        return f"due_soon:loan:{reminder.subject_id}:{reminder.day.isoformat()}"
    if reminder.kind == "hold_ready":
        return f"hold_ready:{reminder.subject_id}"
    return None


def _occasion(reminder: Due) -> Occasion | None:
    key = _key(reminder)
    if key is None:
        return None
    if reminder.kind == "hold_ready":
        text = partial(texts.hold_ready, toy=reminder.toy_name, until=reminder.until)
    elif reminder.day is not None:
        text = partial(texts.due_soon, toy=reminder.toy_name, day=reminder.day)
    else:  # pragma: no cover  (a due-soon reminder always has its day)
        return None
    return Occasion(reminder.family, key, text)


def queue_texts(session: Session, reminders: list[Due], now: datetime) -> int:
    """Queue the short messages for due reminders (once each); flush. Answers how many."""
    queued = 0
    for kind in ("due_soon", "hold_ready"):
        occasions = [o for r in reminders if r.kind == kind and (o := _occasion(r)) is not None]
        queued += len(queue_for(session, kind, occasions, now))
    return queued


def _texted(session: Session, reminders: list[Due]) -> set[str]:
    """The keys of these reminders whose short message is queued or sent (not failed)."""
    keys = {key for r in reminders if (key := _key(r)) is not None}
    if not keys:
        return set()
    return set(
        session.scalars(
            select(Message.idempotency_key).where(
                Message.idempotency_key.in_(keys), Message.status.not_in(("failed", "cancelled"))
            )
        )
    )


def send_reminders(session: Session, now: datetime) -> dict[str, int]:
    """Send what is due and not sent yet; safe to run at any frequency and side by side."""
    from spelotheek.mail import MailNotSent, send

    holds.expire_holds(session, now)
    session.commit()
    report = {"due_soon": 0, "overdue": 0, "hold_ready": 0, "to_call": 0}
    reminders = due_reminders(session, now)
    report["short messages queued"] = queue_texts(session, reminders, now)
    session.commit()
    texted = _texted(session, [r for r in reminders if not _writable(r.family)])
    ids = {r.subject_id for r in reminders}
    sent = set(
        session.execute(
            select(ReminderSent.kind, ReminderSent.subject_id).where(
                ReminderSent.subject_id.in_(ids)
            )
        ).all()
    )
    for reminder in reminders:
        if (reminder.kind, reminder.subject_id) in sent:
            continue
        address = _address(reminder.family)
        if address is None:
            if _key(reminder) not in texted:  # a short message told them already
                report["to_call"] += 1
            continue
        # Claim the reminder first: the unique pair stops a second run from sending it too.
        try:
            claim = ReminderSent(kind=reminder.kind, subject_id=reminder.subject_id, sent_at=now)
            session.add(claim)
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        language = reminder.family.language or current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(language):
            subject, body, html = _message(reminder, language)
        try:
            send(address, subject, body, language, html)
        except MailNotSent:
            log.warning("reminder not sent (%s); will try again", reminder.kind)
            session.delete(claim)
            session.commit()
            continue
        report[reminder.kind] += 1
    return report


def to_call(session: Session, now: datetime) -> list[Due]:
    """Reminders that are due for families we cannot write to: staff call or message them.

    A family that got the reminder as a short message (SMS, WhatsApp) is not on the list.
    """
    unwritable = [r for r in due_reminders(session, now) if not _writable(r.family)]
    texted = _texted(session, unwritable)
    return [r for r in unwritable if _key(r) not in texted]

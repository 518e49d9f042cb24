"""Messages about handovers say only that something is waiting, never what: no service, no
question, no name. Sent after the commit that decided them; the silent-partner flag is marked
before its mail goes, so a sender is never told twice."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import mail
from spelotheek.families.models import Family
from spelotheek.handovers import queries, rules, services
from spelotheek.handovers.models import Handover, HandoverEvent
from spelotheek.hosts import external_url
from spelotheek.registry import REMINDER_SENDERS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One message to send after the commit: to whom, in which language, which template."""

    to: str
    language: str
    template: str
    link_endpoint: str
    link_values: tuple[tuple[str, object], ...] = ()


SUBJECTS = {
    "handover_waiting": lambda: _("Something is waiting for your answer"),
    "handover_for_partner": lambda: _("A new handover is waiting"),
    "handover_news": lambda: _("News about a handover you prepared"),
    "handover_silent": lambda: _("A handover has no answer yet"),
}


def for_family(family: Family, handover: Handover) -> list[Notice]:
    """The family is told a handover waits for its answer (only with its consent to mail)."""
    if not family.email or not family.reminder_consent:
        return []
    return [
        Notice(
            family.email,
            family.language or "nl",
            "handover_waiting",
            "handovers.slip_open",
            (("slip_code", handover.slip_code),),
        )
    ]


def for_partner(session: Session, handover: Handover) -> list[Notice]:
    """The receiving organisation's accounts are told a new handover waits."""
    return [
        Notice(u.email, u.language or "nl", "handover_for_partner", "handovers.partner_list")
        for u in queries.partner_accounts(session, handover.organization_id)
    ]


def for_sender(
    session: Session, handover: Handover, template: str = "handover_news"
) -> list[Notice]:
    """The worker or partner who prepared it is told there is news (status, decision, flag)."""
    sender = queries.user(session, handover.prepared_by)
    if sender is None or not sender.active:
        return []
    return [
        Notice(
            sender.email,
            sender.language or "nl",
            template,
            "handovers.sender_show",
            (("handover_id", handover.id),),
        )
    ]


def _link(notice: Notice) -> str:
    values = dict(notice.link_values)
    if has_request_context():
        return external_url(notice.link_endpoint, **values)
    with current_app.test_request_context():  # the job runs outside a request
        return external_url(notice.link_endpoint, **values)


def send(notices: Iterable[Notice]) -> int:
    """Send each message in its reader's language; a refused one is logged, not retried."""
    sent = 0
    for notice in notices:
        with force_locale(notice.language):
            subject = SUBJECTS[notice.template]()
            body = mail.render(notice.template, notice.language, subject, link=_link(notice))
        try:
            mail.send(notice.to, subject, body[0], notice.language, body[1])
        except mail.MailNotSent:
            continue  # mail.send logged it (without the address)
        sent += 1
    return sent


def flag_silent_partners(session: Session, now: datetime) -> Mapping[str, int]:
    """Approved handovers with no partner reaction after five working days: mark each once and
    tell its sender (the REMINDER_SENDERS job)."""
    waiting = session.scalars(
        select(Handover).where(
            Handover.decision == "approved",
            Handover.partner_status.is_(None),
            Handover.flagged_at.is_(None),
            Handover.decided_at <= now - timedelta(days=rules.REACTION_WORKING_DAYS),
        )
    ).all()
    if not waiting:
        return {"handovers flagged": 0}
    today = now.astimezone(rules.BRUSSELS).date()
    closed = queries.network_closed_days(session, today - timedelta(days=60), today)
    notices: list[Notice] = []
    for handover in waiting:
        if handover.decided_at and rules.reaction_overdue(handover.decided_at, now, closed):
            handover.flagged_at = now
            handover.events.append(HandoverEvent(actor="system", kind="flagged", at=now))
            notices += for_sender(session, handover, "handover_silent")
    flagged = sum(1 for h in waiting if h.flagged_at == now)
    session.commit()  # marked before sending: a crash may lose a message, never repeat one
    send(notices)
    return {"handovers flagged": flagged}


def expire_waiting_job(session: Session, now: datetime) -> Mapping[str, int]:
    """Waiting handovers past their time expire (the same job run; the family's page checks
    too), and their senders hear there is news."""
    due = session.scalars(
        select(Handover).where(Handover.decision == "waiting", Handover.expires_at <= now)
    ).all()
    notices = [n for h in due for n in for_sender(session, h)]
    count = services.expire_waiting(session, now)
    session.commit()
    send(notices)
    return {"handovers expired": count}


REMINDER_SENDERS.append(flag_silent_partners)
REMINDER_SENDERS.append(expire_waiting_job)

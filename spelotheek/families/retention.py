"""Long-absent families: ask whether they want to stay, then remove them. Audit log age."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from spelotheek import mail
from spelotheek.audit import AuditEvent
from spelotheek.db import rows_affected
from spelotheek.domain_errors import DomainError
from spelotheek.families.models import Family
from spelotheek.families.rights import erase_family
from spelotheek.registry import PURGERS, REMINDER_SENDERS
from spelotheek.retention_rules import months_before

log = logging.getLogger(__name__)


def purge_inactive_families(
    session: Session, now: datetime, settings: Mapping[str, Any]
) -> Mapping[str, int]:
    """Ask families away for 24 months whether they want to stay; remove them 2 months later."""
    inactive_since = months_before(now, settings["RETENTION_INACTIVE_FAMILY_MONTHS"])
    asked = 0
    for family in session.scalars(
        select(Family).where(
            Family.last_active_at <= inactive_since, Family.inactivity_notice_at.is_(None)
        )
    ):
        family.inactivity_notice_at = now
        asked += 1
    # A family that came back after being asked keeps everything.
    for family in session.scalars(
        select(Family).where(
            Family.inactivity_notice_at.isnot(None),
            Family.last_active_at > Family.inactivity_notice_at,
        )
    ):
        family.inactivity_notice_at = family.inactivity_mailed_at = None
    removed = kept = 0
    asked_before = months_before(now, settings["RETENTION_NOTICE_MONTHS"])
    for family in session.scalars(
        select(Family).where(
            Family.inactivity_notice_at <= asked_before,
            Family.last_active_at <= Family.inactivity_notice_at,
        )
    ).all():
        try:
            with session.begin_nested():
                erase_family(session, family, actor_id=None)
            removed += 1
        except DomainError:
            kept += 1  # toys still at home: staff follow up; tried again next run
    session.flush()
    return {
        "inactive families asked whether they want to stay": asked,
        "inactive families removed": removed,
        "inactive families kept because toys are still out": kept,
    }


def purge_old_audit_events(
    session: Session, now: datetime, settings: Mapping[str, Any]
) -> Mapping[str, int]:
    """Delete audit events older than the retention period."""
    cutoff = months_before(now, settings["RETENTION_AUDIT_MONTHS"])
    result = session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
    return {"audit events removed": rows_affected(result)}


def send_inactivity_notices(session: Session, now: datetime) -> Mapping[str, int]:
    """E-mail families that were asked and agreed to messages (once each)."""
    sent = 0
    families = session.scalars(
        select(Family).where(
            Family.inactivity_notice_at.isnot(None),
            Family.inactivity_mailed_at.is_(None),
            Family.reminder_consent.is_(True),
            Family.email.isnot(None),
        )
    ).all()
    for family in families:
        if family.email is None:  # pragma: no cover  (the query asked for an address)
            continue
        family.inactivity_mailed_at = now
        session.commit()  # recorded before sending: a crash never sends twice
        with force_locale(family.language or "nl"):
            subject = _("Do you want to keep your family card?")
            body, html = mail.render(
                "inactivity_notice",
                family.language or "nl",
                subject,
                name=family.display_name,
                day=months_before(now, -2),
            )
        try:
            mail.send(family.email, subject, body, family.language or "nl", html)
            sent += 1
        except mail.MailNotSent:
            # Not sent is not asked: unmarked, so the next run mails it again.
            family.inactivity_mailed_at = None
            session.commit()
            log.warning("inactivity notice not sent; the next run tries again")
    return {"inactivity notices e-mailed": sent}


PURGERS.extend([purge_inactive_families, purge_old_audit_events])
REMINDER_SENDERS.append(send_inactivity_notices)

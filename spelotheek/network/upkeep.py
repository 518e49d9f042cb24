"""Keeping the directory true: a partner confirms its entries, the coordinator asks for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.auth.models import User
from spelotheek.auth.roles import Role
from spelotheek.days import add_days
from spelotheek.network.history import record_change
from spelotheek.network.models import Organization

# "Not checked for six months": half a year of days, so the list does not depend on month ends.
STALE_AFTER_DAYS = 183
BRUSSELS = ZoneInfo("Europe/Brussels")


def today() -> date:
    """Today in Brussels: the day an entry is checked on (the pages' clock)."""
    return datetime.now(BRUSSELS).date()


@dataclass(frozen=True)
class Recipient:
    """A partner account to ask, in its own language."""

    email: str
    language: str


def stale_before(today: date) -> date:
    """Entries last checked before this day count as not checked."""
    return add_days(today, -STALE_AFTER_DAYS)


def mark_checked(
    session: Session, actor_id: int | None, organization: Organization, today: date
) -> None:
    """ "All our entries are still true": the organisation and its services are checked today."""
    organization.checked_on = today
    for service in organization.services:
        service.checked_on = today
    session.flush()
    record_change(
        session,
        "organization",
        organization.uuid,
        "checked",
        organization_id=organization.id,
        user_id=actor_id,
    )
    audit.record(
        session,
        "network_entries_checked",
        actor_id=actor_id,
        subject_type="network_organization",
        subject_id=organization.id,
    )


def request_check(
    session: Session, actor_id: int | None, organization: Organization, now: datetime
) -> list[Recipient]:
    """Note that the coordinator asked; the partner accounts to write to (the caller mails them
    after the commit)."""
    organization.check_requested_at = now
    session.flush()
    audit.record(
        session,
        "network_check_requested",
        actor_id=actor_id,
        subject_type="network_organization",
        subject_id=organization.id,
    )
    partners = session.scalars(
        select(User).where(
            User.organization_id == organization.id,
            User.role == Role.PARTNER.value,
            User.active.is_(True),
        )
    )
    return [Recipient(u.email, u.language or "nl") for u in partners]

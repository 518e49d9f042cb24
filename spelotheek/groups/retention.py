"""Retention: unlink enrolments from families (and forget the first name and phone of those
without a card) after a group ends; forget join requests.

`purge` is registered in `spelotheek.registry.PURGERS` (run by `spelotheek purge-expired`).
It is safe to run repeatedly: what is done already is not counted again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.db import rows_affected
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.groups import rules
from spelotheek.groups.models import Group, JoinRequest
from spelotheek.phones import normalise_phone
from spelotheek.registry import PURGERS

SETTING = "RETENTION_PERINATAL_MONTHS"


def retention_months(settings: Mapping[str, Any]) -> int:
    """The retention period in months from the settings (default 12, never below 1)."""
    try:
        months = int(settings.get(SETTING, rules.DEFAULT_RETENTION_MONTHS))
    except (TypeError, ValueError):
        months = rules.DEFAULT_RETENTION_MONTHS
    return max(months, 1)


def purge(session: Session, now: datetime, settings: Mapping[str, Any]) -> dict[str, int]:
    """Unlink the enrolments of groups that ended longer ago than the retention period, and
    remove join requests older than JOIN_REQUEST_DAYS; answers what was done."""
    today = now.astimezone(rules.BRUSSELS).date()
    months = retention_months(settings)
    groups = session.scalars(
        select(Group)
        .where(Group.status == "finished", Group.finished_on.is_not(None))
        .options(selectinload(Group.enrolments))
    ).all()
    unlinked = 0
    for group in groups:
        if group.finished_on is None or rules.retention_ends(group.finished_on, months) > today:
            continue
        for enrolment in group.enrolments:
            if (
                enrolment.family_id is None
                and enrolment.feed_token_hash is None
                and enrolment.phone is None
            ):
                continue
            enrolment.family_id = None
            enrolment.forget_contact()
            enrolment.contact_ok_at = None
            enrolment.feed_token_hash = None
            enrolment.share_name = False
            enrolment.unlinked_at = enrolment.unlinked_at or now
            unlinked += 1
    cutoff = now - timedelta(days=rules.JOIN_REQUEST_DAYS)
    removed = rows_affected(
        session.execute(delete(JoinRequest).where(JoinRequest.created_at < cutoff))
    )
    session.flush()
    if unlinked or removed:
        audit.record(
            session,
            "group_retention_purged",
            actor_kind="system",
            detail=f"enrolments unlinked {unlinked}, join requests removed {removed}",
        )
    return {
        "perinatal enrolments unlinked from families": unlinked,
        "group join requests removed": removed or 0,
    }


def add_join_request(
    session: Session, phone: str, language: str | None, consent: bool
) -> JoinRequest:
    """Keep a phone number left on the public page, only with consent (PhoneRefused when it
    is not a phone number)."""
    if not consent:
        raise DomainError(
            _l("Please tick the box, so that we may call you."), code="consent_needed"
        )
    request = JoinRequest(phone=normalise_phone(phone), language=language)
    session.add(request)
    session.flush()
    return request


def join_requests(session: Session) -> Sequence[JoinRequest]:
    """Open join requests, oldest first (coordinators only)."""
    return session.scalars(select(JoinRequest).order_by(JoinRequest.created_at)).all()


def remove_join_request(session: Session, actor_id: int, request_id: int) -> None:
    """The coordinator called back: the phone number is removed at once."""
    request = session.get(JoinRequest, request_id)
    if request is None:
        raise NotFound(_l("We could not find this request."))
    session.delete(request)
    session.flush()
    audit.record(
        session,
        "group_join_request_removed",
        actor_id=actor_id,
        subject_type="group_join_request",
        subject_id=request_id,
    )


PURGERS.append(purge)

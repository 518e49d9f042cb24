"""The perinatal groups' part in a family's data rights."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek.db import utcnow
from spelotheek.families.models import Family
from spelotheek.groups.models import Enrolment, Group
from spelotheek.registry import ERASERS, EXPORTERS


def export_enrolments(session: Session, family: Family) -> tuple[str, Any] | None:
    """The family's group memberships, consent and attendance."""
    enrolments = session.scalars(
        select(Enrolment)
        .where(Enrolment.family_id == family.id)
        .options(
            selectinload(Enrolment.group).selectinload(Group.sessions),
            selectinload(Enrolment.attendance),
        )
    ).all()
    if not enrolments:
        return None
    return "groups", [
        {
            "group": e.group.name,
            "due": f"{e.due_year}-{e.due_month:02d}",
            "with_partner": e.with_partner,
            "name_shared_with_group": e.share_name,
            "consent": {"for": e.consent_purpose, "given_at": e.consent_at.isoformat()},
            "withdrawn_at": e.withdrawn_at.isoformat() if e.withdrawn_at else None,
            "attendance": [
                {"session": a.session_id, "status": a.status, "partner_present": a.partner_present}
                for a in e.attendance
            ],
        }
        for e in enrolments
    ]


def unlink_enrolments(session: Session, family: Family) -> None:
    """Keep enrolments as anonymous counts: no family, no feed, no shared name."""
    now = utcnow()
    for enrolment in session.scalars(select(Enrolment).where(Enrolment.family_id == family.id)):
        enrolment.family_id = None
        enrolment.feed_token_hash = None
        enrolment.share_name = False
        enrolment.unlinked_at = now
        enrolment.withdrawn_at = enrolment.withdrawn_at or now
    session.flush()


EXPORTERS.append(export_enrolments)
ERASERS.append(unlink_enrolments)

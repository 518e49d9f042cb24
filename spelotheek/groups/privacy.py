"""The perinatal groups' part in a family's data rights."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek.db import utcnow
from spelotheek.families.models import Family
from spelotheek.groups.forms import ATTENDANCE_LABELS
from spelotheek.groups.models import Enrolment, Group
from spelotheek.groups.participants import CONSENT_PURPOSE
from spelotheek.groups.signup import SIGNUP_CONSENT_PURPOSE
from spelotheek.registry import ERASERS, EXPORT_LABELS, EXPORT_VALUES, EXPORTERS


def export_enrolments(
    session: Session, family: Family, viewer_id: int | None
) -> tuple[str, Any] | None:
    """The family's group memberships, consent and attendance: health data (GDPR art. 9).

    Only the family itself and the facilitators of its group see what it is; anyone else
    exporting sees that such data exists, not what it is.
    """
    enrolments = session.scalars(
        select(Enrolment)
        .where(Enrolment.family_id == family.id)
        .options(
            selectinload(Enrolment.group).selectinload(Group.facilitators),
            selectinload(Enrolment.attendance),
        )
    ).all()
    if not enrolments:
        return None
    shown = [e for e in enrolments if viewer_id is None or _facilitates(e.group, viewer_id)]
    section: list[dict[str, Any]] = [_enrolment(e) for e in shown]
    if len(shown) < len(enrolments):
        section.append({"withheld": WITHHELD})
    return "groups", section


# What a staff member sees in place of a perinatal group's data (a fixed code, not translated
# into the export so that the file means the same in every language).
WITHHELD = "health data: shown only to the family and the facilitators of its group"


def _facilitates(group: Group, user_id: int) -> bool:
    return any(f.id == user_id for f in group.facilitators)


def _enrolment(e: Enrolment) -> dict[str, Any]:
    return {
        "group": e.group.name,
        "due": f"{e.due_year}-{e.due_month:02d}" if e.due_year and e.due_month else None,
        "with_partner": e.with_partner,
        "name_shared_with_group": e.share_name,
        "consent": {"for": e.consent_purpose, "given_at": e.consent_at.isoformat()},
        "contact_after_missed_session": e.contact_ok_at.isoformat() if e.contact_ok_at else None,
        "withdrawn_at": e.withdrawn_at.isoformat() if e.withdrawn_at else None,
        "attendance": [
            {"session": a.session_id, "status": a.status, "partner_present": a.partner_present}
            for a in e.attendance
        ],
    }


def unlink_enrolments(session: Session, family: Family) -> None:
    """Keep enrolments as anonymous counts: no family, no feed, no shared name."""
    now = utcnow()
    for enrolment in session.scalars(select(Enrolment).where(Enrolment.family_id == family.id)):
        enrolment.family_id = None
        enrolment.contact_ok_at = None
        enrolment.feed_token_hash = None
        enrolment.share_name = False
        enrolment.unlinked_at = now
        enrolment.withdrawn_at = enrolment.withdrawn_at or now
    session.flush()


EXPORTERS.append(export_enrolments)
ERASERS.append(unlink_enrolments)
EXPORT_LABELS.update(
    {
        "groups.group": _l("Group"),
        "groups.due": _l("Baby expected in"),
        "groups.with_partner": _l("Comes with a partner"),
        "groups.name_shared_with_group": _l("Name shown to the group"),
        "groups.consent": _l("Consent"),
        "groups.for": _l("What you agreed to"),
        "groups.given_at": _l("Given on"),
        "groups.attendance": _l("Sessions"),
        "groups.session": _l("Session number"),
        "groups.partner_present": _l("Partner came too"),
        "groups.contact_after_missed_session": _l(
            "You agreed we may contact you when you miss a session (on)"
        ),
        "groups.withheld": _l("Health data"),
    }
)
EXPORT_VALUES.update(
    {
        "groups.status": ATTENDANCE_LABELS,
        # The stored purpose stays the English text the family agreed to; the page says it in
        # the visitor's language (tests check that both texts stay the same).
        "groups.for": {
            CONSENT_PURPOSE: _l(
                "Take part in the pregnancy group: name, due month and attendance are kept for "
                "the group's facilitators until 12 months after the group ends."
            ),
            SIGNUP_CONSENT_PURPOSE: _l(
                "Take part in the pregnancy group without a family card: first name, phone, "
                "language and due month are kept for the group's facilitators until 12 months "
                "after the group ends."
            ),
        },
        "groups.withheld": {
            WITHHELD: _l(
                "There is health data here. Only the family and the facilitators of its group "
                "can see it."
            )
        },
    }
)

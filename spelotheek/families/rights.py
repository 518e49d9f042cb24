"""A family's rights over its data: everything we hold, and erasure. Never commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.families.models import Family
from spelotheek.registry import ERASERS, ERASURE_CHECKS, EXPORTERS


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def export_family(
    session: Session, family: Family, actor_id: int | None, reason: str = ""
) -> dict[str, Any]:
    """Everything the site holds about this family, ready for JSON; the export is audited.

    `actor_id` None is the family itself. A staff member's export is audited with the stated
    `reason` and holds no health data unless they facilitate the family's group.
    """
    data: dict[str, Any] = {
        "family": {
            "id": family.id,
            "display_name": family.display_name,
            "language": family.language,
            "email": family.email,
            "phone": family.phone,
            "reminder_consent": family.reminder_consent,
            "postcode": family.postcode,
            "has_pin": family.pin_hash is not None,
            "library_card_linked_ending_in": family.library_card_hint,
            "created_at": _iso(family.created_at),
            "last_active_at": _iso(family.last_active_at),
        },
        "children": [
            {"birth_year": c.birth_year, "birth_month": c.birth_month} for c in family.children
        ],
        "cards": [
            {
                "ending_in": c.hint,
                "status": c.status,
                "issued_at": _iso(c.issued_at),
                "revoked_at": _iso(c.revoked_at),
            }
            for c in family.cards
        ],
    }
    for exporter in EXPORTERS:
        section = exporter(session, family, actor_id)
        if section is not None:
            data[section[0]] = section[1]
    audit.record_by_staff_or_family(
        session,
        "family_exported",
        actor_id,
        subject_type="family",
        subject_id=family.id,
        detail=reason,
    )
    session.flush()
    return data


def open_family(session: Session, actor_id: int, family_id: int) -> None:
    """Note in the audit log that a staff member opened a family's record (counted per day)."""
    audit.record(
        session, "family_opened", actor_id=actor_id, subject_type="family", subject_id=family_id
    )
    session.flush()


# The audit actions that count as opening a family's record.
OPENED = ("family_opened", "family_exported")


def erase_family(session: Session, family: Family, actor_id: int | None) -> None:
    """Delete the family's personal data; loans, attendance and enrolments stay as counts.

    Raises the DomainError of the first feature that refuses (toys still at home, say).
    """
    for check in ERASURE_CHECKS:
        check(session, family)
    for eraser in ERASERS:
        eraser(session, family)
    family_id = family.id
    session.delete(family)  # children and cards go with it
    audit.record_by_staff_or_family(
        session,
        "family_erased",
        actor_id,
        subject_type="family",
        subject_id=family_id,
    )
    session.flush()

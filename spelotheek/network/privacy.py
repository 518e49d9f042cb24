"""Kept rights in a family's data download; on erasure they go (barriers stay: anonymous)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.network.kept import forget_kept_rights, kept_rights
from spelotheek.registry import ERASERS, EXPORT_LABELS, EXPORT_VALUES, EXPORTERS
from spelotheek.templating import SECTION_TITLES

KEPT_STATUS_LABELS = {
    "may_be_yours": _l("May be yours"),
    "realised": _l("Done: you have it"),
    "barrier": _l("Something stood in the way"),
}
VERDICT_LABELS = {"likely": _l("Likely yours"), "maybe": _l("Check this")}


def export_kept_rights(
    session: Session, family: Family, _viewer_id: int | None
) -> tuple[str, Any] | None:
    """The rights the family kept from the rights check, and how far it got with each."""
    kept = kept_rights(session, family.id)
    if not kept:
        return None
    return "rights", [
        {
            "right": k.right.title,
            "verdict": k.verdict,
            "status": k.status,
            "kept_at": k.kept_at.isoformat(),
        }
        for k in kept
    ]


if export_kept_rights not in EXPORTERS:
    EXPORTERS.append(export_kept_rights)
if forget_kept_rights not in ERASERS:
    ERASERS.append(forget_kept_rights)
SECTION_TITLES["rights"] = _l("Your rights from the rights check")
EXPORT_LABELS.update(
    {
        "rights.right": _l("Right"),
        "rights.verdict": _l("What the check said"),
        "rights.status": _l("Where you are"),
        "rights.kept_at": _l("Kept on"),
    }
)
EXPORT_VALUES.update({"rights.verdict": VERDICT_LABELS, "rights.status": KEPT_STATUS_LABELS})

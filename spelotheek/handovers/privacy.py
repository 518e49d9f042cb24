"""Handovers in a family's data rights: in its download, gone at erasure, and deleted a while
after they closed (refused, withdrawn, expired or answered by the partner)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from spelotheek.families.models import Family
from spelotheek.handovers import rules
from spelotheek.handovers.models import Handover
from spelotheek.network.models import Service
from spelotheek.registry import ERASERS, EXPORT_LABELS, EXPORT_VALUES, EXPORTERS, PURGERS
from spelotheek.retention_rules import months_before
from spelotheek.templating import SECTION_TITLES


def export_handovers(
    session: Session, family: Family, _viewer_id: int | None
) -> tuple[str, Any] | None:
    """Every handover of the family: to where, what it asked, what was shared, what happened."""
    found = session.scalars(
        select(Handover)
        .where(Handover.family_id == family.id)
        .options(selectinload(Handover.events))
        .order_by(Handover.created_at, Handover.id)
    ).all()
    if not found:
        return None
    names = dict(
        session.execute(
            select(Service.id, Service.name).where(
                Service.id.in_({h.service_id for h in found if h.service_id})
            )
        ).all()
    )
    return "handovers", [
        {
            "service": names.get(h.service_id or 0, ""),
            "question": h.question,
            "note": h.note,
            "offered": list(h.shares),
            "shared": dict(h.shared or {}),
            "warm_way": h.warm_way,
            "decision": h.decision,
            "partner_status": h.partner_status or "",
            "created_at": h.created_at.isoformat(),
            "steps": [f"{e.at.isoformat()} {e.actor} {e.kind}" for e in h.events],
        }
        for h in found
    ]


def forget_handovers(session: Session, family: Family) -> None:
    """Erasure: the family's handovers and their steps go (barriers never named it)."""
    session.execute(delete(Handover).where(Handover.family_id == family.id))


def purge_closed_handovers(
    session: Session, now: datetime, settings: Mapping[str, Any]
) -> Mapping[str, int]:
    """Closed handovers older than RETENTION_HANDOVERS_MONTHS are deleted, steps and all."""
    before = months_before(now, int(settings.get("RETENTION_HANDOVERS_MONTHS", 6)))
    ids = session.scalars(
        select(Handover.id).where(Handover.closed_at.is_not(None), Handover.closed_at < before)
    ).all()
    if ids:
        session.execute(delete(Handover).where(Handover.id.in_(ids)))
    return {"closed handovers deleted": len(ids)}


SECTION_TITLES["handovers"] = _l("Handovers to other services")
EXPORTERS.append(export_handovers)
ERASERS.append(forget_handovers)
PURGERS.append(purge_closed_handovers)
EXPORT_LABELS.update(
    {
        "handovers.service": _l("Service"),
        "handovers.question": _l("The question"),
        "handovers.note": _l("A note from the worker"),
        "handovers.offered": _l("What the worker proposed to share"),
        "handovers.shared": _l("What the partner sees"),
        "handovers.warm_way": _l("How you meet"),
        "handovers.decision": _l("Your answer"),
        "handovers.partner_status": _l("What the partner says"),
        "handovers.created_at": _l("Prepared on"),
        "handovers.steps": _l("Steps"),
    }
)
# What was shared is shown with the same words the family saw when it said yes.
EXPORT_LABELS.update(
    {f"handovers.{field}": text for field, text in rules.SHARE_LABELS.items() if field != "note"}
)
EXPORT_VALUES.update(
    {
        "handovers.offered": rules.SHARE_LABELS,
        "handovers.decision": rules.DECISION_LABELS,
        "handovers.partner_status": rules.STATUS_LABELS,
        "handovers.warm_way": rules.WARM_LABELS,
    }
)

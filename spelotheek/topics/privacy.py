"""Topics in a family's data download (erasure: proposals stay without the family)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.registry import EXPORT_LABELS, EXPORT_VALUES, EXPORTERS
from spelotheek.topics.models import Support, Topic
from spelotheek.topics.rules import STATUS_LABELS, THEME_LABELS


def export_topics(
    session: Session, family: Family, _viewer_id: int | None
) -> tuple[str, Any] | None:
    """What the family proposed and what it supported."""
    proposed = session.scalars(
        select(Topic).where(Topic.proposer_family_id == family.id).order_by(Topic.created_at)
    ).all()
    supported = session.scalars(
        select(Topic)
        .join(Support, Support.topic_id == Topic.id)
        .where(Support.family_id == family.id)
        .order_by(Topic.created_at)
    ).all()
    if not proposed and not supported:
        return None
    return "topics", {
        "proposed": [
            {
                "text": t.text,
                "theme": t.theme,
                "status": t.status,
                "created_at": t.created_at.isoformat(),
            }
            for t in proposed
        ],
        "supported": [{"text": t.text, "theme": t.theme} for t in supported],
    }


# On erasure the database does the rest: proposals keep their words without the family
# (proposer_family_id SET NULL), and the family's supports go (ON DELETE CASCADE).
EXPORTERS.append(export_topics)
EXPORT_LABELS.update(
    {
        "topics.proposed": _l("Topics you proposed"),
        "topics.supported": _l("Topics you want to talk about too"),
        "topics.text": _l("In your words"),
        "topics.theme": _l("Picture"),
        "topics.created_at": _l("Proposed on"),
    }
)
EXPORT_VALUES.update({"topics.theme": THEME_LABELS, "topics.status": STATUS_LABELS})

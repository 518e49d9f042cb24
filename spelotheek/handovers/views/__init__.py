"""Warm handovers' pages: the worker prepares and follows up (worker.py), the family decides on
its own page (family.py), the receiving partner answers (partner.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from spelotheek.auth.roles import Role
from spelotheek.db import utcnow
from spelotheek.handovers import queries, rules
from spelotheek.templating import NAV, NavItem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from spelotheek.handovers.models import Handover

bp = Blueprint("handovers", __name__)

# Who prepares a handover from a family's page (a partner only passes one on: partner.py).
WORKERS = frozenset({Role.STAFF, Role.COORDINATOR, Role.FACILITATOR})
# Who follows up the handovers they prepared.
SENDERS = WORKERS | {Role.PARTNER}


def now() -> datetime:
    """The current UTC instant (one place, so pages and jobs agree)."""
    return utcnow()


def about(session: Session, handover: Handover) -> dict[str, Any]:
    """What a page of one handover shows beside it: the services' names and the meeting."""
    ids = {i for i in (handover.service_id, handover.suggested_service_id) if i}
    return {
        "services": queries.services_by_id(session, ids),
        "meeting": queries.meeting_place(session, handover.meetup_series_id),
    }


NAV.append(NavItem("handovers.sent", _l("Handovers"), "reach-out", only=WORKERS))
NAV.append(NavItem("handovers.partner_list", _l("Handovers to us"), "reach-out"))


@bp.app_template_global()
def handover_label(kind: str, code: str | None) -> str:
    """The words for a share, decision, status or warm way code, in the reader's language."""
    labels = {
        "share": rules.SHARE_LABELS,
        "decision": rules.DECISION_LABELS,
        "status": rules.STATUS_LABELS,
        "warm": rules.WARM_LABELS,
    }[kind]
    return str(labels.get(code or "", code or ""))


from spelotheek.handovers import notices, privacy  # noqa: E402,F401  (jobs and data rights)
from spelotheek.handovers.views import family, partner, worker  # noqa: E402,F401

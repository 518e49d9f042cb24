"""The signals bundle's pages: signals with their plan and history, barriers to group, and
the network meeting (agenda to print, calendar event, minutes). Staff and the coordinator
manage signals; a partner sees the signals it is responsible for and keeps their action plan."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, abort
from flask_login import current_user
from wtforms import SelectChoice

from spelotheek.auth.roles import OFFICE, PARTNER_ONLY
from spelotheek.meetups.rules import BRUSSELS
from spelotheek.signals import queries, rules
from spelotheek.signals.models import Signal

bp = Blueprint("signals", __name__)

# Who may open a signal's page (a partner: only its own, checked per signal).
READERS = OFFICE | PARTNER_ONLY


def today() -> date:
    """Today in Brussels."""
    return datetime.now(BRUSSELS).date()


def may_see(signal: Signal) -> bool:
    """True when the visitor may see this signal."""
    return rules.may_see(current_user.principal, _organization_id(), signal.organization_id)


def _organization_id() -> int | None:
    """The organisation of a partner's account (staff accounts have none)."""
    return getattr(getattr(current_user, "user", None), "organization_id", None)


def visible(signal: Signal | None) -> Signal:
    """The signal when the visitor may see it; 404 otherwise (never says it exists)."""
    if signal is None or not may_see(signal):
        abort(404)
    return signal


def own_organization() -> int | None:
    """The partner's organisation, or None for staff (who see every signal)."""
    if current_user.principal == "partner":
        return _organization_id() or -1
    return None


def domain_choices(db, empty: str) -> list[SelectChoice]:
    """The life domains as choices, after an empty one."""
    from spelotheek.templating import content_text

    return [SelectChoice(0, empty)] + [
        SelectChoice(d.id, content_text(d, "name")) for d in queries.domains(db)
    ]


from spelotheek.signals.views import barriers, meetings, pages  # noqa: E402, F401  (routes on bp)

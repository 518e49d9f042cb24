"""The desk's undo: take back this desk user's last lend or return. Never commits."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.families.models import Family
from spelotheek.loans import rules, services
from spelotheek.loans.desk import ATTENTION, OK, DeskResult, last_action
from spelotheek.loans.models import DeskAction, Hold, Item, Loan
from spelotheek.loans.rules import LoanRefused


def undo_last(
    session: Session, actor_id: int | None, now: datetime, family_id: int | None = None
) -> DeskResult:
    """Undo this desk user's last lend or return, if it is recent and nothing happened since.

    The desk stays with `family_id` (the family on screen); the words name the family and toy
    the undo touched, and a family other than the one on screen asks for attention.
    """
    action, item, loan = _undoable(session, actor_id, now)
    hold = session.get(Hold, action.hold_id) if action.hold_id else None
    touched = session.get(Family, loan.family_id)
    words = {
        "toy": item.toy.name,
        "label": item.label,
        "family": touched.display_name if touched else "?",
    }
    if action.kind == "lend":
        _unlend(session, action, item, loan, hold)
        message = _("Undone: %(toy)s (%(label)s) is not lent to %(family)s.", **words)
    else:
        _unreturn(session, item, loan, hold)
        message = _("Undone: %(toy)s (%(label)s) is lent to %(family)s again.", **words)
    action.undone = True
    session.flush()
    audit.record(
        session,
        f"{action.kind}_undone",
        actor_id=actor_id,
        subject_type="loan",
        subject_id=loan.id,
    )
    on_screen = session.get(Family, family_id) if family_id else None
    if on_screen is None or loan.family_id == family_id:
        return DeskResult(OK, "undo", message, family_id, item.label, code="undone")
    message += " " + _("The desk stays with %(family)s.", family=on_screen.display_name)
    return DeskResult(ATTENTION, "undo", message, family_id, item.label, code="undone_other_family")


def _cannot_undo() -> LoanRefused:
    return LoanRefused(_l("This can no longer be undone."), code="cannot_undo")


def _undoable(
    session: Session, actor_id: int | None, now: datetime
) -> tuple[DeskAction, Item, Loan]:
    """This desk user's last action with its copy (locked) and loan, if it may still be undone."""
    action = session.scalar(
        select(DeskAction)
        .where(DeskAction.actor_id == actor_id, DeskAction.undone.is_(False))
        .order_by(DeskAction.at.desc(), DeskAction.id.desc())
        .limit(1)
    )
    if action is None or not rules.can_undo(action.at, now):
        raise LoanRefused(_l("There is nothing to undo."), code="nothing_to_undo")
    item = session.get(Item, action.item_id, with_for_update=True)
    loan = session.get(Loan, action.loan_id) if action.loan_id else None
    latest = last_action(session, action.item_id)
    if item is None or loan is None or latest is not action:
        raise _cannot_undo()
    return action, item, loan


def _unlend(
    session: Session, action: DeskAction, item: Item, loan: Loan, hold: Hold | None
) -> None:
    """Remove the loan; the copy and the hold it fulfilled go back to how they were."""
    if loan.returned_at is not None:
        raise _cannot_undo()
    session.delete(loan)
    session.flush()
    item.state = action.previous_state
    if hold is not None:
        hold.status, hold.closed_at = (
            ("ready", None) if action.previous_state == "held" else ("waiting", None)
        )


def _unreturn(session: Session, item: Item, loan: Loan, hold: Hold | None) -> None:
    """Open the loan again; a hold the return made ready waits again."""
    if services.open_loan_of(session, item.id) is not None:
        raise _cannot_undo()
    if hold is not None and hold.status == "ready":
        hold.status, hold.item_id, hold.pickup_by, hold.ready_at = "waiting", None, None, None
    loan.missing.clear()
    loan.returned_at = loan.returned_by = None
    item.state = "on_loan"

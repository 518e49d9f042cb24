"""The desk: one scan box that finds a family, lends or takes back, and can undo. Never commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import has_app_context
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.auth.rules import Limit
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.families import cardcode, cardlock
from spelotheek.families.models import Family
from spelotheek.families.revoked import card_in_desk_words
from spelotheek.families.services import CardNotFound, CardRevoked, family_for_scan
from spelotheek.loans import rules, services, terms
from spelotheek.loans.models import DeskAction, Hold, Item, Loan, Part, Toy
from spelotheek.loans.rules import LoanRefused

OK, REFUSED, ATTENTION, REPEAT = "ok", "refused", "attention", "repeat"


@dataclass
class DeskResult:
    """What a scan did: the signal to give (ok / refused / attention / repeat) and the words.

    `family_id` is the family on screen after the scan: a card scan sets it; every other
    result carries on the family the volunteer opened (a toy from another home never moves it).
    """

    signal: str
    kind: str
    message: str
    family_id: int | None = None
    item_label: str | None = None
    parts: list[Part] = field(default_factory=list)
    code: str = "ok"

    def as_json(self) -> dict[str, object]:
        """The result for the desk's script (labels and ids only: no names)."""
        return {
            "signal": self.signal,
            "kind": self.kind,
            "message": self.message,
            "code": self.code,
            "family": self.family_id,
            "item": self.item_label,
            "parts": [
                {"id": p.id, "description": p.description, "expected": p.expected_count}
                for p in self.parts
            ],
        }


def _day(day: date) -> str:
    """A date in the page's language (the site's default language on the command line)."""
    if not has_app_context():  # a service called on its own (tests): no reader, no language
        return day.isoformat()
    return format_date(day, "EEEE d MMMM")


def _item(session: Session, label: str) -> Item | None:
    normalised = services.normalise_label(label)
    if not normalised:
        return None
    return session.scalar(
        select(Item)
        .where(Item.label == normalised)
        .with_for_update()
        .options(selectinload(Item.toy).selectinload(Toy.parts))
    )


def in_desk_words(error: CardNotFound | CardRevoked, code: str) -> DomainError:
    """The refusal of an unknown or blocked code, said to the volunteer (who is the desk)."""
    if isinstance(error, CardNotFound) and not error.typo:
        if rules.looks_like_label(code):
            return NotFound(
                _l("We do not know this toy label. Put the toy aside for staff to check."),
                code="item_not_found",
            )
        if not cardcode.looks_like_card_code(code):
            error.message = _l(
                "This is not a toy label or family card we know. Scan it again, or type the "
                "code printed under the QR code."
            )
            error.args = (str(error.message),)
            return error
    return card_in_desk_words(error, code)


def _last_action(session: Session, item_id: int) -> DeskAction | None:
    return session.scalar(
        select(DeskAction)
        .where(DeskAction.item_id == item_id, DeskAction.undone.is_(False))
        .order_by(DeskAction.at.desc(), DeskAction.id.desc())
        .limit(1)
    )


def scan(
    session: Session,
    actor_id: int | None,
    code: str,
    family_id: int | None,
    now: datetime,
    repeat_seconds: float = 5,
) -> DeskResult:
    """Act on one scan: a family card opens the family; a toy label lends or takes back.

    Only a card scan changes the family on screen; `family_id` is that family (None: none yet).
    Raises CardNotFound / CardRevoked for unknown or blocked cards and LoanRefused when a
    toy cannot go out; the caller turns those into a 'refused' signal.
    """
    code = code.strip()[:64]
    if not code:
        raise LoanRefused(_l("Scan a family card or a toy label."), code="empty_scan")
    item = _item(session, code)
    if item is None:
        try:
            family = family_for_scan(session, code)
        except (CardNotFound, CardRevoked) as error:
            raise in_desk_words(error, code) from None
        return DeskResult(
            OK, "family", _("Family card: %(name)s", name=family.display_name), family.id
        )
    last = _last_action(session, item.id)
    if last is not None and rules.is_repeat(last.at, now, repeat_seconds):
        return DeskResult(
            REPEAT,
            "repeat",
            _("Already done: this toy was just scanned. Nothing changed."),
            family_id,
            item.label,
            code="repeat",
        )
    loan = services.open_loan_of(session, item.id)
    if loan is not None:
        if item.toy.parts:
            return DeskResult(
                ATTENTION,
                "parts_check",
                _("Check the pieces of %(toy)s.", toy=item.toy.name),
                family_id,
                item.label,
                list(item.toy.parts),
                code="parts_check",
            )
        return take_back(session, actor_id, item, {}, now, family_id)
    if family_id is None:
        raise LoanRefused(
            _l("Scan the family card first, then the toy."), code="no_family", status=422
        )
    if session.get(Family, family_id) is None:
        raise NotFound(_l("We could not find this family."))
    lent = services.lend(session, actor_id, family_id, item, now)
    session.add(
        DeskAction(
            actor_id=actor_id,
            kind="lend",
            item_id=item.id,
            loan_id=lent.loan_id,
            previous_state=lent.previous_state,
            hold_id=lent.hold.id if lent.hold else None,
            at=now,
        )
    )
    session.flush()
    message = _(
        "Lent: %(toy)s. Back by %(day)s.",
        toy=item.toy.name,
        day=_day(lent.due_on),
    )
    if lent.note:
        return DeskResult(
            ATTENTION,
            "lend",
            message + " " + _("Note: %(note)s", note=lent.note),
            family_id,
            item.label,
            code="lent_with_note",
        )
    return DeskResult(OK, "lend", message, family_id, item.label, code="lent")


def take_back(
    session: Session,
    actor_id: int | None,
    item: Item | str,
    missing: dict[int, int],
    now: datetime,
    family_id: int | None = None,
) -> DeskResult:
    """Take a toy back after its parts check; missing pieces or a waiting family need attention.

    The toy may come from any family's home; the desk stays with `family_id`, the one on screen.
    """
    if isinstance(item, str):
        found = _item(session, item)
        if found is None:
            raise NotFound(_l("We do not know this toy label."), code="item_not_found")
        item = found
    returned = services.return_item(session, actor_id, item, missing, now)
    session.add(
        DeskAction(
            actor_id=actor_id,
            kind="return",
            item_id=item.id,
            loan_id=returned.loan.id,
            previous_state="on_loan",
            hold_id=returned.hold.id if returned.hold else None,
            at=now,
        )
    )
    session.flush()
    if returned.missing:
        return DeskResult(
            ATTENTION,
            "return",
            _(
                "Back, but %(count)d pieces are missing. The toy is set aside as incomplete.",
                count=sum(returned.missing.values()),
            ),
            family_id,
            item.label,
            code="returned_incomplete",
        )
    if returned.hold is not None:
        return DeskResult(
            ATTENTION,
            "return",
            _("Back. A family is waiting for this toy: put it aside on the reservations shelf."),
            family_id,
            item.label,
            code="returned_for_hold",
        )
    if item.state == "cleaning":
        return DeskResult(
            ATTENTION,
            "return",
            _("Back. Put the toy in the cleaning box."),
            family_id,
            item.label,
            code="returned_to_clean",
        )
    return DeskResult(
        OK,
        "return",
        _("Back: %(toy)s. Thank you!", toy=item.toy.name),
        family_id,
        item.label,
        code="returned",
    )


def undo_last(
    session: Session, actor_id: int | None, now: datetime, family_id: int | None = None
) -> DeskResult:
    """Undo this desk user's last lend or return, if it is recent and nothing happened since.

    The desk stays with `family_id` (the family on screen); the words name the family and toy
    the undo touched, and a family other than the one on screen asks for attention.
    """
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
    latest = _last_action(session, action.item_id)
    if item is None or loan is None or latest is not action:
        raise LoanRefused(_l("This can no longer be undone."), code="cannot_undo")
    hold = session.get(Hold, action.hold_id) if action.hold_id else None
    touched = session.get(Family, loan.family_id)
    words = {
        "toy": item.toy.name,
        "label": item.label,
        "family": touched.display_name if touched else "?",
    }
    if action.kind == "lend":
        if loan.returned_at is not None:
            raise LoanRefused(_l("This can no longer be undone."), code="cannot_undo")
        session.delete(loan)
        session.flush()
        item.state = action.previous_state
        if hold is not None:
            hold.status, hold.closed_at = (
                ("ready", None) if action.previous_state == "held" else ("waiting", None)
            )
        message = _("Undone: %(toy)s (%(label)s) is not lent to %(family)s.", **words)
    else:
        if services.open_loan_of(session, item.id) is not None:
            raise LoanRefused(_l("This can no longer be undone."), code="cannot_undo")
        if hold is not None and hold.status == "ready":
            hold.status, hold.item_id, hold.pickup_by, hold.ready_at = "waiting", None, None, None
        loan.missing.clear()
        loan.returned_at = loan.returned_by = None
        item.state = "on_loan"
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


@dataclass
class Panel:
    """What the desk shows about a family: name, loans, holds and children's ages only.

    Late toys come first; `late` gives their days late and `no_renewal` why a toy cannot get
    more time (a toy missing there can: the same rule as the renewal itself).
    """

    family: Family
    loans: list[Loan]
    ready_holds: list[Hold]
    waiting_holds: list[Hold]
    ages: list[int]
    limit: int
    card_locked: bool = False  # many wrong PIN tries: the volunteer may unlock, card in hand
    late: dict[int, int] = field(default_factory=dict)
    no_renewal: dict[int, str] = field(default_factory=dict)


def _days_late(session: Session, loans: list[Loan], today: date) -> dict[int, int]:
    """Days late per loan id, each counted with its location's opening days and closures."""
    late: dict[int, int] = {}
    by_location: dict[int | None, tuple] = {}
    for loan in loans:
        if loan.due_on >= today:
            continue  # not late before the due date: no need to read the opening hours
        where = loan.item.location_id
        if where not in by_location:
            by_location[where] = terms.location_rules(session, where)
        days = rules.days_late(loan.due_on, today, *by_location[where])
        if days:
            late[loan.id] = days
    return late


def _no_renewal(
    loans: list[Loan], waited_for: set[int], today: date, policy: rules.Policy
) -> dict[int, str]:
    """Why each loan cannot be renewed now (loans that can are left out)."""
    reasons: dict[int, str] = {}
    for loan in loans:
        refused = rules.renewal_refusal(
            renewals=loan.renewals,
            max_renewals=policy.max_renewals,
            someone_waits=loan.id in waited_for,
            due_on=loan.due_on,
            today=today,
            long_overdue_days=policy.long_overdue_days,
        )
        if refused is not None:
            reasons[loan.id] = str(refused.message)
    return reasons


def family_panel(
    session: Session, family_id: int, today: date, card_limit: Limit | None = None
) -> Panel:
    """The family panel, in a fixed number of queries; with `card_limit`, the card's lock too."""
    family = session.scalar(
        select(Family).where(Family.id == family_id).options(selectinload(Family.children))
    )
    if family is None:
        raise NotFound(_l("We could not find this family."))
    # Whether another family waits for the toy comes with each loan (no query of its own).
    someone_waits = (
        select(Hold.id)
        .join(Item, Item.toy_id == Hold.toy_id)
        .where(Item.id == Loan.item_id, Hold.status == "waiting")
        .exists()
    )
    rows = session.execute(
        select(Loan, someone_waits)
        .where(Loan.family_id == family_id, Loan.returned_at.is_(None))
        .options(selectinload(Loan.item).selectinload(Item.toy))
        .order_by(Loan.due_on)
    ).all()
    loans = [loan for loan, _waits in rows]
    waited_for = {loan.id for loan, waits in rows if waits}
    holds = session.scalars(
        select(Hold)
        .where(Hold.family_id == family_id, Hold.status.in_(rules.ACTIVE_HOLD_STATES))
        .options(selectinload(Hold.toy), selectinload(Hold.item))
        .order_by(Hold.created_at)
    ).all()
    ages = [rules.age_in_months(c.birth_year, c.birth_month, today) for c in family.children]
    policy = terms.get_policy(session)
    late = _days_late(session, loans, today)
    return Panel(
        family=family,
        loans=sorted(loans, key=lambda loan: (loan.id not in late, loan.due_on)),
        ready_holds=[h for h in holds if h.status == "ready"],
        waiting_holds=[h for h in holds if h.status == "waiting"],
        ages=sorted(a for a in ages if a >= 0),
        limit=terms.family_limit(session, family_id, policy),
        card_locked=bool(card_limit and cardlock.many_wrong_tries(session, family, card_limit)),
        late=late,
        no_renewal=_no_renewal(loans, waited_for, today, policy),
    )

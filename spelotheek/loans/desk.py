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

from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.families import cardcode
from spelotheek.families.cards import CardNotFound, CardRevoked, family_for_scan
from spelotheek.families.models import Family
from spelotheek.families.revoked import card_in_desk_words
from spelotheek.loans import rules, services
from spelotheek.loans.models import DeskAction, Item, Part, Toy
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


def last_action(session: Session, item_id: int) -> DeskAction | None:
    """The copy's latest desk action not undone yet."""
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
    code = cardcode.from_scan(code).strip()[:64]  # a card's QR is its link: read the fragment
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
    last = last_action(session, item.id)
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
    return _lend_at_desk(session, actor_id, item, family_id, now)


def _lend_at_desk(
    session: Session, actor_id: int | None, item: Item, family_id: int, now: datetime
) -> DeskResult:
    """Lend the scanned toy to the family on screen and remember it for an undo."""
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
            raise services.unknown_label()
        item = found
    returned = services.return_item(session, actor_id, item, missing, now)
    session.add(
        DeskAction(
            actor_id=actor_id,
            kind="return",
            item_id=item.id,
            loan_id=returned.loan_id,
            previous_state="on_loan",
            hold_id=returned.hold.id if returned.hold else None,
            at=now,
        )
    )
    session.flush()
    return _returned_words(returned, item, family_id)


def _returned_words(returned: services.Returned, item: Item, family_id: int | None) -> DeskResult:
    """The signal and words for a toy back: missing pieces, a waiting family or cleaning first."""
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

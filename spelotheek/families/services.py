"""Families and their card: create, find by scan, reissue, PIN, library card. Never commits."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from spelotheek import audit, typed
from spelotheek.auth.passwords import hash_secret, verify_secret
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.families import cardcode
from spelotheek.families.models import Card, Child, Family

PROFILE_FIELDS = ("display_name", "language", "email", "phone", "postcode", "reminder_consent")


class CardNotFound(NotFound):
    """No family has this card; `typo` says the check character did not match."""

    code = "card_not_found"

    def __init__(self, typo: bool = False) -> None:
        message = (
            _l("This card code has a typing error. Please check the characters and try again.")
            if typo
            else _l("We do not know this card. Please check the code, or ask at the desk.")
        )
        super().__init__(message)
        self.typo = typo


class CardRevoked(DomainError):
    """The card was replaced or blocked; the family has (or can get) a new one."""

    code = "card_revoked"
    status = 410

    def __init__(self, family_id: int) -> None:
        super().__init__(
            _l("This card no longer works. It was replaced by a new card. Ask at the desk.")
        )
        self.family_id = family_id  # for the audit of the scan (see families/revoked.py)


class PinRefused(DomainError):
    """The PIN is not 4 to 6 digits, or it is one that others would guess first."""

    code = "invalid_pin"


@dataclass(frozen=True)
class IssuedCard:
    """A card just issued: the code is only known now, and is shown once."""

    card: Card
    code: str

    @property
    def formatted(self) -> str:
        return cardcode.format_code(self.code)


def _issue(session: Session, family: Family) -> IssuedCard:
    """Make a new active card for the family (the caller has revoked any old one)."""
    code = cardcode.encode(secrets.randbits(cardcode.RANDOM_BITS))
    card = Card(family=family, token_hash=cardcode.token_hash(code), hint=code[-4:])
    session.add(card)
    session.flush()
    return IssuedCard(card, code)


def create_family(
    session: Session,
    actor_id: int | None,
    fields: dict[str, object],
    children: list[tuple[int, int]] | None = None,
) -> tuple[Family, IssuedCard]:
    """Add a family with its first card; fields were validated by the form."""
    family = Family(**{k: v for k, v in fields.items() if k in PROFILE_FIELDS})
    family.children = [Child(birth_year=y, birth_month=m) for y, m in children or []]
    session.add(family)
    session.flush()
    issued = _issue(session, family)
    audit.record(
        session, "family_created", actor_id=actor_id, subject_type="family", subject_id=family.id
    )
    return family, issued


def update_family(
    session: Session, actor_id: int | None, family: Family, fields: dict[str, object]
) -> None:
    """Change a family's profile fields (actor None: the family itself)."""
    profile = {key: value for key, value in fields.items() if key in PROFILE_FIELDS}
    changed = [key for key, value in profile.items() if getattr(family, key) != value]
    for key in changed:
        setattr(family, key, fields[key])
    # The names of the changed fields, never their values: those are the family's contact data.
    audit.record_by_staff_or_family(
        session,
        "family_updated",
        actor_id,
        subject_type="family",
        subject_id=family.id,
        detail=",".join(changed),
    )
    session.flush()


def reissue_card(
    session: Session, actor_id: int | None, family: Family, now: datetime
) -> IssuedCard:
    """Card lost: revoke the working card and issue a new one, in one step."""
    for card in family.cards:
        if card.status == "active":
            card.revoke(now)
    session.flush()  # the partial unique index allows the new card only after this
    issued = _issue(session, family)
    audit.record(
        session, "card_reissued", actor_id=actor_id, subject_type="family", subject_id=family.id
    )
    return issued


@cache
def _card_lookup(with_family: bool) -> Select[*tuple[Any, ...]]:
    """A card (with its family, or just its family id and status), by hash; built once."""
    where = Card.token_hash == bindparam("token_hash")
    if with_family:
        return select(Card).where(where).options(joinedload(Card.family))
    return select(Card.family_id, Card.status).where(where)


def family_for_scan(session: Session, scanned: str) -> Family:
    """The family whose card (ours or a linked library card) was scanned or typed.

    Reads only. Raises CardNotFound (with a typo hint) or CardRevoked; the caller audits a
    revoked scan in a transaction of its own (families/revoked.py).
    """
    found = _scan(session, scanned, with_family=True)
    assert isinstance(found, Family)  # noqa: S101  (narrows the type: with_family=True gives one)
    return found


def family_id_for_scan(session: Session, scanned: str) -> int:
    """As family_for_scan, but only the family's id: a lend needs no more of the family."""
    found = _scan(session, scanned, with_family=False)
    assert isinstance(found, int)  # noqa: S101  (narrows the type: with_family=False gives an id)
    return found


def _scan(session: Session, scanned: str, with_family: bool) -> Family | int:
    if cardcode.looks_like_card_code(scanned):
        try:
            code = cardcode.parse(scanned)
        except cardcode.CardCodeError as error:
            raise CardNotFound(typo=error.reason == "check") from None
        found = session.execute(
            _card_lookup(with_family), {"token_hash": cardcode.token_hash(code)}
        ).first()
        if found is None:
            raise CardNotFound()
        family_id: int
        status: str
        family_id, status = (
            (found[0].family_id, found[0].status) if with_family else (found[0], found[1])
        )
        if status != "active":
            raise CardRevoked(family_id)
        if with_family:
            family: Family = found[0].family
            return family
        return family_id
    number = cardcode.library_card_digits(scanned)
    if len(number) < 4:
        raise CardNotFound()
    by_library_card = Family.library_card_hash == cardcode.library_card_hash(number)
    if with_family:
        by_card: Family | int | None = session.scalar(select(Family).where(by_library_card))
    else:
        by_card = session.scalar(select(Family.id).where(by_library_card))
    if by_card is None:
        raise CardNotFound()
    return by_card


def audit_revoked_scan(session: Session, actor_id: int | None, refused: CardRevoked) -> None:
    """Note that someone scanned a card that no longer works (a lost card may be misused)."""
    audit.record(
        session,
        "revoked_card_scanned",
        actor_id=actor_id,
        subject_type="family",
        subject_id=refused.family_id,
    )


def link_library_card(
    session: Session, actor_id: int | None, family: Family, number_text: str
) -> None:
    """Link a public-library card number so the same card works here; empty unlinks it."""
    number = cardcode.library_card_digits(number_text)
    if not number:
        family.library_card_hash = family.library_card_hint = None
        _audit_family(session, "library_card_unlinked", actor_id, family)
        session.flush()
        return
    if len(number) < 6 or len(number) > 20:
        raise DomainError(
            _l("A library card number has 6 to 20 letters or digits."), code="invalid_library_card"
        )
    if cardcode.looks_like_card_code(number):
        raise DomainError(
            _l("This is a family card code, not a library card number."),
            code="invalid_library_card",
        )
    digest = cardcode.library_card_hash(number)
    other = session.scalar(select(Family.id).where(Family.library_card_hash == digest))
    if other is not None and other != family.id:
        raise DomainError(
            _l("This library card is already linked to another family."),
            code="library_card_taken",
            status=409,
        )
    family.library_card_hash, family.library_card_hint = digest, number[-4:]
    _audit_family(session, "library_card_linked", actor_id, family)
    session.flush()


def normalise_pin(pin: str) -> str:
    """Digits typed on an Arabic or Persian keyboard count as the same digits; spaces and
    dashes are ignored (see typed.fold)."""
    return typed.fold(pin)


# The PINs people choose most often (published counts of leaked 4- and 6-digit PINs): a
# stranger with a found card tries these first, so they protect nothing.
COMMON_PINS = frozenset(
    (
        "1234",
        "1111",
        "0000",
        "1212",
        "7777",
        "1004",
        "2000",
        "4444",
        "2222",
        "6969",
        "9999",
        "3333",
        "5555",
        "6666",
        "1122",
        "1313",
        "8888",
        "4321",
        "2001",
        "1010",
        "123456",
        "654321",
        "111111",
        "000000",
        "121212",
        "123123",
        "112233",
        "696969",
        "159753",
    )
)
# Digits in a row on a phone's keypad, both ways ("7890" counts as a run).
RUNS = ("01234567890", "09876543210")


def check_pin_digits(pin: str) -> None:
    """Refuse what cannot be a PIN at all: it has 4 to 6 digits (the login checks only this)."""
    pin = normalise_pin(pin)
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 6):
        raise PinRefused(_l("A PIN has 4, 5 or 6 digits."))


def check_pin_shape(pin: str) -> None:
    """Refuse a new PIN that is not 4 to 6 digits or is easy to guess (0000, 1234, 1212 …)."""
    check_pin_digits(pin)
    pin = normalise_pin(pin)
    if len(set(pin)) == 1:
        raise PinRefused(
            _l("This PIN is easy to guess: all its digits are the same. Please choose another.")
        )
    if any(pin in run for run in RUNS):
        raise PinRefused(
            _l("This PIN is easy to guess: its digits follow each other. Please choose another.")
        )
    if pin in COMMON_PINS:
        raise PinRefused(
            _l("This PIN is easy to guess: many people use it. Please choose another.")
        )


def set_pin(session: Session, actor_id: int | None, family: Family, pin: str) -> None:
    """Set the family's login PIN; older family sessions end."""
    check_pin_shape(pin)
    family.pin_hash = hash_secret(normalise_pin(pin))
    family.session_version += 1
    audit.record(
        session, "family_pin_set", actor_id=actor_id, subject_type="family", subject_id=family.id
    )
    session.flush()


def family_for_login(session: Session, code_text: str, pin: str) -> Family | None:
    """The family whose active card and PIN match, or None."""
    try:
        family = family_for_scan(session, code_text)
    except (CardNotFound, CardRevoked):
        verify_secret(None, pin)  # same time spent as a real check
        return None
    if not cardcode.looks_like_card_code(code_text):
        return None  # family login is with the family card itself
    return family if verify_secret(family.pin_hash, normalise_pin(pin)) else None


def add_child(
    session: Session, actor_id: int | None, family: Family, year: int, month: int
) -> Child:
    """Record a child by birth year and month (the audit keeps neither)."""
    child = Child(family=family, birth_year=year, birth_month=month)
    session.add(child)
    session.flush()
    _audit_family(session, "child_added", actor_id, family)
    return child


def remove_child(session: Session, actor_id: int | None, family: Family, child_id: int) -> None:
    """Forget one child of this family."""
    child = next((c for c in family.children if c.id == child_id), None)
    if child is None:
        raise NotFound(_l("We could not find this child."))
    family.children.remove(child)
    _audit_family(session, "child_removed", actor_id, family)
    session.flush()


def _audit_family(session: Session, action: str, actor_id: int | None, family: Family) -> None:
    """A change to the family's record, by staff (id) or by the family itself (None)."""
    audit.record_by_staff_or_family(
        session, action, actor_id, subject_type="family", subject_id=family.id
    )


def get_family(session: Session, family_id: int) -> Family:
    """The family with this id, with its children and cards; NotFound otherwise."""
    family = session.scalar(
        select(Family)
        .where(Family.id == family_id)
        .options(selectinload(Family.children), selectinload(Family.cards))
    )
    if family is None:
        raise NotFound(_l("We could not find this family."))
    return family

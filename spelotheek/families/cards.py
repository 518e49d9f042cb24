"""A family's card: issue and reissue it, find the family by a scan, link a library card."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, String, bindparam, literal, select
from sqlalchemy.orm import Session, joinedload

from spelotheek import audit
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.families import cardcode
from spelotheek.families.models import Card, Family
from spelotheek.families.phonesessions import end_all_sessions


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


@dataclass(frozen=True)
class IssuedCard:
    """A card just issued: the code is only known now, and is shown once."""

    card: Card
    code: str

    @property
    def formatted(self) -> str:
        return cardcode.format_code(self.code)


def issue_card(session: Session, family: Family) -> IssuedCard:
    """Make a new active card for the family (the caller has revoked any old one)."""
    code = cardcode.encode(secrets.randbits(cardcode.RANDOM_BITS))
    card = Card(family=family, token_hash=cardcode.token_hash(code), hint=code[-4:])
    session.add(card)
    session.flush()
    return IssuedCard(card, code)


def reissue_card(
    session: Session, actor_id: int | None, family: Family, now: datetime
) -> IssuedCard:
    """Card lost: revoke the working card and issue a new one, in one step; the family is
    logged out everywhere (its phones too)."""
    for card in family.cards:
        if card.status == "active":
            card.revoke(now)
    session.flush()  # the partial unique index allows the new card only after this
    issued = issue_card(session, family)
    end_all_sessions(session, actor_id, family)  # whoever holds the old card is logged out
    audit.record(
        session, "card_reissued", actor_id=actor_id, subject_type="family", subject_id=family.id
    )
    return issued


@cache
def _card_lookup() -> Select[Card]:
    """A card with its family, by hash; built once."""
    return (
        select(Card)
        .where(Card.token_hash == bindparam("token_hash"))
        .options(joinedload(Card.family))
    )


def family_for_scan(session: Session, scanned: str) -> Family:
    """The family whose card (ours or a linked library card) was scanned or typed.

    Reads only. Raises CardNotFound (with a typo hint) or CardRevoked; the caller audits a
    revoked scan in a transaction of its own (families/revoked.py).
    """
    key = card_key(scanned)
    if key.library:
        family = session.scalar(select(Family).where(Family.library_card_hash == key.hash))
        if family is None:
            raise CardNotFound()
        return family
    card = session.scalar(_card_lookup(), {"token_hash": key.hash})
    if card is None:
        raise CardNotFound()
    family_id_of(card.family_id, card.status)
    return card.family


@dataclass(frozen=True)
class CardKey:
    """What a scanned card is found by: our card's token hash, or a library card's hash."""

    library: bool
    hash: str


def card_key(scanned: str) -> CardKey:
    """The key of a scanned or typed card; CardNotFound (a typo hint) for what is none."""
    scanned = cardcode.from_scan(scanned)
    if cardcode.looks_like_card_code(scanned):
        try:
            code = cardcode.parse(scanned)
        except cardcode.CardCodeError as error:
            raise CardNotFound(typo=error.reason == "check") from None
        return CardKey(library=False, hash=cardcode.token_hash(code))
    number = cardcode.library_card_digits(scanned)
    if len(number) < 4:
        raise CardNotFound()
    return CardKey(library=True, hash=cardcode.library_card_hash(number))


def holder(library: bool) -> Select[int, str]:
    """The family id and card status (`family_id`, `status`) of the card whose key is bound as
    `card_hash`; no row when no card has it. A lend reads it with its facts."""
    key = bindparam("card_hash", type_=String)
    if library:
        status = literal("active", String).label("status")
        return select(Family.id.label("family_id"), status).where(Family.library_card_hash == key)
    return select(Card.family_id, Card.status).where(Card.token_hash == key)


def family_id_of(family_id: int | None, status: str | None) -> int:
    """The family id a card lookup found; CardNotFound or CardRevoked when it cannot be used."""
    if family_id is None:
        raise CardNotFound()
    if status != "active":
        raise CardRevoked(family_id)
    return family_id


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
        _audit_library_card(session, "library_card_unlinked", actor_id, family)
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
    _audit_library_card(session, "library_card_linked", actor_id, family)
    session.flush()


def _audit_library_card(
    session: Session, action: str, actor_id: int | None, family: Family
) -> None:
    """A library card linked or unlinked, by staff (id) or by the family itself (None)."""
    audit.record_by_staff_or_family(
        session, action, actor_id, subject_type="family", subject_id=family.id
    )

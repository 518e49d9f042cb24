"""The family's login PIN: its shape, setting it, and logging in with card and PIN."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from spelotheek import audit, typed
from spelotheek.auth.passwords import hash_secret, verify_secret
from spelotheek.domain_errors import DomainError
from spelotheek.families import cardcode
from spelotheek.families.cards import CardNotFound, CardRevoked, family_for_scan
from spelotheek.families.models import Family
from spelotheek.families.phonesessions import end_all_sessions


class PinRefused(DomainError):
    """The PIN is not 4 to 6 digits, or it is one that others would guess first."""

    code = "invalid_pin"


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
    """Set the family's login PIN (actor None: the family itself); its sessions end everywhere."""
    check_pin_shape(pin)
    family.pin_hash = hash_secret(normalise_pin(pin))
    end_all_sessions(session, actor_id, family)
    audit.record_by_staff_or_family(
        session, "family_pin_set", actor_id, subject_type="family", subject_id=family.id
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

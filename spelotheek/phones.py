"""Phone numbers as people type them, made into one form (E.164) with `phonenumbers`.

Pure: Belgium is the default region, so "0470 12 34 56" and "+32 470 12 34 56" are the same
number; a number from abroad is typed with its country code.
"""

from __future__ import annotations

import phonenumbers

from spelotheek.domain_errors import DomainError
from spelotheek.lazytext import lazy_gettext as _l

DEFAULT_REGION = "BE"


class PhoneRefused(DomainError):
    """A text that is not a phone number we can send a message or call to."""

    code = "phone_invalid"


def normalise_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """The number in E.164 ("+32470123456"); PhoneRefused when it cannot be one."""
    cleaned = (text or "").strip()
    if not cleaned or len(cleaned) > 40:
        raise PhoneRefused(_l("Write a phone number, for example 0470 12 34 56."))
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        raise PhoneRefused(_l("This is not a phone number. Write it like 0470 12 34 56.")) from None
    if not phonenumbers.is_valid_number(number):
        raise PhoneRefused(
            _l("This phone number is not complete or not right. Write it like 0470 12 34 56.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def can_receive_sms(e164: str) -> bool:
    """True for a mobile number (or one that may be mobile): a landline cannot get an SMS."""
    number = phonenumbers.parse(e164, None)
    kind = phonenumbers.number_type(number)
    return kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def show_phone(e164: str) -> str:
    """The number as people in Belgium write it; numbers from abroad with their country code."""
    number = phonenumbers.parse(e164, None)
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def readable_phone(text: str | None) -> str:
    """A stored number as people write it; a number kept from before that cannot be read, as is."""
    if not text:
        return ""
    try:
        return show_phone(normalise_phone(text))
    except PhoneRefused:
        return text

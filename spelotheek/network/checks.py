"""What a directory editor types, checked: phone numbers, postcodes, web and e-mail addresses,
weekly hours. Pure: no Flask, no database; refusals carry a message the editor can act on.

Phone numbers follow a clear Belgian rule instead of a library: 0 and 8 digits (a fixed line,
09 210 10 10), 04 and 8 digits (a mobile, 0470 12 34 56), 0800/070/078 numbers (9 digits), a
short number of four digits starting with 1 (1700), or +32 / 0032 instead of the first 0. A
foreign number is written with + and its country code (8 to 15 digits).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import time

from spelotheek.domain_errors import DomainError
from spelotheek.lazytext import lazy_gettext as _l

MAX_TEXT = 2000
POSTCODE = re.compile(r"^[1-9][0-9]{3}$")
EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]{2,}$")
URL = re.compile(
    r"^https?://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?(/[^\s<>\"]*)?$",
    re.IGNORECASE,
)
_PHONE_SEPARATORS = re.compile(r"[\s./()\-]")


class EntryError(DomainError):
    """A directory entry that cannot be saved as typed; `field` names the form field."""

    code = "entry"

    def __init__(self, message: object, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def phone(text: str, field: str = "phone") -> str:
    """A Belgian (or +country) phone number as typed, trimmed; empty stays empty."""
    text = " ".join(text.split())
    if not text:
        return ""
    digits = _PHONE_SEPARATORS.sub("", text)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+32"):
        digits = "0" + digits[3:]
    if digits.startswith("+"):
        ok = digits.isascii() and digits[1:].isdigit() and 8 <= len(digits) - 1 <= 15
    else:
        ok = digits.isascii() and digits.isdigit() and (
            (len(digits) == 4 and digits.startswith("1"))
            or (len(digits) == 9 and digits.startswith("0"))
            or (len(digits) == 10 and digits.startswith("04"))
        )
    if not ok:
        raise EntryError(
            _l("This is not a phone number we know. Write it like 09 210 10 10 or 0470 12 34 56."),
            field,
        )
    return text


def postcode(text: str, field: str = "postcode") -> str:
    """A Belgian postcode: four digits, not starting with 0."""
    text = text.strip()
    if not POSTCODE.match(text):
        raise EntryError(_l("A postcode is four digits, such as 9000."), field)
    return text


def email(text: str, field: str = "email") -> str:
    """An e-mail address, trimmed; empty stays empty."""
    text = text.strip()
    if text and (len(text) > 254 or not EMAIL.match(text)):
        raise EntryError(_l("Please give a valid e-mail address, such as info@example.org."), field)
    return text


def url(text: str, field: str = "url") -> str:
    """A web address starting with https:// or http://; empty stays empty."""
    text = text.strip()
    if text and (len(text) > 300 or not URL.match(text)):
        raise EntryError(
            _l("Please give a web address that starts with https://, such as https://example.org."),
            field,
        )
    return text


def text(value: str, field: str, required: bool = False, limit: int = MAX_TEXT) -> str:
    """A text trimmed, refused when empty (if required) or longer than the limit."""
    value = (value or "").strip()
    if required and not value:
        raise EntryError(_l("Please fill this in."), field)
    if len(value) > limit:
        raise EntryError(_l("Please keep this under %(n)d characters.", n=limit), field)
    return value


def weekly_hours(rows: Iterable[tuple[int, time, time]]) -> list[tuple[int, time, time]]:
    """Weekly rows (weekday, opens, closes) sorted; each closes after it opens, none overlap."""
    ordered = sorted(rows)
    for weekday, opens, closes in ordered:
        if not 0 <= weekday <= 6:
            raise EntryError(_l("Please choose a day of the week."), "hours")
        if closes <= opens:
            raise EntryError(_l("A row closes before it opens. Please check the times."), "hours")
    for (day_a, _opens_a, closes_a), (day_b, opens_b, _closes_b) in zip(
        ordered, ordered[1:], strict=False
    ):
        if day_a == day_b and opens_b < closes_a:
            raise EntryError(
                _l("Two rows on the same day overlap. Please join them or change the times."),
                "hours",
            )
    return ordered

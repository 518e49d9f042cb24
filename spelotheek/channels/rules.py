"""Invitation channels as pure rules: the card code, the print choices and the counting periods.
No clock, no Flask, no database.

A channel's code is the only thing on a card's QR code (with the page's language): 10 characters
of Crockford base32 (50 random bits), short enough for a small QR code on a card, too many to
try them all, and nothing in it that names the channel or the family holding the card.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.lazytext import LazyText
from spelotheek.lazytext import lazy_gettext as _l

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case: no i, l, o, u
CODE_LENGTH = 10
RANDOM_BITS = CODE_LENGTH * 5
NAME_MAX = 120
# What people mistype that means the same character.
_READS_AS = str.maketrans("oil", "011")

KINDS = (
    "midwife",
    "school",
    "social_service",
    "child_health",
    "library",
    "word_of_mouth",
    "other",
)
KIND_LABELS: Mapping[str, LazyText] = {
    "midwife": _l("Midwife practice"),
    "school": _l("School"),
    "social_service": _l("Social service"),
    "child_health": _l("Child-health consultation"),
    "library": _l("Library"),
    "word_of_mouth": _l("Word of mouth"),
    "other": _l("Something else"),
}

# Card sizes (width × height in mm) and how many fit on one A4 sheet.
SIZES: Mapping[str, tuple[float, float, int]] = {
    "card": (85.6, 54.0, 10),  # credit card: 2 × 5
    "a6": (105.0, 148.0, 4),  # A6: 2 × 2, the sheet cut in four
}
SIZE_LABELS: Mapping[str, LazyText] = {
    "card": _l("Credit card (85.6 × 54 mm), 10 on a sheet"),
    "a6": _l("A6 (105 × 148 mm), 4 on a sheet"),
}
MAX_CARDS = 200
# The two things counted per channel: card scans per day, new families per month.
MEASURES = ("scan", "family")
STEPS = ("month", "quarter")


class ChannelRefused(DomainError):
    """A channel change or print request that cannot be done as asked; the message says why."""

    code = "channel_refused"


def channel_not_found() -> NotFound:
    """The staff pages' answer for a channel id that does not exist."""
    return NotFound(_l("We could not find this channel."))


def make_code(random_value: int) -> str:
    """A channel code from RANDOM_BITS random bits."""
    if not 0 <= random_value < 1 << RANDOM_BITS:
        raise ValueError("random value out of range")
    chars = []
    for _ in range(CODE_LENGTH):
        chars.append(ALPHABET[random_value & 31])
        random_value >>= 5
    return "".join(reversed(chars))


def parse_code(text: str) -> str | None:
    """The code as stored, read tolerantly (upper case, a typed O or I); None if it is none."""
    code = text.strip().lower().translate(_READS_AS)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def check_channel(kind: str, name: str) -> tuple[str, str]:
    """The kind and name as kept; raises ChannelRefused with a plain reason."""
    if kind not in KINDS:
        raise ChannelRefused(_l("Please choose what kind of channel this is."))
    name = " ".join(name.split())
    if not name:
        raise ChannelRefused(_l("Please give the channel a name, for example the practice."))
    if len(name) > NAME_MAX:
        raise ChannelRefused(_l("Please keep the name shorter: at most 120 characters."))
    return kind, name


@dataclass(frozen=True)
class ChannelInfo:
    """A channel as the statistics name it (the name is staff's, never a family's)."""

    id: int
    kind: str
    name: str


@dataclass(frozen=True)
class PrintRun:
    """A batch of cards to print: the language, the size and how many."""

    language: str
    size: str
    count: int

    @property
    def per_sheet(self) -> int:
        """How many cards fit on one A4 sheet."""
        return SIZES[self.size][2]

    @property
    def sheets(self) -> int:
        """How many A4 sheets the batch takes."""
        return -(-self.count // self.per_sheet)


def check_print(language: str, size: str, count: int, languages: Mapping[str, object]) -> PrintRun:
    """A print run of the site's languages and sizes, 1 to MAX_CARDS cards; else ChannelRefused."""
    if language not in languages:
        raise ChannelRefused(_l("Please choose one of the languages."))
    if size not in SIZES:
        raise ChannelRefused(_l("Please choose a size."))
    if not 1 <= count <= MAX_CARDS:
        raise ChannelRefused(_l("Please choose between 1 and 200 cards."))
    return PrintRun(language, size, count)


def page_language(asked: str, chosen: str | None, languages: Mapping[str, object]) -> str | None:
    """The language of a card's page: the visitor's own choice on this site first, else the
    card's; None when the card's language is not one the site speaks (the plain page)."""
    if chosen in languages:
        return chosen
    return asked if asked in languages else None


def period_of(measure: str, day: date) -> date:
    """The period a count falls in: the day for a scan, the month's first day for a family
    (a month of new families, so a count never points at the day one family came)."""
    if measure not in MEASURES:
        raise ValueError(measure)
    return day if measure == "scan" else day.replace(day=1)


def bucket_of(day: date, step: str) -> date:
    """The first day of the month or quarter a day falls in."""
    if step == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return day.replace(day=1)


def buckets(start: date, end: date, step: str) -> list[date]:
    """The first days of the months or quarters that overlap [start, end)."""
    found: list[date] = []
    day = start
    while day < end:
        first = bucket_of(day, step)
        if first not in found:
            found.append(first)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return found


def bucket_key(first: date, step: str) -> str:
    """A bucket as machines sort it: 2026-03 for a month, 2026-Q1 for a quarter."""
    if step == "quarter":
        return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    return first.strftime("%Y-%m")

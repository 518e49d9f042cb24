"""A family's data export as people read it: labels, local dates and words for codes.

The export (families/rights.py and each feature's exporter) is JSON for machines; this turns
it into sections of labelled rows in the visitor's language, with dates and times in
Europe/Brussels. Features name their own fields in registry.EXPORT_LABELS / EXPORT_VALUES;
a field nobody named still reads as words ("frame_size_cm" → "Frame size cm").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Union
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from spelotheek.registry import EXPORT_LABELS, EXPORT_VALUES
from spelotheek.templating import SECTION_TITLES

BRUSSELS = ZoneInfo("Europe/Brussels")
INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
LANGUAGE_FIELDS = frozenset({"language", "home_language", "other_languages"})
MONTH_FIELDS = frozenset({"due", "birth_month"})

EXPORT_LABELS.update(
    {
        "family.id": _l("Family number"),
        "family.display_name": _l("Name on the card"),
        "language": _l("Language"),
        "family.email": _l("E-mail"),
        "family.phone": _l("Phone"),
        "family.reminder_consent": _l("Reminders by message"),
        "family.postcode": _l("Postcode"),
        "family.has_pin": _l("A PIN is set"),
        "family.library_card_linked_ending_in": _l("Library card (last digits)"),
        "family.created_at": _l("Registered on"),
        "family.last_active_at": _l("Last visit"),
        "children.birth_year": _l("Born (year)"),
        "children.birth_month": _l("Born (month)"),
        "cards.ending_in": _l("Card (last characters)"),
        "cards.issued_at": _l("Made on"),
        "cards.revoked_at": _l("Blocked on"),
        "status": _l("Status"),
        "created_at": _l("Made on"),
        "withdrawn_at": _l("Withdrawn on"),
    }
)
EXPORT_VALUES["cards.status"] = {"active": _l("In use"), "revoked": _l("Blocked")}

Node = Union[str, "Fields", "Items"]


class Fields(list):
    """Labelled rows: [(label, node), ...]."""

    kind = "fields"


class Items(list):
    """A list of nodes (several loans, several cards)."""

    kind = "items"


@dataclass(frozen=True)
class Section:
    """One part of the page: a heading and what is under it."""

    name: str
    title: str
    value: Node


def humanise(key: str) -> str:
    """A field name nobody labelled, as words: "last_active_at" → "Last active at"."""
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else key


def label(section: str, key: str) -> str:
    """The words for a field: the feature's label, else the field name as words."""
    found = EXPORT_LABELS.get(f"{section}.{key}", EXPORT_LABELS.get(key))
    return str(found) if found is not None else humanise(key)


def _instant(moment: datetime) -> str:
    locale = get_locale()
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(BRUSSELS)
    pattern = str(Locale.parse(locale).datetime_formats["medium"])
    return pattern.format(
        format_time(local.time(), "short", locale=locale), format_date(local, "long", locale=locale)
    )


def _language(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, UnknownLocaleError):
        return code


def value_text(section: str, key: str, value: Any) -> str:
    """One value as words: yes/no, a code's label, a language's name, a local date or time."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    codes: Mapping[str, object] = EXPORT_VALUES.get(f"{section}.{key}", EXPORT_VALUES.get(key, {}))
    if isinstance(value, str) and value in codes:
        return str(codes[value])
    if key == "birth_month" and isinstance(value, int) and 1 <= value <= 12:
        return format_date(date(2000, value, 1), "LLLL", locale=get_locale())
    if not isinstance(value, str):
        return str(value)
    if key in LANGUAGE_FIELDS:
        return _language(value)
    if key in MONTH_FIELDS and MONTH.fullmatch(value):
        year, month = value.split("-")
        return format_date(date(int(year), int(month), 1), "LLLL y", locale=get_locale())
    if INSTANT.fullmatch(value):
        try:
            return _instant(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return value
    if DAY.fullmatch(value):
        try:
            return format_date(date.fromisoformat(value), "long", locale=get_locale())
        except ValueError:
            return value
    return value


def node(section: str, key: str, value: Any) -> Node:
    """A value of any shape (mapping, list, scalar) as rows, items or words."""
    if isinstance(value, Mapping):
        return Fields((label(section, k), node(section, k, v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return Items(node(section, key, v) for v in value)
    return value_text(section, key, value)


def readable(data: Mapping[str, Any]) -> list[Section]:
    """The export as sections for the page (needs a request: the visitor's language)."""
    sections = []
    for name, value in data.items():
        title = SECTION_TITLES.get(name)
        shown = str(title) if title is not None else humanise(name)
        sections.append(Section(name, shown, node(name, "", value)))
    return sections

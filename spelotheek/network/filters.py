"""What a visitor can ask of the directory's lists: the filters in the page's address and the
words of the search box, checked (values we do not know are left out, with a note)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from spelotheek.lazytext import lazy_gettext as _l

MAX_QUERY = 100  # characters of the search box
MAX_WORDS = 8
MAX_PAGE = 100
# Languages offered in the filter: the site's five and those most spoken in Flemish cities.
FILTER_LANGUAGES = (
    "nl", "fr", "en", "ar", "tr", "de", "es", "pl", "ro", "bg", "ru", "uk", "pt", "it",
    "so", "ps", "fa", "ti", "am", "sq", "rif", "ku",
)  # fmt: skip
WHEN_CHOICES = ("now", "week")
POSTCODE = re.compile(r"^[1-9][0-9]{3}$")


@dataclass(frozen=True)
class Filters:
    """What the visitor asked to see: all optional."""

    free: bool = False
    language: str | None = None
    walk_in: bool = False
    when: str | None = None  # "now" or "week"
    near: str | None = None  # a postcode of the network's places
    page: int = 1

    @property
    def chosen(self) -> bool:
        """True when the visitor chose any filter."""
        return bool(self.free or self.language or self.walk_in or self.when or self.near)

    @property
    def needs_rules(self) -> bool:
        """True when the filter or order needs the opening-time rules or distances."""
        return self.when is not None or self.near is not None

    def as_args(self, **changed: object) -> dict[str, object]:
        """The filters as URL parameters (for "more" links), with some changed."""
        args: dict[str, object] = {
            "free": "1" if self.free else None,
            "language": self.language,
            "walk_in": "1" if self.walk_in else None,
            "when": self.when,
            "near": self.near,
        }
        args.update(changed)
        return {k: v for k, v in args.items() if v is not None and not (k == "page" and v == 1)}


def _flag(args: Mapping[str, str], name: str, notes: list[object]) -> bool:
    value = args.get(name, "")
    if value in ("", "0"):
        return False
    if value in ("1", "on", "true", "yes"):
        return True
    notes.append(_l("We left out a filter we do not know."))
    return False


def parse_filters(
    args: Mapping[str, str], postcodes: Mapping[str, object]
) -> tuple[Filters, list[object]]:
    """Filters from the page's address; values we do not know are left out, with a note."""
    notes: list[object] = []
    free = _flag(args, "free", notes)
    walk_in = _flag(args, "walk_in", notes)
    language = args.get("language", "").strip().lower() or None
    if language is not None and language not in FILTER_LANGUAGES:
        notes.append(_l("We do not know this language, so we show every language."))
        language = None
    when = args.get("when", "").strip() or None
    if when is not None and when not in WHEN_CHOICES:
        notes.append(_l("We left out a filter we do not know."))
        when = None
    near = args.get("near", "").strip() or None
    if near is not None and near not in postcodes:
        if POSTCODE.match(near):
            notes.append(_l("No service has a place in this postcode, so we do not sort by it."))
        else:
            notes.append(_l("A postcode is four digits, such as 9000."))
        near = None
    page_text = args.get("page", "1").strip()
    page = int(page_text) if page_text.isascii() and page_text.isdigit() and 1 <= int(page_text) <= MAX_PAGE else 1
    return Filters(free, language, walk_in, when, near, page), notes


def search_terms(text: str) -> list[str]:
    """The search box's words, lower-cased as Service.search_text is (first 100 characters)."""
    return " ".join(text[:MAX_QUERY].split()).casefold().split()[:MAX_WORDS]

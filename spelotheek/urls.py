"""URLs: safe redirect targets, page numbers and database ids in paths."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter


def safe_next(target: str | None) -> str | None:
    """The target when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


MAX_PAGE = 10_000  # far beyond any real list; keeps OFFSET within what databases accept


def page_number(value: int | None) -> int:
    """A page number from the query string, kept between 1 and MAX_PAGE."""
    return min(max(value or 1, 1), MAX_PAGE)


MAX_ID = 2**31 - 1  # the largest key an INTEGER column holds (the <int:…> converter's limit too)


def record_id(text: str | None) -> int | None:
    """A database id typed in the query string (ASCII digits, 1 to MAX_ID), else None.

    A larger number is no record: sent to the database it overflows the column (a 500).
    """
    if not text or len(text) > 10 or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


class DatabaseId(IntegerConverter):
    """An <int:…> in a URL that fits a database key: larger numbers are a 404, not a crash."""

    def __init__(
        self,
        url_map,
        fixed_digits: int = 0,
        min: int | None = None,  # noqa: A002
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

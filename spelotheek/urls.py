"""Safe redirect targets."""

from __future__ import annotations

from urllib.parse import urlsplit


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

"""The one CSV writer: every CSV the site sends goes through it, so no cell runs as a formula.

OWASP's rule (CSV injection): a text cell that a spreadsheet could read as a formula gets a
single quote in front. A spreadsheet also skips spaces, quotes and invisible characters before
a formula sign, so those count as the start of the cell too. Numbers our own code computes
(int, float, Decimal) stay numbers: their text is only digits, a sign, a point or an exponent,
which no spreadsheet runs. Anything else, even a number typed by a person, is text and checked.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from flask import Response

# Formula signs, with the full-width and small forms some spreadsheets also accept.
FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63")
QUOTES = frozenset("'\"\u2018\u2019\u201c\u201d\uff02\uff07")
# Control characters at the start (tab, CR, LF...) are refused by OWASP's rule as they are.
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
PREFIX = "'"


def _skipped(char: str) -> bool:
    """A character a spreadsheet may pass over before it reads a formula sign."""
    return char in QUOTES or char.isspace() or unicodedata.category(char) in _SKIPPED_CATEGORIES


def _lead_length(text: str) -> int:
    """How many characters at the start a spreadsheet may pass over."""
    return next((index for index, char in enumerate(text) if not _skipped(char)), len(text))


def is_formula(text: str) -> bool:
    """Whether a spreadsheet could run this text (or strip it down to something it runs)."""
    lead = _lead_length(text)
    if any(unicodedata.category(char) == "Cc" for char in text[:lead]):
        return True
    return text[lead : lead + 1] in FORMULA_SIGNS


def safe_cell(value: object) -> str | int | float | Decimal:
    """A cell as written: numbers from our code as they are, text neutralised when needed."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return PREFIX + text if is_formula(text) else text


def read_cell(text: str) -> str:
    """The value a cell written by `safe_cell` stands for (the import's side of the round trip).

    The quote is removed only where `safe_cell` would have added it, so a name that really
    starts with a quote (Dutch: 't Speelhuis) comes back unchanged.
    """
    if text.startswith(PREFIX) and is_formula(text[len(PREFIX) :]):
        return text[len(PREFIX) :]
    return text


def to_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text, every cell through `safe_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def response(rows: Iterable[Sequence[object]], filename: str) -> Response:
    """A CSV download: UTF-8 with a BOM (so Excel reads the accents), never cached."""
    return Response(
        "\ufeff" + to_text(rows),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )

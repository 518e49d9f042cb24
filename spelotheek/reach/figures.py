"""What a reach page is made of: named figures, cells, rows and tables, and their labels.

Labels stay lazy: they are translated when a page or file is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from babel import Locale
from flask_babel import LazyString, format_date, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from spelotheek.reach import rules
from spelotheek.reach.charts import Chart
from spelotheek.reach.dimensions import LABELS

SERVICE_LABELS = {
    "all": _l("All services"),
    "loans": _l("Toy loans"),
    "meetings": _l("Open meetings"),
    "groups": _l("Pregnancy groups"),
}
ANSWERED = "*answered"


def _language_name(code: str) -> str:
    if code == "other":
        return str(_l("Another language"))
    try:
        return Locale.parse(str(get_locale())).languages.get(code) or code
    except (ValueError, TypeError):
        return code


def category_label(dimension: str, code: str) -> object:
    """A category's label in the page's language."""
    if code == ANSWERED:
        return _l("Answered")
    if dimension == "home_language" and code in LABELS:
        return LABELS[code]
    if dimension == "home_language":
        return LazyString(_language_name, code)
    if dimension == "neighbourhood" and code not in LABELS:
        return code  # the neighbourhood's own name, from the settings
    return LABELS.get(code, code)


@dataclass
class Cell:
    """One figure: its name in the equations, the exact count (server only) and what is shown."""

    name: str
    value: int
    shown: int | str


@dataclass(frozen=True)
class Month:
    """A month as a row's label: in words in the reader's language on the page, as YYYY-MM in
    the CSV and the API (`str`), where machines and spreadsheets sort it."""

    first_day: date

    def __str__(self) -> str:
        return self.first_day.strftime("%Y-%m")

    def __html__(self) -> str:
        return str(escape(format_date(self.first_day, "LLLL y")))


@dataclass
class Row:
    """A labelled line of a table: protected figures, or text (the gaps table)."""

    label: object
    cells: list[Cell | str]

    def figure(self, column: int) -> Cell:
        """The figure in a column; a column of text has none, and asking for one is a bug."""
        cell = self.cells[column]
        if not isinstance(cell, Cell):
            raise TypeError(f"column {column} of this row holds text, not a figure")
        return cell

    def shown(self) -> list[int | str]:
        """What each cell shows: a figure as protected and rounded, text as it is."""
        return [cell.shown if isinstance(cell, Cell) else cell for cell in self.cells]


@dataclass
class Table:
    """A table as shown: headings, rows, a one-sentence summary and a chart."""

    key: str
    title: object
    headings: list[object]
    rows: list[Row] = field(default_factory=list)
    summary: object = ""
    chart: Chart | None = None


@dataclass
class Settings:
    """What the reach settings say."""

    threshold: int
    rounding: int
    languages: tuple[str, ...]
    neighbourhoods: tuple[str, ...]


class Figures:
    """Named counts and the equations between them, protected in stages."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.values: dict[str, int] = {}
        self.hidden: set[str] = set()

    def protect(self, equations, keep: set[str] | frozenset[str] = frozenset()) -> None:
        names = {n for eq in equations for n in (eq.total, *eq.parts)}
        values = {n: self.values[n] for n in names}
        also = self.hidden & names
        self.hidden |= rules.protect(
            values, equations, self.settings.threshold, also_hide=also, keep=keep
        )

    def cell(self, name: str) -> Cell:
        value = self.values[name]
        shown = rules.shown(
            value, name in self.hidden, self.settings.threshold, self.settings.rounding
        )
        return Cell(name, value, shown)

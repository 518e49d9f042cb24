"""Which channels bring first visits: the reach page's tables of card scans and new families per
kind of channel (and per channel), protected like every other reach figure.

Pure: the counts come in as arguments. Scans and new families are each one system of equations
(kinds × periods with their margins, and each kind's total as the sum of its channels), handed
to the reach module's own disclosure control, so small numbers are hidden the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from spelotheek.channels import rules as channel_rules
from spelotheek.channels.rules import ChannelInfo
from spelotheek.reach import rules
from spelotheek.reach.charts import bar_chart
from spelotheek.reach.figures import Figures, Month, Row, Settings, Table

MEASURE_TITLES = {
    "scan": _l("Invitation cards scanned, by kind of channel"),
    "family": _l("New families who heard of us through a channel"),
}


@dataclass(frozen=True)
class Quarter:
    """A quarter as a row's label: 2026-Q1 in the CSV, "Q1 2026" on the page."""

    first_day: date

    def __str__(self) -> str:
        return channel_rules.bucket_key(self.first_day, "quarter")

    def __html__(self) -> str:
        number = (self.first_day.month - 1) // 3 + 1
        return str(escape(_l("Q%(n)d %(year)d", n=number, year=self.first_day.year)))


def default_step(start: date, end: date) -> str:
    """Months for a period up to six months, quarters for a longer one."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return "month" if months <= 6 else "quarter"


def _name(measure: str, *parts: object) -> str:
    return "|".join(["ch", measure, *(str(p) for p in parts)])


def build(
    channels: Sequence[ChannelInfo],
    counts: Iterable[tuple[int, str, date, int]],
    start: date,
    end: date,
    step: str,
    settings: Settings,
) -> list[Table]:
    """The kind × period table for scans and for new families, then the per-channel totals."""
    kinds = [k for k in channel_rules.KINDS if any(c.kind == k for c in channels)]
    firsts = channel_rules.buckets(start, end, step)
    keys = [channel_rules.bucket_key(first, step) for first in firsts]
    kind_of = {c.id: c.kind for c in channels}
    figures = Figures(settings)
    for measure in channel_rules.MEASURES:
        for kind in kinds:
            for key in keys:
                figures.values[_name(measure, kind, key)] = 0
        for channel in channels:
            figures.values[_name(measure, "channel", channel.id)] = 0
    for channel_id, measure, period, number in counts:
        of_kind = kind_of.get(channel_id)
        if of_kind is None or not start <= period < end:
            continue
        key = channel_rules.bucket_key(channel_rules.bucket_of(period, step), step)
        figures.values[_name(measure, of_kind, key)] += number
        figures.values[_name(measure, "channel", channel_id)] += number
    for measure in channel_rules.MEASURES:
        for kind in kinds:
            figures.values[_name(measure, kind)] = sum(
                figures.values[_name(measure, kind, key)] for key in keys
            )
        for key in keys:
            figures.values[_name(measure, "all", key)] = sum(
                figures.values[_name(measure, kind, key)] for kind in kinds
            )
        figures.values[_name(measure)] = sum(figures.values[_name(measure, k)] for k in kinds)
        equations = rules.table_equations(
            _name(measure),
            [_name(measure, kind) for kind in kinds],
            [_name(measure, "all", key) for key in keys],
            lambda row, col: f"{row}|{col.rsplit('|', 1)[1]}",
        )
        equations += [
            rules.Equation(
                _name(measure, kind),
                tuple(_name(measure, "channel", c.id) for c in channels if c.kind == kind),
            )
            for kind in kinds
        ]
        figures.protect(equations)
    label = Month if step == "month" else Quarter
    tables = [_by_kind(figures, m, kinds, firsts, keys, label) for m in channel_rules.MEASURES]
    tables.append(_by_channel(figures, channels, kinds))
    return tables


def _by_kind(figures: Figures, measure: str, kinds, firsts, keys, label) -> Table:
    rows = [
        Row(
            channel_rules.KIND_LABELS[kind],
            [
                *(figures.cell(_name(measure, kind, key)) for key in keys),
                figures.cell(_name(measure, kind)),
            ],
        )
        for kind in kinds
    ]
    rows.append(
        Row(
            _l("Total"),
            [
                *(figures.cell(_name(measure, "all", key)) for key in keys),
                figures.cell(_name(measure)),
            ],
        )
    )
    table = Table(
        f"channels-{measure}",
        MEASURE_TITLES[measure],
        [_l("Kind of channel"), *(label(first) for first in firsts), _l("Total")],
        rows,
    )
    shown = [(row.label, row.figure(-1).shown) for row in rows[:-1]]
    biggest = max(
        (pair for pair in shown if isinstance(pair[1], int) and pair[1]),
        key=lambda pair: pair[1],
        default=None,
    )
    if biggest is None:
        table.summary = _l("Too few to show which channels bring the most.")
    elif measure == "scan":
        table.summary = _l(
            "Most cards scanned came from: %(kind)s (%(count)s).",
            kind=biggest[0],
            count=biggest[1],
        )
    else:
        table.summary = _l(
            "Most new families heard of us through: %(kind)s (%(count)s).",
            kind=biggest[0],
            count=biggest[1],
        )
    table.chart = bar_chart(
        str(table.title), str(table.summary), [(str(name), value) for name, value in shown]
    )
    return table


def _channel_label(channel: ChannelInfo) -> LazyString:
    """A channel's name with its kind, in the reader's language."""
    return LazyString(lambda: f"{channel.name} ({channel_rules.KIND_LABELS[channel.kind]})")


def _by_channel(figures: Figures, channels: Sequence[ChannelInfo], kinds) -> Table:
    rows = [
        Row(
            _channel_label(channel),
            [
                figures.cell(_name("scan", "channel", channel.id)),
                figures.cell(_name("family", "channel", channel.id)),
            ],
        )
        for kind in kinds
        for channel in channels
        if channel.kind == kind
    ]
    rows.append(Row(_l("Total"), [figures.cell(_name("scan")), figures.cell(_name("family"))]))
    table = Table(
        "channels-each",
        _l("Each channel in this period"),
        [_l("Channel"), _l("Cards scanned"), _l("New families")],
        rows,
    )
    table.summary = _l(
        "Scans and new families per channel, for the whole period. Small numbers are hidden."
    )
    return table

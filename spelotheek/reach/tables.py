"""The tables of a reach page, each with a one-sentence summary and a chart."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask_babel import lazy_gettext as _l

from spelotheek.reach import rules
from spelotheek.reach.charts import bar_chart
from spelotheek.reach.dimensions import DIMENSIONS, LABELS, PROFILE_DIMENSIONS
from spelotheek.reach.figures import (
    ANSWERED,
    SERVICE_LABELS,
    Cell,
    Figures,
    Month,
    Row,
    Settings,
    Table,
    category_label,
)


def headline(figures: Figures, service: str, svc, events: Mapping[str, int]) -> Table:
    total = figures.cell(svc[service])
    new = figures.cell(f"{service}|new_or_returning=new")
    back = figures.cell(f"{service}|new_or_returning=returning")
    visits = {
        "loans": events.get("loan_visits", 0),
        "meetings": events.get("meeting_visits", 0),
        "groups": events.get("group_visits", 0),
    }
    visit_total = sum(visits.values()) if service == "all" else visits[service]
    loans = events.get("loans", 0) if service in ("all", "loans") else 0
    hide_events = svc[service] in figures.hidden
    s = figures.settings
    table = Table(
        "headline",
        _l("Families reached"),
        [_l("What"), _l("How many")],
        [
            Row(_l("Families reached"), [total]),
            Row(LABELS["new"], [new]),
            Row(LABELS["returning"], [back]),
            Row(
                _l("Visits"),
                [
                    Cell(
                        "visits",
                        visit_total,
                        rules.shown(visit_total, hide_events, s.threshold, s.rounding),
                    )
                ],
            ),
            Row(
                _l("Toys lent"),
                [Cell("loans", loans, rules.shown(loans, hide_events, s.threshold, s.rounding))],
            ),
        ],
    )
    table.summary = _l(
        "%(service)s reached %(families)s families; %(new)s of them came for the first time.",
        service=SERVICE_LABELS[service],
        families=total.shown,
        new=new.shown,
    )
    table.chart = bar_chart(
        str(_l("New and returning families")),
        str(table.summary),
        [(str(LABELS["new"]), new.shown), (str(LABELS["returning"]), back.shown)],
    )
    return table


def overlap(figures: Figures, svc) -> Table:
    both, loans_only = figures.cell("ov|1|1"), figures.cell("ov|1|0")
    meet_only, neither = figures.cell("ov|0|1"), figures.cell("ov|0|0")
    table = Table(
        "overlap",
        _l("Who uses which service"),
        [_l("Families"), _l("Came to a meeting"), _l("No meeting"), _l("Total")],
        [
            Row(_l("Borrowed toys"), [both, loans_only, figures.cell(svc["loans"])]),
            Row(_l("Did not borrow"), [meet_only, neither, figures.cell("ov|L0")]),
            Row(
                _l("Total"),
                [figures.cell(svc["meetings"]), figures.cell("ov|M0"), figures.cell(svc["all"])],
            ),
        ],
    )
    table.summary = _l(
        "%(loans_only)s families borrowed toys but did not come to a meeting; %(meet_only)s "
        "came to a meeting but did not borrow. Meetings know families only when they scanned "
        "their card and agreed.",
        loans_only=loans_only.shown,
        meet_only=meet_only.shown,
    )
    table.chart = bar_chart(
        str(table.title),
        str(table.summary),
        [
            (str(_l("Borrowed and came to a meeting")), both.shown),
            (str(_l("Borrowed, no meeting")), loans_only.shown),
            (str(_l("Meeting, did not borrow")), meet_only.shown),
            (str(_l("Only a pregnancy group")), neither.shown),
        ],
    )
    return table


def breakdown(figures: Figures, service: str, by: tuple[str, ...], cats) -> Table:
    first = by[0]
    dim = DIMENSIONS[first]
    if len(by) == 1:
        codes = cats[first]
        rows = [
            Row(category_label(first, c), [figures.cell(f"{service}|{first}={c}")]) for c in codes
        ]
        if first in PROFILE_DIMENSIONS:
            rows.append(
                Row(
                    category_label(first, ANSWERED), [figures.cell(f"{service}|{first}={ANSWERED}")]
                )
            )
        rows.append(Row(_l("Total"), [figures.cell(f"svc:{service}")]))
        table = Table("breakdown", dim.label, [dim.label, _l("Families")], rows)
        biggest = max(
            (r for r in rows[: len(codes)] if isinstance(r.figure(0).shown, int)),
            key=lambda r: r.figure(0).shown,
            default=None,
        )
        table.summary = (
            _l(
                "Most families reached: %(label)s (%(count)s).",
                label=biggest.label,
                count=biggest.figure(0).shown,
            )
            if biggest and biggest.figure(0).shown
            else _l("Too few families to show this breakdown.")
        )
        table.chart = bar_chart(
            str(dim.label),
            str(table.summary),
            [(str(r.label), r.figure(0).shown) for r in rows[: len(codes)]],
        )
        return table
    second = by[1]
    columns = cats[second]
    headings = [dim.label, *(category_label(second, c) for c in columns), _l("Total")]
    rows = []
    for ca in cats[first]:
        cells = [figures.cell(f"{service}|{first}={ca}|{second}={cb}") for cb in columns]
        rows.append(
            Row(category_label(first, ca), [*cells, figures.cell(f"{service}|{first}={ca}")])
        )
    rows.append(
        Row(
            _l("Total"),
            [
                *(figures.cell(f"{service}|{second}={cb}") for cb in columns),
                figures.cell(f"svc:{service}"),
            ],
        )
    )
    table = Table(
        "breakdown",
        _l("%(first)s by %(second)s", first=dim.label, second=DIMENSIONS[second].label),
        headings,
        rows,
    )
    table.summary = _l(
        "Families reached, by %(first)s and %(second)s. Totals are rounded on their own.",
        first=dim.label,
        second=DIMENSIONS[second].label,
    )
    table.chart = bar_chart(
        str(dim.label),
        str(table.summary),
        [(str(r.label), r.figure(-1).shown) for r in rows[:-1]],
    )
    return table


METRICS = ("adults", "children", "first_visits", "fathers")
METRIC_LABELS = {
    "adults": _l("Adults"),
    "children": _l("Children"),
    "first_visits": _l("First visits"),
    "fathers": _l("Fathers"),
}


def meetings(head_counts, start: date, end: date, settings: Settings) -> Table:
    """The anonymous meeting counts per month, on Saturdays and other days, and in total."""
    firsts = rules.months_between(start, end)
    months = [str(Month(first)) for first in firsts]  # the figures' keys: YYYY-MM
    values: dict[str, int] = {}
    equations = []
    for metric in METRICS:
        for month in months:
            values[f"hc|{metric}|{month}"] = sum(
                head_counts.get((month, sat), {}).get(metric, 0) for sat in (True, False)
            )
        for sat, key in ((True, "sat"), (False, "week")):
            values[f"hc|{metric}|{key}"] = sum(
                c.get(metric, 0) for (m, s), c in head_counts.items() if s == sat
            )
        values[f"hc|{metric}"] = values[f"hc|{metric}|sat"] + values[f"hc|{metric}|week"]
        equations.append(rules.Equation(f"hc|{metric}", tuple(f"hc|{metric}|{m}" for m in months)))
        equations.append(rules.Equation(f"hc|{metric}", (f"hc|{metric}|sat", f"hc|{metric}|week")))
    hidden = rules.protect(values, equations, settings.threshold)

    def cell(name: str) -> Cell:
        return Cell(
            name,
            values[name],
            rules.shown(values[name], name in hidden, settings.threshold, settings.rounding),
        )

    rows = [
        Row(Month(first), [cell(f"hc|{m}|{month}") for m in METRICS])
        for first, month in zip(firsts, months, strict=True)
    ]
    rows.append(Row(_l("On Saturdays"), [cell(f"hc|{m}|sat") for m in METRICS]))
    rows.append(Row(_l("On other days"), [cell(f"hc|{m}|week") for m in METRICS]))
    rows.append(Row(_l("Total"), [cell(f"hc|{m}") for m in METRICS]))
    table = Table(
        "meetings",
        _l("Open meetings: who came (anonymous counts)"),
        [_l("Month"), *(METRIC_LABELS[m] for m in METRICS)],
        rows,
    )
    overall = rules.share(rows[-1].figure(3).shown, rows[-1].figure(0).shown)
    saturday = rules.share(rows[-3].figure(3).shown, rows[-3].figure(0).shown)
    weekday = rules.share(rows[-2].figure(3).shown, rows[-2].figure(0).shown)
    if overall is None:
        table.summary = _l("Too few visits counted to show the share of fathers.")
    else:
        table.summary = _l(
            "Fathers came to %(all)s%% of visits; on Saturdays to %(saturday)s.",
            all=overall,
            saturday=f"{saturday}%" if saturday is not None else "—",
        )
    table.chart = bar_chart(
        str(_l("Share of fathers among adults")),
        str(table.summary),
        [
            (str(_l("All days")), overall),
            (str(_l("On Saturdays")), saturday),
            (str(_l("On other days")), weekday),
        ],
        scale=100,
        suffix="%",
    )
    return table


def gaps(figures: Figures, service: str, cats, references, settings: Settings):
    """Reach index per reference figure, the largest gaps first; context-only figures apart."""
    lines, context = [], []
    for ref in references:
        if ref.dimension not in PROFILE_DIMENSIONS or ref.category not in cats.get(
            ref.dimension, []
        ):
            context.append(ref)
            continue
        cell = figures.cell(f"{service}|{ref.dimension}={ref.category}")
        answered = figures.cell(f"{service}|{ref.dimension}={ANSWERED}")
        ours = rules.share(cell.shown, answered.shown)
        bound = None
        if ours is None and isinstance(answered.shown, int) and answered.shown:
            bound = rules.share(settings.threshold, answered.shown)
        gap = (
            ours if ours is not None else (bound if bound is not None else 0)
        ) - ref.share_percent
        lines.append((gap, ref, ours, bound))
    lines.sort(key=lambda line: (line[0], line[1].label))
    rows = []
    for _gap, ref, ours, bound in lines:
        ours_text = (
            f"{ours}%" if ours is not None else (f"< {bound}%" if bound is not None else "—")
        )
        index = rules.reach_index(ours, ref.share_percent)
        rows.append(
            Row(
                ref.label,
                [
                    ours_text,
                    f"{ref.share_percent:g}%",
                    "—" if index is None else f"{index:.2f}",
                    f"{ref.source} ({ref.year})",
                ],
            )
        )
    table = Table(
        "gaps",
        _l("Who we don't reach yet"),
        [
            _l("Group"),
            _l("Among families we reach"),
            _l("In the area"),
            _l("Reach index"),
            _l("Source"),
        ],
        rows,
    )
    largest = rules.largest_gap([(ours, ref.share_percent) for _g, ref, ours, _b in lines])
    if largest is not None:
        table.summary = _l(
            "The largest gap: %(label)s (%(ours)s among our families, %(ref)s in the area).",
            label=lines[largest][1].label,
            ours=rows[largest].shown()[0],
            ref=rows[largest].shown()[1],
        )
    elif lines:
        table.summary = _l("No gap we can name: the figures are too small, or there is none.")
    else:
        table.summary = _l("No reference figures to compare with yet.")
    table.chart = bar_chart(
        str(table.title),
        str(table.summary),
        [
            (str(r.label), ours if ours is not None else r.shown()[0])
            for r, (_g, _ref, ours, _b) in zip(rows, lines, strict=True)
        ],
        scale=100,
        references=[ref.share_percent for _g, ref, _o, _b in lines],
        suffix="%",
    )
    return table, context

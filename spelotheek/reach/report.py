"""Assemble what the reach page shows from the counts: protected, rounded, labelled tables.

Everything here is pure (the counts come in as arguments), so the dashboard, the printable
page, the CSV and the API all show exactly the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from spelotheek.reach import rules
from spelotheek.reach import tables as build_tables
from spelotheek.reach.dimensions import DIMENSIONS, PROFILE_DIMENSIONS, categories, is_answer
from spelotheek.reach.figures import (  # noqa: F401  (re-exported for views, api and tests)
    ANSWERED,
    SERVICE_LABELS,
    Cell,
    Figures,
    Row,
    Settings,
    Table,
    category_label,
)
from spelotheek.welcome.figures import checkin_table


@dataclass
class Counts:
    """Everything counted in SQL for one period and service."""

    overlap: Mapping[tuple[bool, bool, bool], int]
    breakdowns: Mapping[tuple[str, ...], int]
    events: Mapping[str, int]
    head_counts: Mapping[tuple[str, bool], Mapping[str, int]]
    references: Sequence[object] = ()
    counted_at: datetime | None = None  # when the counts were taken (a snapshot may be older)
    # The check-in's taps per month ('YYYY-MM') → question → answer (spelotheek/welcome).
    checkin: Mapping[str, Mapping[str, Mapping[str, int]]] = field(default_factory=dict)


@dataclass
class Report:
    """The reach page for one period, service and breakdown."""

    start: date
    end: date
    service: str
    by: tuple[str, ...]
    settings: Settings
    tables: list[Table]
    context: list[object]
    values: dict[str, int]
    hidden: frozenset[str]
    counted_at: datetime | None = None

    @property
    def last_day(self) -> date:
        """The last day of the period."""
        return self.end - timedelta(days=1)

    def table(self, key: str) -> Table | None:
        """The table with this key, if shown."""
        return next((t for t in self.tables if t.key == key), None)


def _dimension_categories(dim: str, settings: Settings, found: set[str]) -> list[str]:
    base = list(categories(dim, settings.languages, settings.neighbourhoods))
    extra = sorted(found - set(base))  # answers from an older configuration
    return [*base[:-2], *extra, *base[-2:]] if dim in PROFILE_DIMENSIONS else base + extra


def build(
    start: date,
    end: date,
    service: str,
    by: tuple[str, ...],
    settings: Settings,
    counts: Counts,
) -> Report:
    """Protect every family count on the page, round what is shown, and label it."""
    figures = Figures(settings)
    tables: list[Table] = []
    svc = {name: f"svc:{name}" for name in SERVICE_LABELS}

    # Stage 0: the overlap between services (the same on every page of this period).
    ov = counts.overlap
    for lo in (0, 1):
        for me in (0, 1):
            figures.values[f"ov|{lo}|{me}"] = sum(
                n for (a, b, _c), n in ov.items() if int(a) == lo and int(b) == me
            )
    figures.values[svc["all"]] = sum(ov.values())
    figures.values[svc["loans"]] = sum(n for (a, _b, _c), n in ov.items() if a)
    figures.values[svc["meetings"]] = sum(n for (_a, b, _c), n in ov.items() if b)
    figures.values[svc["groups"]] = sum(n for (_a, _b, c), n in ov.items() if c)
    figures.values["ov|L0"] = figures.values["ov|0|0"] + figures.values["ov|0|1"]
    figures.values["ov|M0"] = figures.values["ov|0|0"] + figures.values["ov|1|0"]
    margin = {("L", 1): svc["loans"], ("L", 0): "ov|L0", ("M", 1): svc["meetings"]}
    margin[("M", 0)] = "ov|M0"
    overlap_eqs = rules.table_equations(
        svc["all"],
        [margin[("L", 1)], margin[("L", 0)]],
        [margin[("M", 1)], margin[("M", 0)]],
        lambda r, c: f"ov|{int(r != 'ov|L0')}|{int(c != 'ov|M0')}",
    )
    figures.protect(overlap_eqs)
    figures.hidden |= rules.primary(
        {svc["groups"]: figures.values[svc["groups"]]}, settings.threshold
    )

    # Stage 1: every single-dimension table of this service, with "answered" subtotals.
    found: dict[str, set[str]] = {d: set() for d in DIMENSIONS}
    for key in counts.breakdowns:
        if len(key) == 2:
            found[key[0]].add(key[1])
    cats = {d: _dimension_categories(d, settings, found[d]) for d in DIMENSIONS}
    single_eqs = []
    for dim, codes in cats.items():
        names = [f"{service}|{dim}={c}" for c in codes]
        for code, name in zip(codes, names, strict=True):
            figures.values[name] = counts.breakdowns.get((dim, code), 0)
        single_eqs.append(rules.Equation(svc[service], tuple(names)))
        if dim in PROFILE_DIMENSIONS:
            answered = f"{service}|{dim}={ANSWERED}"
            parts = tuple(n for c, n in zip(codes, names, strict=True) if is_answer(c))
            figures.values[answered] = sum(figures.values[p] for p in parts)
            single_eqs.append(rules.Equation(answered, parts))
            single_eqs.append(
                rules.Equation(
                    svc[service],
                    (answered, *(n for c, n in zip(codes, names, strict=True) if not is_answer(c))),
                )
            )
    figures.protect(single_eqs, keep={svc[service]})

    # Stage 2: a crossed table keeps the margins exactly as the single tables show them.
    if len(by) == 2:
        a, b = by
        for ca in cats[a]:
            for cb in cats[b]:
                figures.values[f"{service}|{a}={ca}|{b}={cb}"] = counts.breakdowns.get(
                    (a, ca, b, cb), 0
                )
        pair_eqs = rules.table_equations(
            svc[service],
            [f"{service}|{a}={c}" for c in cats[a]],
            [f"{service}|{b}={c}" for c in cats[b]],
            lambda r, c: f"{r}|{c.split('|', 1)[1]}",
        )
        keep = {eq.total for eq in pair_eqs}
        figures.protect(pair_eqs, keep=keep)

    tables.append(build_tables.headline(figures, service, svc, counts.events))
    tables.append(build_tables.overlap(figures, svc))
    tables.append(build_tables.breakdown(figures, service, by, cats))
    tables.append(build_tables.meetings(counts.head_counts, start, end, settings))
    if counts.checkin:  # no section before any door has a check-in
        tables.append(checkin_table(counts.checkin, settings))
    gaps, context = build_tables.gaps(figures, service, cats, counts.references, settings)
    tables.append(gaps)
    return Report(
        start,
        end,
        service,
        by,
        settings,
        tables,
        context,
        dict(figures.values),
        frozenset(figures.hidden),
        counts.counted_at,
    )

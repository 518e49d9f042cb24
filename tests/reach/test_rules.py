"""Disclosure control and the other pure rules, including property-based tests over random
tables and random datasets: nothing small is shown, nothing hidden can be worked out."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spelotheek.reach import report, rules
from spelotheek.reach.dimensions import DIMENSIONS, age_band

T = 10


# ---------------------------------------------------------------- an independent checker


def solve_by_lines(values, hidden, equations) -> set[str]:
    """Hidden figures a reader can work out line by line: a line with exactly one unknown
    gives it; what is learnt is used in the next lines, until nothing more comes out."""
    known = {k: v for k, v in values.items() if k not in hidden}
    learnt: set[str] = set()
    changed = True
    while changed:
        changed = False
        for eq in equations:
            members = [eq.total, *eq.parts]
            unknown = [m for m in members if m not in known]
            if len(unknown) != 1:
                if unknown and eq.total in known:
                    rest = known[eq.total] - sum(known[p] for p in eq.parts if p in known)
                    if rest == 0:  # counts are never negative: every unknown part is 0
                        for m in unknown:
                            known[m] = 0
                            learnt.add(m)
                        changed = True
                continue
            (name,) = unknown
            if name == eq.total:
                known[name] = sum(known[p] for p in eq.parts)
            else:
                known[name] = known[eq.total] - sum(known[p] for p in eq.parts if p != name)
            learnt.add(name)
            changed = True
    return learnt & set(hidden)


def null_space_free(values, hidden, equations) -> set[str]:
    """Hidden figures that some change of the hidden figures alone (keeping every equation)
    can move: the reader cannot pin them. Computed from a null-space basis."""
    names = sorted(hidden)
    rows = []
    for eq in equations:
        row = [Fraction(0)] * len(names)
        for i, n in enumerate(names):
            row[i] += eq.parts.count(n) - (1 if n == eq.total else 0)
        rows.append(row)
    # Gaussian elimination to find pivot columns; free columns span the null space.
    pivots, r = [], 0
    matrix = [row[:] for row in rows]
    for c in range(len(names)):
        p = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if p is None:
            continue
        matrix[r], matrix[p] = matrix[p], matrix[r]
        matrix[r] = [x / matrix[r][c] for x in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                f = matrix[i][c]
                matrix[i] = [a - f * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
    movable = set()
    for free in (c for c in range(len(names)) if c not in pivots):
        movable.add(names[free])
        for row_index, pc in enumerate(pivots):
            if matrix[row_index][free] != 0:
                movable.add(names[pc])
    return movable


def assert_safe(values, hidden, equations, threshold=T) -> None:
    for name, value in values.items():
        if name not in hidden:
            assert value == 0 or value >= threshold, name
        elif 0 < value < threshold:
            pass  # hidden, as it must be
    assert not solve_by_lines(values, hidden, equations)
    assert set(hidden) <= null_space_free(values, hidden, equations)
    for eq in equations:  # hidden parts of a shown total never add up to a small number
        parts = [p for p in eq.parts if p in hidden]
        if eq.total not in hidden and parts:
            assert sum(values[p] for p in parts) >= threshold or len(parts) == 0


def two_way(cells: list[list[int]]):
    rows = [f"r{i}" for i in range(len(cells))]
    cols = [f"c{j}" for j in range(len(cells[0]))]
    values = {f"x{i}{j}": v for i, row in enumerate(cells) for j, v in enumerate(row)}
    for i, row in enumerate(cells):
        values[rows[i]] = sum(row)
    for j in range(len(cells[0])):
        values[cols[j]] = sum(row[j] for row in cells)
    values["g"] = sum(map(sum, cells))
    equations = rules.table_equations("g", rows, cols, lambda r, c: f"x{r[1:]}{c[1:]}")
    return values, equations


counts = st.one_of(st.integers(0, 0), st.integers(1, 9), st.integers(10, 60))
tables = st.integers(2, 4).flatmap(
    lambda c: st.lists(st.lists(counts, min_size=c, max_size=c), min_size=1, max_size=4)
)


# ---------------------------------------------------------------- properties


@settings(max_examples=50, deadline=None)
@given(tables)
def test_no_small_count_is_shown_or_can_be_worked_out(cells) -> None:
    values, equations = two_way(cells)
    hidden = rules.protect(values, equations, T)
    assert_safe(values, hidden, equations)


@settings(max_examples=40, deadline=None)
@given(st.lists(counts, min_size=1, max_size=8), st.integers(5, 12))
def test_a_single_column_is_safe_for_any_threshold(parts, threshold) -> None:
    values = {f"p{i}": v for i, v in enumerate(parts)} | {"t": sum(parts)}
    equations = [rules.Equation("t", tuple(f"p{i}" for i in range(len(parts))))]
    hidden = rules.protect(values, equations, threshold)
    assert_safe(values, hidden, equations, threshold)


SETTINGS = report.Settings(T, 5, ("nl", "ar", "tr"), ("Noord", "Zuid"))
categories = {
    "home_language": ["nl", "ar", "tr", "declined", "unknown"],
    "household": ["one_adult", "more_adults", "declined", "unknown"],
    "usual_carer": ["mother", "father", "other", "declined", "unknown"],
    "neighbourhood": ["Noord", "Zuid", "outside", "declined", "unknown"],
    "youngest_child": ["under_1", "1_2", "3_5", "no_children", "unknown"],
    "new_or_returning": ["new", "returning"],
}
family = st.fixed_dictionaries({d: st.sampled_from(c) for d, c in categories.items()})
datasets = st.lists(family, min_size=0, max_size=60)
pairs = st.sampled_from(
    [("household",), ("usual_carer", "home_language"), ("household", "neighbourhood")]
)


def counts_of(families, by, service="all"):
    """The GROUP BY results for a list of families, as the queries would give them."""
    found: dict[tuple, int] = {}
    for f in families:
        for dim in DIMENSIONS:
            found[(dim, f[dim])] = found.get((dim, f[dim]), 0) + 1
        if len(by) == 2:
            key = (by[0], f[by[0]], by[1], f[by[1]])
            found[key] = found.get(key, 0) + 1
    return found


@settings(max_examples=50, deadline=None)
@given(datasets, pairs, st.integers(0, 12), st.integers(0, 12))
def test_every_figure_on_a_page_is_zero_the_marker_or_at_least_the_threshold(
    families, by, meeting_only, group_only
) -> None:
    overlap = {(True, False, False): len(families), (False, True, False): meeting_only}
    overlap[(False, False, True)] = group_only
    built = report.build(
        date(2026, 1, 1),
        date(2026, 4, 1),
        "loans",
        by,
        SETTINGS,
        report.Counts(overlap, counts_of(families, by), {}, {}, ()),
    )
    for table in built.tables:
        for row in table.rows:
            for cell in row.cells:
                if isinstance(cell, report.Cell):
                    assert cell.shown in (0, "<10") or cell.shown >= T
                    if cell.name in built.values:  # a family count (not visits or head counts)
                        assert (cell.shown == "<10") == (cell.name in built.hidden)
    # The exact counts equal a brute-force count of the dataset.
    for dim, cats in categories.items():
        for cat in cats:
            expected = sum(1 for f in families if f[dim] == cat)
            assert built.values[f"loans|{dim}={cat}"] == expected
    # The same figure shows the same way everywhere on the page.
    seen: dict[str, object] = {}
    for table in built.tables:
        for row in table.rows:
            for cell in row.cells:
                if isinstance(cell, report.Cell):
                    assert seen.setdefault(cell.name, cell.shown) == cell.shown


@settings(max_examples=30, deadline=None)
@given(datasets, pairs)
def test_nothing_hidden_on_a_page_can_be_worked_out(families, by) -> None:
    """Rebuild every equation a reader sees on the page and try to solve for hidden figures."""
    overlap = {(True, False, False): len(families)}
    built = report.build(
        date(2026, 1, 1),
        date(2026, 2, 1),
        "loans",
        by,
        SETTINGS,
        report.Counts(overlap, counts_of(families, by), {}, {}, ()),
    )
    equations = []
    for dim, cats in categories.items():
        parts = tuple(f"loans|{dim}={c}" for c in cats)
        equations.append(rules.Equation("svc:loans", parts))
    if len(by) == 2:
        a, b = by
        for ca in categories[a]:
            equations.append(
                rules.Equation(
                    f"loans|{a}={ca}", tuple(f"loans|{a}={ca}|{b}={cb}" for cb in categories[b])
                )
            )
        for cb in categories[b]:
            equations.append(
                rules.Equation(
                    f"loans|{b}={cb}", tuple(f"loans|{a}={ca}|{b}={cb}" for ca in categories[a])
                )
            )
    values = {n: built.values[n] for eq in equations for n in (eq.total, *eq.parts)}
    hidden = built.hidden & set(values)
    assert not solve_by_lines(values, hidden, equations)
    assert hidden <= null_space_free(values, hidden, equations)


# ---------------------------------------------------------------- examples


def test_the_only_small_cell_in_a_row_takes_a_second_cell_with_it() -> None:
    values = {"a": 3, "b": 20, "c": 15, "t": 38}
    hidden = rules.protect(values, [rules.Equation("t", ("a", "b", "c"))], T)
    assert hidden == {"a", "c"}  # the smallest other cell is the complement


def test_the_checker_finds_a_lonely_hidden_cell() -> None:
    values = {"a": 3, "b": 20, "t": 23}
    equations = [rules.Equation("t", ("a", "b"))]
    assert solve_by_lines(values, {"a"}, equations) == {"a"}
    assert rules.determined(values, {"a"}, equations) == {"a"}


def test_the_threshold_is_never_below_five() -> None:
    assert rules.threshold_from(3) == 5
    assert rules.threshold_from("12") == 12
    assert rules.threshold_from(None) == 10


def test_shown_counts_are_rounded_but_never_below_the_threshold() -> None:
    assert rules.shown(0, False, 10, 5) == 0
    assert rules.shown(4, True, 10, 5) == "<10"
    assert rules.shown(10, False, 10, 5) == 10
    assert rules.shown(12, False, 10, 5) == 10
    assert rules.shown(13, False, 10, 5) == 15
    assert rules.shown(7, False, 7, 5) == 10
    assert rules.shown(13, False, 10, 1) == 13


def test_periods_are_whole_months_and_bounded() -> None:
    assert rules.period(date(2026, 3, 15), date(2026, 5, 2)) == (date(2026, 3, 1), date(2026, 6, 1))
    assert rules.period(date(2025, 12, 1), date(2025, 12, 1)) == (
        date(2025, 12, 1),
        date(2026, 1, 1),
    )
    with pytest.raises(rules.ReachRuleError):
        rules.period(date(2026, 5, 1), date(2026, 3, 1))
    with pytest.raises(rules.ReachRuleError):
        rules.period(date(2020, 1, 1), date(2026, 1, 1))
    with pytest.raises(rules.ReachRuleError):
        rules.parse_month("2026-13")


def test_the_last_month_a_calendar_has_is_refused_not_a_crash() -> None:
    with pytest.raises(rules.ReachRuleError):
        rules.period(date(9999, 11, 1), date(9999, 12, 1))


def test_a_period_ending_in_the_last_month_of_the_calendar_is_refused_not_a_crash() -> None:
    with pytest.raises(rules.ReachRuleError) as refused:
        rules.period(date(9999, 1, 1), date(9999, 12, 1))
    assert str(refused.value) == "month"


def test_shares_and_the_reach_index() -> None:
    assert rules.share(18, 100) == 18
    assert rules.share("<10", 100) is None
    assert rules.reach_index(11, 22.0) == 0.5
    assert rules.reach_index(None, 22.0) is None


def test_age_bands_from_the_youngest_child() -> None:
    assert [age_band(m) for m in (-2, 0, 11, 12, 35, 36, 71, 72, 107, 108)] == [
        "expecting", "under_1", "under_1", "1_2", "1_2", "3_5", "3_5", "6_8", "6_8", "9_plus",
    ]  # fmt: skip
    assert age_band(None) == "no_children"


def test_a_row_hands_out_its_figures_and_shows_text_as_it_is() -> None:
    row = report.Row("Group", [report.Cell("loans|household=one_adult", 3, "<10"), "12%"])
    assert row.figure(0).name == "loans|household=one_adult"
    assert row.figure(-2).shown == "<10"
    assert row.shown() == ["<10", "12%"]  # the exact count (3) never comes out
    with pytest.raises(TypeError):
        row.figure(1)

"""Disclosure control and the other pure rules of reach statistics (no Flask, no database).

Counts of distinct families are protected as one system of linear equations per page: every
figure shown on a page has a name, and every "total = sum of parts" that a reader can check
(a table's margins, the same total in another table, the overlap between services) is an
`Equation`. `protect` hides small counts (primary suppression) and then more figures until no
hidden figure can be worked out from the shown ones (secondary suppression). Comparing two
periods is blunted by rounding every shown figure (see `shown`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import SupportsInt

MIN_THRESHOLD = 5
MAX_MONTHS = 36


class ReachRuleError(ValueError):
    """A request for statistics that cannot be answered as asked (message for people)."""


def threshold_from(setting: str | SupportsInt | None) -> int:
    """The suppression threshold: the setting, but never below 5."""
    try:
        value = int(setting)  # type: ignore[arg-type]  # None and junk: TypeError/ValueError below
    except (TypeError, ValueError):
        value = 10
    return max(MIN_THRESHOLD, value)


def rounding_from(setting: str | SupportsInt | None) -> int:
    """The rounding base for shown counts (1 = no rounding)."""
    try:
        return max(1, int(setting))  # type: ignore[arg-type]  # None: TypeError below
    except (TypeError, ValueError):
        return 5


def marker(threshold: int) -> str:
    """How a suppressed count is written: '<10'."""
    return f"<{threshold}"


# ---------------------------------------------------------------- periods


def parse_month(text: str | None) -> date | None:
    """'2026-03' → 2026-03-01; None when empty; ReachRuleError when not a month."""
    if not text:
        return None
    try:
        year, month = (int(part) for part in text.strip()[:7].split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        raise ReachRuleError("month") from None


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period(first: date, last: date) -> tuple[date, date]:
    """Whole calendar months from `first`'s month to `last`'s month: (start, end exclusive).

    Periods are whole months (a month or longer), so every figure covers a fixed block.
    """
    start = first.replace(day=1)
    try:
        end = add_months(last.replace(day=1), 1)
    except ValueError:  # December 9999 has no month after it: the period cannot end
        raise ReachRuleError("month") from None
    if end <= start:
        raise ReachRuleError("order")
    if (end.year - start.year) * 12 + end.month - start.month > MAX_MONTHS:
        raise ReachRuleError("length")
    return start, end


def months_between(start: date, end: date) -> list[date]:
    """The first days of the months in [start, end)."""
    months, day = [], start
    while day < end:
        months.append(day)
        day = add_months(day, 1)
    return months


def age_in_months(born_index: int, on: date) -> int:
    """Whole months between a birth month (year*12+month) and `on`'s month."""
    return on.year * 12 + on.month - born_index


# ---------------------------------------------------------------- disclosure control


@dataclass(frozen=True)
class Equation:
    """A relation a reader can check: `total` is the sum of `parts`."""

    total: str
    parts: tuple[str, ...]


def table_equations(
    grand: str, rows: Sequence[str], cols: Sequence[str] | None, cell: Callable[[str, str], str]
) -> list[Equation]:
    """The equations of a one- or two-way table whose margins are named by `rows`/`cols`."""
    if not cols:
        return [Equation(grand, tuple(rows))]
    equations = [Equation(r, tuple(cell(r, c) for c in cols)) for r in rows]
    equations += [Equation(c, tuple(cell(r, c) for r in rows)) for c in cols]
    equations += [Equation(grand, tuple(rows)), Equation(grand, tuple(cols))]
    return equations


def primary(values: Mapping[str, int], threshold: int) -> set[str]:
    """Counts from 1 to threshold−1."""
    return {name for name, value in values.items() if 0 < value < threshold}


def determined(
    values: Mapping[str, int], hidden: Iterable[str], equations: Sequence[Equation]
) -> set[str]:
    """The hidden figures whose exact value follows from the shown ones by the equations.

    A hidden figure is determined when its unit vector lies in the row space of the equations
    restricted to the hidden figures (reduced row echelon form, exact fractions). A line whose
    hidden parts must all be zero determines them too.
    """
    hidden_list = sorted(set(hidden))
    index = {name: i for i, name in enumerate(hidden_list)}
    rows: list[list[Fraction]] = []
    found: set[str] = set()
    for eq in equations:
        row = [Fraction(0)] * len(hidden_list)
        constant = 0  # sum of hidden parts − hidden total, as known from the shown figures
        for part in eq.parts:
            if part in index:
                row[index[part]] += 1
            else:
                constant += values.get(part, 0)
        if eq.total in index:
            row[index[eq.total]] -= 1
        else:
            constant = values.get(eq.total, 0) - constant
            hidden_parts = [p for p in eq.parts if p in index]
            if hidden_parts and constant == 0:
                found.update(hidden_parts)  # counts are never negative: all of them are 0
        if any(row):
            rows.append(row)
    found.update(hidden_list[i] for i in _unit_rows(rows, len(hidden_list)))
    return found


def _unit_rows(rows: list[list[Fraction]], width: int) -> list[int]:
    """Columns whose unit vector is a row of the reduced row echelon form of `rows`."""
    matrix = [r[:] for r in rows]
    pivot_row = 0
    for col in range(width):
        pick = next((r for r in range(pivot_row, len(matrix)) if matrix[r][col] != 0), None)
        if pick is None:
            continue
        matrix[pivot_row], matrix[pick] = matrix[pick], matrix[pivot_row]
        lead = matrix[pivot_row][col]
        matrix[pivot_row] = [x / lead for x in matrix[pivot_row]]
        for r in range(len(matrix)):
            if r != pivot_row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [
                    a - factor * b for a, b in zip(matrix[r], matrix[pivot_row], strict=True)
                ]
        pivot_row += 1
        if pivot_row == len(matrix):
            break
    units = []
    for row in matrix[:pivot_row]:
        nonzero = [i for i, x in enumerate(row) if x != 0]
        if len(nonzero) == 1:
            units.append(nonzero[0])
    return units


def _line_needs(
    eq: Equation,
    values: Mapping[str, int],
    hidden: set[str],
    threshold: int,
    keep: frozenset[str],
) -> str | None:
    """One more figure to hide for this line to protect its hidden parts, or None."""
    hidden_parts = [p for p in eq.parts if p in hidden]
    shown_parts = sorted(
        (p for p in eq.parts if p not in hidden),
        key=lambda p: (p in keep, values.get(p, 0) == 0, values[p]),
    )
    if eq.total not in hidden:
        # One hidden part alone is the total minus the others; several hidden parts that add
        # up to less than the threshold are each known to be small.
        weak = len(hidden_parts) == 1 or (
            hidden_parts and sum(values[p] for p in hidden_parts) < threshold
        )
        if weak:
            nonzero = [p for p in shown_parts if values[p] > 0]
            free = [p for p in nonzero if p not in keep]
            if free:
                return free[0]
            if eq.total not in keep or not nonzero:
                return eq.total
            return nonzero[0]
        return None
    if not hidden_parts and shown_parts:
        return shown_parts[0]  # the hidden total is the sum of its shown parts
    return None


def protect(
    values: Mapping[str, int],
    equations: Sequence[Equation],
    threshold: int,
    also_hide: Iterable[str] = (),
    keep: Iterable[str] = (),
) -> frozenset[str]:
    """The figures to hide so that no count from 1 to threshold−1 is shown or can be derived.

    `also_hide` is hidden from the start; figures in `keep` (shown elsewhere on the same page,
    already protected there) are hidden only when nothing else can protect a figure.
    """
    kept = frozenset(keep)
    hidden = primary(values, threshold) | set(also_hide)
    while True:
        changed = True
        while changed:
            changed = False
            for eq in equations:
                extra = _line_needs(eq, values, hidden, threshold, kept)
                if extra is not None and extra not in hidden:
                    hidden.add(extra)
                    changed = True
        exposed = determined(values, hidden, equations)
        if not exposed:
            return frozenset(hidden)
        hidden.add(_complement(sorted(exposed)[0], values, hidden, equations, kept))


def _complement(
    name: str,
    values: Mapping[str, int],
    hidden: set[str],
    equations: Sequence[Equation],
    keep: frozenset[str],
) -> str:
    """A shown figure next to `name` in one of its lines, smallest non-zero first."""
    lines = [eq for eq in equations if name == eq.total or name in eq.parts]
    candidates = {p for eq in lines for p in (*eq.parts, eq.total) if p not in hidden}
    if not candidates:
        candidates = {p for p in values if p not in hidden}
    if not candidates:
        raise RuntimeError("nothing left to hide")  # cannot happen: all hidden is undetermined
    return min(candidates, key=lambda p: (p in keep, values.get(p, 0) == 0, values.get(p, 0), p))


def shown(value: int, hidden: bool, threshold: int, base: int) -> int | str:
    """A count as shown: 0, the marker, or rounded to `base` and never below the threshold."""
    if hidden:
        return marker(threshold)
    if value == 0:
        return 0
    rounded = base * int(Fraction(value, base) + Fraction(1, 2))
    floor = -(-threshold // base) * base
    return max(rounded, floor)


def share(part: int | str, whole: int | str) -> int | None:
    """A whole percentage of two shown counts, or None when either is hidden or whole is 0."""
    if isinstance(part, str) or isinstance(whole, str) or not whole:
        return None
    return int(Fraction(100 * part, whole) + Fraction(1, 2))


def reach_index(ours: int | None, reference: float) -> float | None:
    """Our share ÷ the reference share (1.0: we reach this group as much as it lives here)."""
    if ours is None or reference <= 0:
        return None
    return round(ours / reference, 2)


def largest_gap(lines: Sequence[tuple[int | None, float]]) -> int | None:
    """Which line (our shown share, the area's share) has the largest gap we may name.

    A share hidden behind "< 10" is never named: saying it is the largest gap would tell
    what the page hides. Only groups we reach less than they live here count as a gap.
    """
    named = [
        (ours - reference, index)
        for index, (ours, reference) in enumerate(lines)
        if ours is not None and ours < reference
    ]
    return min(named)[1] if named else None

"""The check-in on the reach page: taps per quarter and question, protected by reach's rules.

Pure: the tallies come in as arguments. Small numbers are hidden with reach's own primary and
secondary suppression (reach.rules.protect), and shown figures are rounded as on the rest of
the page.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from spelotheek.reach import rules as reach_rules
from spelotheek.reach.charts import bar_chart
from spelotheek.reach.figures import Cell, Row, Settings, Table
from spelotheek.welcome.rules import ANSWERS, QUESTIONS

Tally = Mapping[str, Mapping[str, int]]

QUESTION_LABELS = {
    "welcome": _l("Did you feel welcome?"),
    "follow": _l("Could you follow what was said?"),
    "again": _l("Will you come again?"),
}
ANSWER_LABELS = {"yes": _l("Yes"), "bit": _l("A bit"), "no": _l("No")}


def quarter_of(month: str) -> str:
    """'2026-05' → '2026 Q2'."""
    year, number = month.split("-")
    return f"{year} Q{(int(number) - 1) // 3 + 1}"


def checkin_table(months: Mapping[str, Tally], settings: Settings) -> Table:
    """Taps per quarter, question and answer, and in total, with small numbers hidden."""
    quarters = sorted({quarter_of(m) for m in months})
    values: dict[str, int] = {}
    equations: list[reach_rules.Equation] = []
    for q in QUESTIONS:
        for a in ANSWERS:
            for quarter in quarters:
                values[f"ci|{quarter}|{q}|{a}"] = sum(
                    t[q][a] for m, t in months.items() if quarter_of(m) == quarter
                )
            values[f"ci|{q}|{a}"] = sum(values[f"ci|{p}|{q}|{a}"] for p in quarters)
            equations.append(
                reach_rules.Equation(f"ci|{q}|{a}", tuple(f"ci|{p}|{q}|{a}" for p in quarters))
            )
        for period in [*quarters, None]:
            at = f"ci|{period}|{q}" if period else f"ci|{q}"
            values[at] = sum(values[f"{at}|{a}"] for a in ANSWERS)
            equations.append(reach_rules.Equation(at, tuple(f"{at}|{a}" for a in ANSWERS)))
        equations.append(reach_rules.Equation(f"ci|{q}", tuple(f"ci|{p}|{q}" for p in quarters)))
    hidden = reach_rules.protect(values, equations, settings.threshold)

    def cell(name: str) -> Cell:
        return Cell(
            name,
            values[name],
            reach_rules.shown(values[name], name in hidden, settings.threshold, settings.rounding),
        )

    rows = []
    for period in [*quarters, None]:
        for q in QUESTIONS:
            at = f"ci|{period}|{q}" if period else f"ci|{q}"
            label: object = (
                _l(
                    "%(year)s, quarter %(quarter)s: %(question)s",
                    year=period[:4],
                    quarter=period[-1],
                    question=QUESTION_LABELS[q],
                )
                if period
                else _l("Whole period: %(question)s", question=QUESTION_LABELS[q])
            )
            rows.append(Row(label, [*(cell(f"{at}|{a}") for a in ANSWERS), cell(at)]))
    table = Table(
        "checkin",
        _l("Check-in at open meetings: three pictures (anonymous taps)"),
        [_l("When and what"), *(ANSWER_LABELS[a] for a in ANSWERS), _l("Total")],
        rows,
    )
    totals = rows[-len(QUESTIONS) :]
    shares = [reach_rules.share(r.figure(0).shown, r.figure(3).shown) for r in totals]
    if all(s is None for s in shares):
        table.summary = _l("Too few taps to show shares.")
    else:
        table.summary = _l("The share of 'yes' for each question, over the whole period.")
    table.chart = bar_chart(
        str(_l("Share of 'yes'")),
        str(table.summary),
        [(str(QUESTION_LABELS[q]), s) for q, s in zip(QUESTIONS, shares, strict=True)],
        scale=100,
        suffix="%",
    )
    return table

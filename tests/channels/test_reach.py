"""Which channels bring first visits, on the reach page: per kind and per channel, by month or
quarter, with small numbers hidden so that no total gives them away."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from spelotheek.channels import figures, services
from spelotheek.channels.rules import ChannelInfo
from spelotheek.reach import rules
from spelotheek.reach.figures import Settings
from tests.channels.conftest import make_channel
from tests.factories import login_as, make_user, staff_id

SETTINGS = Settings(threshold=10, rounding=1, languages=(), neighbourhoods=())
START, END = date(2026, 1, 1), date(2026, 7, 1)
CHANNELS = [
    ChannelInfo(1, "midwife", "De Bron"),
    ChannelInfo(2, "school", "De Regenboog"),
    ChannelInfo(3, "school", "Sint-Jan"),
]


def _table(tables, key):
    return next(t for t in tables if t.key == key)


def test_a_small_kind_is_hidden_and_cannot_be_worked_out_from_the_totals() -> None:
    counts = [
        (1, "scan", date(2026, 1, 5), 3),  # the midwife: 3 scans, a small number
        (2, "scan", date(2026, 1, 6), 40),
        (3, "scan", date(2026, 2, 6), 30),
    ]
    tables = figures.build(CHANNELS, counts, START, END, "quarter", SETTINGS)
    scans = _table(tables, "channels-scan")
    by_label = {str(row.label): row.shown() for row in scans.rows}
    assert by_label["Midwife practice"][-1] == "<10"
    # Two quarters in the period, then the total: the midwife's figure must not follow from
    # the school's and the grand total, nor its quarter from the quarter's total.
    school, total = by_label["School"], by_label["Total"]
    assert "<10" in (school[-1], total[-1])
    assert "<10" in (school[0], total[0])
    # The same protection on the page of each channel: one channel's scans are its kind's.
    each = {str(row.label): row.shown() for row in _table(tables, "channels-each").rows}
    assert each["De Bron (Midwife practice)"][0] == "<10"


def test_no_small_number_is_shown_in_any_channel_table() -> None:
    counts = [(c.id, "family", date(2026, m, 1), (c.id * m) % 7) for c in CHANNELS for m in (1, 4)]
    counts += [(2, "family", date(2026, 5, 1), 25)]
    tables = figures.build(CHANNELS, counts, START, END, "month", SETTINGS)
    shown = [v for t in tables for row in t.rows for v in row.shown()]
    assert all(v == 0 or v == "<10" or (isinstance(v, int) and v >= 10) for v in shown)


def test_months_or_quarters_as_columns() -> None:
    counts = [(2, "scan", date(2026, 3, 2), 12)]
    months = _table(figures.build(CHANNELS, counts, START, END, "month", SETTINGS), "channels-scan")
    quarters = _table(
        figures.build(CHANNELS, counts, START, END, "quarter", SETTINGS), "channels-scan"
    )
    assert [str(h) for h in months.headings[1:-1]] == [f"2026-0{m}" for m in range(1, 7)]
    assert [str(h) for h in quarters.headings[1:-1]] == ["2026-Q1", "2026-Q2"]
    assert figures.default_step(START, END) == "month"
    assert figures.default_step(date(2026, 1, 1), date(2027, 1, 1)) == "quarter"


def test_no_channels_no_rows_but_the_totals() -> None:
    tables = figures.build([], [], START, END, "month", SETTINGS)
    assert [len(t.rows) for t in tables] == [1, 1, 1]
    assert rules.marker(10) not in str([t.rows[0].shown() for t in tables])


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "REACH_ROUNDING": 1}


def test_the_coordinator_sees_which_channels_bring_first_visits(client, db) -> None:
    school = make_channel(db, name="Basisschool De Regenboog", kind="school")
    midwife = make_channel(db, name="De Bron", kind="midwife")
    for _ in range(12):
        services.count_scan(db, school, date(2026, 2, 3))
    services.count_scan(db, midwife, date(2026, 2, 4))
    coordinator = make_user(db, role="coordinator")
    db.commit()
    login_as(client, staff_id(coordinator))
    html = client.get(
        "/reach?from=2026-01&to=2026-03&step=month", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    assert "Which channels bring first visits" in html
    section = html[html.index('id="reach-channels-scan-h"') :]
    cells = [
        unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td>(.*?)</td>", section)
    ]
    midwife_row, school_row, total_row = cells[0:4], cells[4:8], cells[8:12]
    assert midwife_row == ["0", "<10", "0", "<10"]  # the single scan is never shown
    assert "<10" in (school_row[1], total_row[1])  # else 13 − 12 would give it away
    assert "<10" in (school_row[3], total_row[3])
    assert "Basisschool De Regenboog (School)" in html
    csv = client.get("/reach/export.csv?from=2026-01&to=2026-03&step=month").get_data(as_text=True)
    assert "Basisschool De Regenboog (School)" in csv

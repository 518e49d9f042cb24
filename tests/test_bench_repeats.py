"""The bench's repeats, new budgets and growth chart (issue 25): pure parts, without a server."""

from __future__ import annotations

import itertools
import time
import xml.etree.ElementTree as ET

import pytest

from bench import budgets, chart, load, machine, memory, repeats, report

SVG = "{http://www.w3.org/2000/svg}"


def _figures(p95: float, rps: float = 10.0, errors: int = 0) -> dict[str, float]:
    return {
        "count": 100,
        "errors": errors,
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "p99_ms": p95 * 1.2,
        "rps": rps,
    }


def test_three_runs_give_the_median_and_every_run_of_the_budget_figures() -> None:
    runs = [
        {"mix@1": {"home": _figures(30.0, 9.0)}},
        {"mix@1": {"home": _figures(12.0, 11.0, errors=1)}},
        {"mix@1": {"home": _figures(15.0, 10.0)}, "meta": {"ignored": True}},
    ]
    home = repeats.combine(runs)["mix@1"]["home"]
    assert home["p95_ms"] == 15.0 and home["rps"] == 10.0 and home["p50_ms"] == 7.5
    assert home["errors"] == 1  # an unexpected answer in any run is kept
    assert home["p95_ms_runs"] == [30.0, 12.0, 15.0]
    assert repeats.spread(home, "p95_ms") == (12.0, 30.0)
    assert "meta" not in repeats.combine(runs)


def test_an_endpoint_missing_from_a_run_takes_the_median_of_the_others() -> None:
    runs = [
        {"mix@1": {"home": _figures(10.0), "reach dashboard": _figures(100.0)}},
        {"mix@1": {"home": _figures(14.0)}},
    ]
    combined = repeats.combine(runs)["mix@1"]
    assert combined["reach dashboard"]["runs"] == 1
    assert repeats.spread(combined["reach dashboard"], "p95_ms") is None
    assert combined["home"]["p95_ms"] == 12.0
    with pytest.raises(ValueError, match="no runs"):
        repeats.combine([])


def test_the_floor_share_is_taken_within_each_run() -> None:
    runs = [
        {"lend@4": {"lend": _figures(10, rps=300)}, "floor@4": {"floor": _figures(9, rps=400)}},
        {"lend@4": {"lend": _figures(10, rps=150)}, "floor@4": {"floor": _figures(9, rps=200)}},
        {"floor@4": {"floor": _figures(9, rps=200)}},  # no lend figures: left out
    ]
    assert repeats.ratio_runs(runs, "lend@4", "floor@4", "lend") == [0.75, 0.75]


class _Desk:
    """A stand-in load worker: each call is recorded, in the order made; it lends `copies`."""

    def __init__(self, copies: int = 10_000) -> None:
        self.records: list[tuple[str, float, int]] = []
        self.calls: list[str] = []
        self.copies, self.out = copies, 0

    def _call(self, name: str) -> None:
        self.calls.append(name)
        self.records.append((name, 0.001, 201))
        time.sleep(0.002)

    def floor(self) -> None:
        self._call("floor")

    def lend_only(self) -> None:
        if not self.copies:
            raise load.OutOfItems
        self.copies, self.out = self.copies - 1, self.out + 1
        self._call("lend")

    def return_only(self) -> None:
        if not self.out:
            raise load.OutOfItems
        self.out -= 1
        self._call("return")


PHASES = [
    ("floor", lambda w: "floor"),
    ("lend", lambda w: "lend_only"),
    ("return", lambda w: "return_only"),
]


def test_the_floor_the_lend_and_the_return_are_measured_in_turns() -> None:
    desks = [_Desk(), _Desk()]
    measured = load.run_in_turns(desks, PHASES, 0.6)  # type: ignore[arg-type]
    for desk in desks:  # floor, lend, return, floor, …: each in load.TURNS slices
        turns = [name for name, _ in itertools.groupby(desk.calls)]
        assert turns == ["floor", "lend", "return"] * load.TURNS
        assert desk.calls.count("return") == desk.calls.count("lend") - desk.out
    for name, _ in PHASES:
        records, elapsed = measured[name]
        assert records and {record[0] for record in records} == {name}
        assert len(records) == sum(desk.calls.count(name) for desk in desks)
        assert elapsed < 1.0  # the slices' times added up
    assert measured["floor"][1] >= 0.6


def test_a_slice_ends_for_every_client_when_one_runs_out() -> None:
    """Timed at the full number of clients: the one with work left stops with the first."""
    short, long = _Desk(copies=3), _Desk()
    measured = load.run_in_turns([short, long], PHASES[1:2], 3.0)  # type: ignore[arg-type]
    assert short.calls.count("lend") == 3
    assert measured["lend"][1] < 0.5  # not the three seconds the long one could have gone on
    assert long.calls.count("lend") < 100


def test_the_table_shows_the_lowest_and_highest_run() -> None:
    combined = repeats.combine([{"mix@1": {"home": _figures(p95)}} for p95 in (16.0, 14.0, 19.5)])
    rows = report.table({"postgresql": {"city": combined}}, 1, 4)
    assert "| home | 8.0 | 16.0 (14.0–19.5) |" in rows


def _city_run(**overrides: float) -> dict[str, dict[str, object]]:
    mix = {
        name: _figures(overrides.get(name.replace(" ", "_"), 10.0))
        for name in ("lend", "home", "catalogue search", "meetups", "meetups.ics")
    }
    mix["meetups.ics 304"] = _figures(5.0)
    return {
        "mix@1": mix,
        "lend@4": {"lend": _figures(10, rps=overrides.get("lend_rps", 90))},
        "return@4": {"return": _figures(10, rps=overrides.get("return_rps", 80))},
        "floor@4": {"floor": _figures(8, rps=100)},
    }


def test_the_issue_25_budgets_hold_when_the_figures_do() -> None:
    assert budgets.check({"city": _city_run()}, 1, 4, "postgresql", False) == []


def test_a_desk_far_from_the_floor_misses_its_share() -> None:
    runs = {"city": _city_run(lend_rps=84, return_rps=74)}
    assert budgets.check(runs, 1, 4, "postgresql", False) == [
        "postgresql city: lend 84.0/s is 0.84 of the floor's 100.0/s (budget 0.85)",
        "postgresql city: return 74.0/s is 0.74 of the floor's 100.0/s (budget 0.75)",
    ]


def test_the_floor_shares_are_budgets_on_postgresql_and_shown_on_sqlite() -> None:
    runs = {"city": _city_run(lend_rps=60, return_rps=60)}
    shares = {"lend": [0.6, 0.6, 0.6], "return": [0.6, 0.6, 0.6]}
    assert budgets.check(runs, 1, 4, "sqlite", False, floor_shares=shares) == []
    assert len(budgets.check(runs, 1, 4, "postgresql", False, floor_shares=shares)) == 2


def test_with_repeats_the_floor_share_is_the_median_of_each_runs_own() -> None:
    # The medians of the rates would give 90/100 here; each run's own ratio says otherwise.
    runs = {"city": _city_run(lend_rps=90, return_rps=80)}
    shares = {"lend": [0.95, 0.80, 0.70], "return": [0.76, 0.90, 0.75]}
    assert budgets.check(runs, 1, 4, "postgresql", False, floor_shares=shares) == [
        "postgresql city: lend is 0.80 of the floor's throughput (runs: 0.95, 0.80, 0.70; "
        "budget 0.85)"
    ]


def test_the_meetings_page_holds_its_limit_at_flanders_size_too() -> None:
    runs = {
        "city": _city_run(meetups=19.0, home=15.0),
        "flanders": _city_run(meetups=21.0, home=21.0),
    }
    # Home is only held to twice city's there; the meetings page to its own limit as well.
    assert budgets.check(runs, 1, 4, "sqlite", False) == [
        "sqlite flanders: meetups p95 21.0 ms > 20 ms"
    ]


def test_public_pages_over_twenty_milliseconds_at_city_size_are_misses() -> None:
    runs = {"city": _city_run(home=20.5, catalogue_search=21.0)}
    assert budgets.check(runs, 1, 4, "postgresql", False) == [
        "postgresql city: home p95 20.5 ms > 20 ms",
        "postgresql city: catalogue search p95 21.0 ms > 20 ms",
    ]


def test_a_worker_over_its_memory_budget_is_a_miss() -> None:
    def run(*mb: float) -> list[dict[str, float]]:
        return [{"rss_mb": x, "pss_mb": x - 20} for x in mb]

    fits = {"city": [run(120, 140), run(151, 100), run(130)], "spelotheek": [run(400)]}
    assert budgets.check_memory(fits, "postgresql") == []  # median of the largest: 140
    heavy = {"city": [run(120, 160), run(151), run(130)]}
    assert budgets.check_memory(heavy, "postgresql") == [
        "postgresql city: a worker holds 151 MB after the load (budget 150 MB)"
    ]


def _points(drawn: str) -> dict[str, list[tuple[float, float]]]:
    root = ET.fromstring(drawn)  # noqa: S314  (our own SVG)
    legend = [t.text.split(" (")[0] for t in root.iter(f"{SVG}text") if t.text and "ms)" in t.text]
    lines = [p.get("points", "") for p in root.iter(f"{SVG}polyline")]
    return {
        name: [tuple(float(v) for v in pair.split(",")) for pair in points.split()]
        for name, points in zip(legend, lines, strict=True)
    }


def test_the_growth_chart_draws_a_line_per_endpoint_over_the_sizes() -> None:
    by_size = {
        "spelotheek": {"mix@1": {"home": _figures(10.0), "meetups": _figures(12.0)}},
        "city": {"mix@1": {"home": _figures(10.0), "meetups": _figures(30.0)}},
        "flanders": {"mix@1": {"home": _figures(10.0)}},  # meetups not measured there
    }
    sizes, lines = chart.series(by_size, 1, report.ORDER)
    assert sizes == ["spelotheek", "city", "flanders"]
    assert lines == {"home": [10.0, 10.0, 10.0], "meetups": [12.0, 30.0, None]}
    drawn = chart.svg("p95 against size", sizes, lines)
    points = _points(drawn)
    assert len(points["home"]) == 3 and len({y for _, y in points["home"]}) == 1  # flat
    assert len(points["meetups"]) == 2
    (x0, y0), (x1, y1) = points["meetups"]
    assert x1 > x0 and y1 < y0  # slower at city: higher on the page
    assert points["home"][0][1] > y0  # 10 ms sits below 12 ms
    assert "city 30.0 ms" in drawn and "flanders –" in drawn  # the text alternative


def test_the_chart_axis_ends_at_a_round_number_above_the_slowest() -> None:
    assert chart._nice_top(19.0) == 20 and chart._nice_top(21.0) == 25
    assert chart._nice_top(0.4) == 10 and chart._nice_top(260.0) == 500


def test_memory_is_read_for_each_child_of_a_process() -> None:
    import os
    import subprocess
    import sys

    script = "import time; print('ready', flush=True); time.sleep(30)"
    command = [sys.executable, "-c", script]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603  (a fixed child)
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"  # running
        assert child.pid in memory.children(os.getpid())
        figures = memory.workers_rss_mb(os.getpid())  # this worker's other children may come too
        assert figures and all(0 <= f["pss_mb"] <= f["rss_mb"] < 4096 for f in figures), figures
        # The child that runs Python: a few MB resident, part of it shared with nobody.
        rss_kb, pss_kb = memory._status_kb(child.pid, "VmRSS"), memory._pss_kb(child.pid)
        assert 2048 < rss_kb < 200_000 and 0 < pss_kb <= rss_kb, (rss_kb, pss_kb)
    finally:
        child.kill()
        child.communicate()  # reaped, its pipe closed


def test_the_memory_breakdown_follows_the_app_being_built() -> None:
    found = memory.breakdown("sqlite://")
    steps = dict(found["steps"])
    assert list(steps)[0] == "python" and list(steps)[-1] == "app built"
    assert {"flask", "sqlalchemy", "jinja2"} <= set(steps)
    assert not {"alembic", "boto3"} & set(steps)  # a worker does not load them (test_worker_memory)
    assert steps["app built"] >= steps["spelotheek imported"] > steps["python"] > 0
    assert "spelotheek" in found["loaded"] and "flask" in found["loaded"]


def test_the_share_of_cpu_time_the_host_took_is_read_between_two_readings() -> None:
    assert machine.stolen_percent((100, 10_000), (400, 16_000)) == 5.0
    assert machine.stolen_percent((100, 10_000), (100, 12_000)) == 0.0
    assert machine.stolen_percent(None, (100, 12_000)) is None
    assert machine.stolen_percent((100, 10_000), (100, 10_000)) is None  # no time passed
    ticks = machine.cpu_times()
    if ticks is None:
        pytest.skip("no /proc/stat on this system (the bench runs on Linux)")
    steal, total = ticks
    assert 0 <= steal <= total and total > 0

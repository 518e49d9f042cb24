"""Several runs of one measurement made into one: medians, with each figure's spread. Pure.

This machine's speed varies by a quarter or more within a session (issue 25), so one run cannot
tell a real difference from noise. Every measurement is made `BENCH_REPEATS` times (3), each on a
fresh copy of the dataset and a fresh server; the budgets read the median, and the tables show the
lowest and highest run beside it.
"""

from __future__ import annotations

from statistics import median
from typing import Any

FIGURES = ("p50_ms", "p95_ms", "p99_ms", "rps", "count")
SPREAD = ("p95_ms", "rps")  # the figures the budgets read, with their lowest and highest run


def combine(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One result (phase → endpoint → figures) from several: the median of each figure, the
    unexpected answers of all runs added up, and `<figure>_runs` listing every run's value for
    the figures in SPREAD. A phase or endpoint missing from a run is left out of its median."""
    if not runs:
        raise ValueError("no runs to combine")
    combined: dict[str, Any] = {}
    phases = sorted({phase for run in runs for phase in run if phase != "meta"})
    for phase in phases:
        endpoints = sorted({e for run in runs for e in run.get(phase, {})})
        combined[phase] = {}
        for endpoint in endpoints:
            seen = [run[phase][endpoint] for run in runs if endpoint in run.get(phase, {})]
            figures: dict[str, Any] = {
                name: round(median(float(f[name]) for f in seen), 2) for name in FIGURES
            }
            figures["count"] = int(figures["count"])
            figures["errors"] = sum(int(f["errors"]) for f in seen)
            figures["runs"] = len(seen)
            for name in SPREAD:
                figures[f"{name}_runs"] = [float(f[name]) for f in seen]
            combined[phase][endpoint] = figures
    return combined


def spread(figures: dict[str, Any], name: str) -> tuple[float, float] | None:
    """The lowest and highest run of one figure, or None for a single run."""
    values = figures.get(f"{name}_runs") or []
    return (min(values), max(values)) if len(values) > 1 else None


def ratio_runs(runs: list[dict[str, Any]], desk: str, floor: str, endpoint: str) -> list[float]:
    """Per run, the desk endpoint's throughput over the floor's (both alone, same clients):
    the ratio is taken within each run, where both met the same machine."""
    ratios = []
    for run in runs:
        d = run.get(desk, {}).get(endpoint, {}).get("rps")
        f = run.get(floor, {}).get("floor", {}).get("rps")
        if d is not None and f:
            ratios.append(round(float(d) / float(f), 3))
    return ratios

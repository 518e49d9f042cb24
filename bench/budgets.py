"""The budgets of issues 10, 19 and 25, checked against the figures of a bench run (the medians of
its repeats). Pure functions."""

from __future__ import annotations

from statistics import median
from typing import Any

DESK = ("card scan", "lend", "return")
# (endpoint, p95 limit in ms) in the realistic mix.
P95_LIMITS = (
    ("lend", 30.0),
    ("home", 20.0),  # issue 25
    ("catalogue search", 20.0),  # issue 25 (was 50)
    ("meetups", 20.0),  # issue 25: at city and at Flanders size
    ("meetups.ics", 20.0),
    ("reach dashboard", 300.0),
    ("directory search", 50.0),  # issue 19: 2,000 services in five languages
    ("hsds services", 80.0),
)
# The network's measured endpoints and their paths; measured when the tree serves them.
NETWORK_PATHS = {"directory search": "/help/search", "hsds services": "/api/v1/hsds/services"}
# Issue 25: each desk endpoint's throughput alone against the floor's, at the same clients, on
# PostgreSQL (the figures; production's database). SQLite's shares are shown only: there
# the floor's statements cost next to nothing (no round trip), so the share measures Python.
FLOOR_SHARES = (("lend", 0.85), ("return", 0.75))
FLOOR_SHARE_DATABASE = "postgresql"
GROWTH = 2.0  # flanders no worse than twice city
FLANDERS_LIMITS = ("meetups",)  # endpoints whose p95 limit holds at Flanders size too
WORKER_MB = 150.0  # issue 25: one app worker's resident memory after the mixed load, city size


def _figure(run: dict[str, Any], phase: str, endpoint: str, name: str) -> float | None:
    value = run.get(phase, {}).get(endpoint, {}).get(name)
    return None if value is None else float(value)


def _errors(runs: dict[str, dict[str, Any]], backend: str) -> list[str]:
    """Every endpoint that had unexpected answers, in any phase of any size."""
    return [
        f"{backend} {size}: {endpoint} had {figures['errors']} unexpected answers in {phase}"
        for size, results in runs.items()
        for phase, endpoints in results.items()
        for endpoint, figures in endpoints.items()
        if figures["errors"]
    ]


def check(
    runs: dict[str, dict[str, Any]],
    latency_level: int,
    throughput_level: int,
    backend: str,
    reach: bool,
    network: frozenset[str] = frozenset(),
    only: frozenset[str] = frozenset(),
    floor_shares: dict[str, list[float]] | None = None,
) -> list[str]:
    """Every missed budget for one database, as a sentence; empty when all hold.

    `runs` maps size name to that size's results (phase@level → endpoint → figures). Latency
    budgets are read from the mixed load at `latency_level` clients; the lend/floor throughput
    ratio from the lend and floor phases at `throughput_level` clients (cores saturated).
    `network`: the network endpoints the tree serves; `only`: a subset run (BENCH_ONLY), whose
    budgets alone are checked. `floor_shares`: per desk endpoint, city's throughput over the
    floor's taken within each repeated run; their median is checked when given (bench/repeats.py).
    """
    missed: list[str] = []
    city = runs.get("city")
    mix = f"mix@{latency_level}"
    floor = f"floor@{throughput_level}"
    if city is None:
        return [f"{backend}: no city-size run, so the budgets were not checked"]
    for endpoint, limit in P95_LIMITS:
        if endpoint == "reach dashboard" and not reach:
            continue
        if endpoint in NETWORK_PATHS and (endpoint not in network or backend != "postgresql"):
            continue  # issue 19 sets these on PostgreSQL; SQLite's figures are only shown
        if only and endpoint not in only:
            continue
        p95 = _figure(city, mix, endpoint, "p95_ms")
        if p95 is None:
            missed.append(f"{backend} city: no figures for {endpoint}")
        elif p95 > limit:
            missed.append(f"{backend} city: {endpoint} p95 {p95:.1f} ms > {limit:.0f} ms")
    if only:  # a subset run: no desk phases, no calendar feed
        return missed + _errors(runs, backend)
    floor_rps = _figure(city, floor, "floor", "rps")
    for desk, share in FLOOR_SHARES:
        desk_rps = _figure(city, f"{desk}@{throughput_level}", desk, "rps")
        runs_share = (floor_shares or {}).get(desk)
        if backend != FLOOR_SHARE_DATABASE:  # shown, not a budget: only missing figures count
            if desk_rps is None or not floor_rps:
                missed.append(f"{backend} city: no {desk} or floor throughput")
            continue
        if runs_share:
            if median(runs_share) < share:
                listed = ", ".join(f"{r:.2f}" for r in runs_share)
                missed.append(
                    f"{backend} city: {desk} is {median(runs_share):.2f} of the floor's "
                    f"throughput (runs: {listed}; budget {share:.2f})"
                )
            continue
        if desk_rps is None or not floor_rps:
            missed.append(f"{backend} city: no {desk} or floor throughput")
        elif desk_rps < share * floor_rps:
            missed.append(
                f"{backend} city: {desk} {desk_rps:.1f}/s is {desk_rps / floor_rps:.2f} "
                f"of the floor's {floor_rps:.1f}/s (budget {share:.2f})"
            )
    repeat = city.get(mix, {}).get("meetups.ics 304")
    if not repeat or repeat["errors"]:
        missed.append(f"{backend} city: /meetups.ics does not answer 304 on a repeat")
    missed += _errors(runs, backend)
    flanders = runs.get("flanders")
    if flanders is not None:
        for endpoint, figures in city.get(mix, {}).items():
            big = _figure(flanders, mix, endpoint, "p95_ms")
            if big is not None and big > GROWTH * figures["p95_ms"]:
                missed.append(
                    f"{backend} flanders: {endpoint} p95 {big:.1f} ms is more than twice "
                    f"city's {figures['p95_ms']:.1f} ms"
                )
        for endpoint, limit in P95_LIMITS:
            big = _figure(flanders, mix, endpoint, "p95_ms")
            if endpoint in FLANDERS_LIMITS and big is not None and big > limit:
                missed.append(f"{backend} flanders: {endpoint} p95 {big:.1f} ms > {limit:.0f} ms")
    return missed


def check_memory(workers_mb: dict[str, list[list[dict[str, float]]]], backend: str) -> list[str]:
    """The largest worker's resident memory after the load, per size (median of the runs)."""
    missed = []
    runs = workers_mb.get("city") or []
    largest = [max(w["rss_mb"] for w in run) for run in runs if run]
    if largest:
        middle = median(largest)
        if middle > WORKER_MB:
            missed.append(
                f"{backend} city: a worker holds {middle:.0f} MB after the load "
                f"(budget {WORKER_MB:.0f} MB)"
            )
    return missed


# Issue 21: due reminders queued and handed to the stand-in provider through RQ, none twice.
MESSAGES_COUNT = 10_000
MESSAGES_SECONDS = 60.0


def check_messages(figures: dict[str, Any]) -> list[str]:
    """Every missed promise of the message bench, as a sentence; empty when all hold."""
    missed = []
    count = figures["messages"]
    if figures["seconds"] > MESSAGES_SECONDS:
        missed.append(
            f"messages: {count} took {figures['seconds']} s (budget {MESSAGES_SECONDS:.0f} s)"
        )
    if figures["sent_twice"]:
        missed.append(f"messages: {figures['sent_twice']} sent twice")
    if figures["sent"] != count or figures["provider_took"] != count:
        missed.append(
            f"messages: {figures['sent']} marked sent, {figures['provider_took']} taken "
            f"by the provider, of {count}"
        )
    return missed


# Issue 23: the lend load through nginx to two instances, against one instance directly (the same
# gunicorn workers in all, one 2-core machine): the cost of nginx and a second instance.
NGINX_SHARE = 0.9


def check_nginx(figures: dict[str, Any]) -> list[str]:
    """Every missed promise of the nginx bench, as a sentence; empty when all hold."""
    missed = []
    if figures["ratio"] < NGINX_SHARE:
        missed.append(
            f"nginx: two instances through nginx lend {figures['pair_rps']}/s, "
            f"{figures['ratio']}× one instance's {figures['single_rps']}/s (budget {NGINX_SHARE}×)"
        )
    if figures["errors"]:
        missed.append(f"nginx: {figures['errors']} unexpected answers")
    return missed

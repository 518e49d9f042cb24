"""`make bench`: generate (or reuse) datasets, serve them as deployed, drive them, check budgets.

Environment:
  BENCH_SIZES      spelotheek,city (default) — add flanders, or use `make bench-all`
  BENCH_DATABASES  postgresql,sqlite (default)
  BENCH_LEVELS     1,4,16 — concurrent clients
  BENCH_SECONDS    15 — the mixed phase per level (floor and lend: a quarter, scan: a fifth)
  BENCH_LATENCY_LEVEL 1 — clients at which the p95 budgets are checked (mixed load)
  BENCH_THROUGHPUT_LEVEL 4 — clients at which lend throughput is compared with the floor
  BENCH_WORKERS    3 — gunicorn workers, as README's Deploying section
  BENCH_REPEATS    3 — runs per size and database, each on a fresh copy: medians and spread
  BENCH_PROFILE    1 — a py-spy flame graph of lend and return (city size); 0 skips it
  BENCH_ONLY       measure only these endpoints of the mix, comma-separated (e.g.
                   "directory search,hsds services"); the desk phases are skipped and only
                   their budgets checked. "messages" is the message bench (bench/messages.py):
                   10,000 reminders through RQ to a stand-in provider, on PostgreSQL;
                   "nginx" is the nginx bench (bench/nginx.py): the lend load through nginx to
                   two instances against one instance directly; "profile" draws only the
                   flame graphs of lend and return, for the last size named

Exits 1 when a budget is missed, and says which.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask

from bench import budgets, chart, generate, machine, memory, repeats, report
from spelotheek.paths import ROOT

BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results.json"
TABLE = ROOT / "bench" / "results.md"
ONLY_RESULTS = generate.DATA / "results-only.json"
ONLY_TABLE = generate.DATA / "results-only.md"
SECRET = "bench-secret-key-on-loopback-only"  # noqa: S105 - a throwaway server


def _setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=url, SECRET_KEY=SECRET, BENCH_FLOOR="1", PYTHONPATH=str(ROOT))
    env["BASE_URL"] = "http://127.0.0.1"  # the server runs in production mode, on loopback
    for name in ("SPELOTHEEK_DEMO", "REDIS_URL"):
        env.pop(name, None)
    return env


def _app() -> Flask:
    """A throwaway app, only to read its routes."""
    from spelotheek import create_app

    return create_app(
        {"SECRET_KEY": SECRET, "DATABASE_URL": "sqlite://", "BASE_URL": "http://127.0.0.1"}
    )


def has_reach() -> bool:
    """True when the reach feature's dashboard exists in this tree."""
    return "reach.dashboard" in _app().view_functions


def network_endpoints() -> frozenset[str]:
    """The network's measured endpoints (directory search, HSDS list) this tree serves."""
    paths = {rule.rule for rule in _app().url_map.iter_rules()}
    return frozenset(name for name, path in budgets.NETWORK_PATHS.items() if path in paths)


def _wait_until_up(base: str, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped while starting; see bench/data/server.log")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as answer:  # noqa: S310  (loopback)
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not answer /health in time")


@dataclass
class Served:
    """One dataset served by gunicorn for a bench: where, as whom, and the server itself."""

    base: str
    token: str
    fixture_path: Path
    server: subprocess.Popen


@contextmanager
def served(size: str, backend: str) -> Iterator[Served]:
    """Serve a fresh working copy of one dataset with gunicorn; stop and drop it afterwards."""
    _url, fixture = generate.ensure(size, backend)
    url = generate.working_copy(size, backend)
    env = _env(url)
    token = subprocess.run(  # noqa: S603  (our own command, fixed arguments, no shell)
        [str(BIN / "spelotheek"), "create-token", fixture["desk"], "--label", "bench"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(generate.DATA / "server.log", "a")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603  (gunicorn, fixed arguments, no shell)
        [
            str(BIN / "gunicorn"),
            "--workers",
            _setting("BENCH_WORKERS", "3"),
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "bench.wsgi:app",
        ],
        env=env,
        stdout=log,
        stderr=log,
        cwd=ROOT,
    )
    fixture_path = generate.DATA / f"fixture-{size}-{backend}.json"
    fixture_path.write_text(json.dumps(fixture))
    try:
        _wait_until_up(base, server)
        yield Served(base, token, fixture_path, server)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        generate.drop_working_copy(size, backend)


def load_command(
    serving: Served, out: Path, reach: bool, network: frozenset[str], only: frozenset[str]
) -> list[str]:
    """The load driver's command line (bench/load.py) for one served dataset."""
    command = [
        sys.executable,
        "-m",
        "bench.load",
        "--base",
        serving.base,
        "--fixture",
        str(serving.fixture_path),
        "--token",
        serving.token,
        "--out",
        str(out),
        "--levels",
        _setting("BENCH_LEVELS", "1,4,16"),
        "--seconds",
        _setting("BENCH_SECONDS", "15"),
        "--workers",
        _setting("BENCH_WORKERS", "3"),
    ]
    if reach:
        command.append("--reach")
    if network:
        command += ["--network", ",".join(sorted(network))]
    if only:
        command += ["--only", ",".join(sorted(only))]
    return command


def bench_one(
    size: str,
    backend: str,
    reach: bool,
    network: frozenset[str] = frozenset(),
    only: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Serve one dataset with gunicorn and drive it from a separate process; the workers'
    resident memory is read after the load (issue 25)."""
    out = generate.DATA / f"load-{size}-{backend}.json"
    with served(size, backend) as serving:
        load_before, ticks_before = os.getloadavg(), machine.cpu_times()
        command = load_command(serving, out, reach, network, only)
        subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603  (our own load driver)
        load_after, ticks_after = os.getloadavg(), machine.cpu_times()
        rss = memory.workers_rss_mb(serving.server.pid)
    results = json.loads(out.read_text())
    results["meta"] = {
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "stolen_percent": machine.stolen_percent(ticks_before, ticks_after),
        "workers_rss_mb": rss,
    }
    return results


def bench_repeated(
    size: str,
    backend: str,
    reach: bool,
    network: frozenset[str] = frozenset(),
    only: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """`BENCH_REPEATS` runs of one dataset, each on a fresh copy and server: the medians, each
    figure's runs, every run's lend and return throughput over the floor's, and memory."""
    count = max(int(_setting("BENCH_REPEATS", "3")), 1)
    busy = int(_setting("BENCH_THROUGHPUT_LEVEL", "4"))
    runs = []
    for number in range(1, count + 1):
        print(f"bench: {size} on {backend}, run {number} of {count}", flush=True)
        runs.append(bench_one(size, backend, reach, network, only))
    results = repeats.combine(runs)
    results["meta"] = {
        "runs": count,
        "load_average_before": [r["meta"]["load_average_before"][0] for r in runs],
        "stolen_percent": [r["meta"]["stolen_percent"] for r in runs],
        "workers_rss_mb": [r["meta"]["workers_rss_mb"] for r in runs],
        "floor_share": {
            desk: repeats.ratio_runs(runs, f"{desk}@{busy}", f"floor@{busy}", desk)
            for desk in ("lend", "return")
        },
    }
    return results


def growth_charts(runs: dict[str, dict[str, Any]], level: int) -> list[Path]:
    """Per database with two sizes or more: p95 against size for every endpoint of the mix,
    drawn as bench/growth-<database>.svg."""
    drawn = []
    for backend, by_size in runs.items():
        sizes, lines = chart.series(by_size, level, report.ORDER)
        if len(sizes) < 2:
            continue
        path = ROOT / "bench" / f"growth-{backend}.svg"
        title = f"p95 against dataset size, {backend}, mixed load at {level} client(s)"
        path.write_text(chart.svg(title, sizes, lines))
        drawn.append(path)
    return drawn


def messages_section(figures: dict[str, Any]) -> str:
    """The message bench's line in results.md."""
    return (
        "\n## Short messages (issue 21)\n\n"
        f"{figures['messages']} due reminders queued (PostgreSQL) and handed to the stand-in "
        f"provider by {figures['workers']} RQ workers in {figures['seconds']} s "
        f"({figures['per_second']}/s; queued in {figures['queued_seconds']} s), "
        f"{figures['sent_twice']} sent twice (budget: {budgets.MESSAGES_SECONDS:.0f} s).\n"
    )


def nginx_section(figures: dict[str, Any]) -> str:
    """The nginx bench's lines in results.md."""
    from bench import nginx

    return nginx.section(figures)


def main() -> int:
    """Run the bench for every chosen size and database; 1 when a budget is missed."""
    sizes = _setting("BENCH_SIZES", "spelotheek,city").split(",")
    backends = _setting("BENCH_DATABASES", "postgresql,sqlite").split(",")
    level = int(_setting("BENCH_LATENCY_LEVEL", "1"))
    busy = int(_setting("BENCH_THROUGHPUT_LEVEL", "4"))
    only = frozenset(filter(None, (x.strip() for x in _setting("BENCH_ONLY", "").split(","))))
    if only == {"messages"}:
        from bench import messages

        return messages.main()
    if only == {"nginx"}:
        from bench import nginx

        return nginx.main()
    if only == {"profile"}:
        from bench import profile

        for backend in backends:
            profile.flame_graph(sizes[-1], backend, busy)
        return 0
    network = network_endpoints()
    reach = has_reach() and (not only or "reach dashboard" in only)
    missing = {name for name in budgets.NETWORK_PATHS if name not in network}
    if missing:
        print(f"bench: not in this tree, so not measured: {', '.join(sorted(missing))}")
    runs: dict[str, dict[str, Any]] = {}
    for backend in backends:
        for size in sizes:
            runs.setdefault(backend, {})[size] = bench_repeated(size, backend, reach, network, only)
    missed: list[str] = []
    for backend, by_size in runs.items():
        figures = {s: {k: v for k, v in r.items() if k != "meta"} for s, r in by_size.items()}
        shares = by_size.get("city", {}).get("meta", {}).get("floor_share")
        missed += budgets.check(figures, level, busy, backend, reach, network, only, shares)
        worker_mb = {s: r["meta"]["workers_rss_mb"] for s, r in by_size.items()}
        missed += budgets.check_memory(worker_mb, backend)
    meta = {b: {s: r["meta"] for s, r in by.items()} for b, by in runs.items()}
    building: dict[str, Any] = {}
    flames: list[Path] = []
    try:  # extras: a failure here must not throw away the runs measured above
        building = memory.breakdown("sqlite://") if not only else {}
        if not only and _setting("BENCH_PROFILE", "1") != "0":
            from bench import profile

            profiled = "city" if "city" in sizes else sizes[0]
            for backend in backends:
                print(f"bench: lend and return on {backend} under py-spy", flush=True)
                drawn = profile.flame_graph(profiled, backend, busy)
                flames += [drawn] if drawn else []
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        print(f"bench: memory breakdown or flame graph failed: {error!r}", file=sys.stderr)
    charts = growth_charts(runs, level) if not only else []
    sent: dict[str, Any] = {}
    if "postgresql" in backends and (not only or "messages" in only):
        from bench import messages

        print("bench: short messages through RQ", flush=True)
        sent = messages.measure()
        missed += budgets.check_messages(sent)
    behind_nginx: dict[str, Any] = {}
    if "postgresql" in backends and not only:
        from bench import nginx

        print("bench: two instances behind nginx against one", flush=True)
        behind_nginx = nginx.measure()
        missed += budgets.check_nginx(behind_nginx)
    document = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
        "latency_level": level,
        "throughput_level": busy,
        "workers": int(_setting("BENCH_WORKERS", "3")),
        "only": sorted(only),
        "runs": runs,
        "messages": sent,
        "nginx": behind_nginx,
        "memory": building,
        "missed": missed,
    }
    # A subset run keeps its figures apart: the committed results stay those of a full run.
    results, table = (ONLY_RESULTS, ONLY_TABLE) if only else (RESULTS, TABLE)
    results.write_text(json.dumps(document, indent=1) + "\n")
    plain = {
        b: {s: {k: v for k, v in r.items() if k != "meta"} for s, r in by.items()}
        for b, by in runs.items()
    }
    load = {
        f"{b} {s}": " / ".join(str(x) for x in r["meta"]["load_average_before"])
        for b, by in runs.items()
        for s, r in by.items()
    }
    stolen = {
        f"{b} {s}": " / ".join(str(x) for x in r["meta"]["stolen_percent"])
        for b, by in runs.items()
        for s, r in by.items()
    }
    table.write_text(
        f"# Bench results ({document['when']})\n\n"
        f"{os.cpu_count()} CPUs, gunicorn {document['workers']} workers; load average (1 min) "
        f"at the start of each run: "
        + ", ".join(f"{k} {v}" for k, v in load.items())
        + "; CPU time the virtual machine's host took (steal, %) during each run: "
        + ", ".join(f"{k} {v}" for k, v in stolen.items())
        + "\n\n## Budgets\n\n"
        + ("\n".join(f"- MISSED: {m}" for m in missed) or "All budgets hold.")
        + f"\n\nLatency budgets are read from the mixed load at {level} client(s); the lend's "
        f"and the return's throughput are compared with the floor's, each alone at {busy} "
        "clients, the three in turns (a budget on PostgreSQL, shown on SQLite).\n\n"
        "## Budget figures\n\n"
        + report.table(plain, level, busy)
        + "## Throughput against the floor, run by run\n\n"
        + report.floor_share_lines(meta)
        + "\n## Memory\n\n"
        + report.memory_lines(meta)
        + (report.building_lines(building) if building else "")
        + "\n## By concurrency\n\n"
        + report.levels_table(plain)
        + "".join(f"\n![p95 against dataset size]({c.name})\n" for c in charts)
        + "".join(f"\nFlame graph of lend and return: [{f.name}]({f.name})\n" for f in flames)
        + (messages_section(sent) if sent else "")
        + (nginx_section(behind_nginx) if behind_nginx else "")
    )
    print(table.read_text())
    if missed:
        print("bench: budgets missed:\n  " + "\n  ".join(missed), file=sys.stderr)
        return 1
    print("bench: every budget holds")
    return 0


if __name__ == "__main__":
    sys.exit(main())

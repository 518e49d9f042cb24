"""The nginx bench (issue 23): the lend load through nginx to two instances, against one instance
directly, with the same gunicorn workers in all. On one 2-core machine this measures what nginx
and a second instance cost, not what they gain.

    BENCH_ONLY=nginx make bench        (or .venv/bin/python -m bench.nginx)

Environment: BENCH_NGINX_SIZE (spelotheek: the dataset), BENCH_NGINX_WORKERS (4 gunicorn workers
in all: one instance of 4, or two of 2), BENCH_NGINX_CLIENTS (8), BENCH_NGINX_SECONDS (5 per
window), BENCH_NGINX_ROUNDS (6: a window of each setup per round, in turns).
Each client lends a copy and takes it back, over and over (its own cards and copies), through
deploy/'s gunicorn configuration and nginx template (bench/cluster.py). Exits 1 when the ratio is
below the budget (bench/budgets.py) or an answer was not the expected one.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median
from typing import Any

from bench import budgets, generate
from bench.cluster import Cluster, has_nginx
from bench.load import Worker, run_phase, summarise

RESULT = generate.DATA / "nginx.json"
SECRET = "bench-secret-key-on-loopback-only"  # noqa: S105 - a throwaway server
BIN = Path(sys.executable).parent


def _number(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _token(env: dict[str, str], fixture: dict[str, Any]) -> str:
    return subprocess.run(  # noqa: S603  (our own command, fixed arguments, no shell)
        [str(BIN / "spelotheek"), "create-token", fixture["desk"], "--label", "bench nginx"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _crew(base: str, token: str, fixture: dict[str, Any], clients: int) -> list[Worker]:
    """Clients that each lend their own copies to their own cards and take them back."""
    return [
        Worker(
            base,
            token,
            "",
            fixture["cards"][i::clients],
            fixture["items"][i::clients],
            fixture["words"],
            random.Random(2000 + i),  # noqa: S311  (seeded load pattern, not a secret)
        )
        for i in range(clients)
    ]


def _window(crew: list[Worker], seconds: float) -> dict[str, Any]:
    records, elapsed = run_phase(crew, lambda w: "lend_return", seconds)
    return summarise(records, elapsed)


def measure() -> dict[str, Any]:
    """One instance directly and two behind nginx, both running, measured in turns; figures.

    The two setups run side by side on one database copy (each window returns what it lent),
    and are measured in alternating windows: on a shared machine the load of others drifts,
    and neighbouring windows see the same drift. The ratio is the median of each round's.
    """
    if not has_nginx():
        raise SystemExit("bench: nginx is not installed (apt-get install nginx)")
    size = os.environ.get("BENCH_NGINX_SIZE") or "spelotheek"
    workers = _number("BENCH_NGINX_WORKERS", 4)
    clients = _number("BENCH_NGINX_CLIENTS", 8)
    seconds = float(_number("BENCH_NGINX_SECONDS", 5))
    rounds = _number("BENCH_NGINX_ROUNDS", 6)
    _url, fixture = generate.ensure(size, "postgresql")
    url = generate.working_copy(size, "postgresql")
    # Empty counts as not set: no Redis (as the other desk benches), no demo mode.
    outside = {"REDIS_URL": "", "SPELOTHEEK_DEMO": "", "BENCH_FLOOR": ""}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as folder:
        setups = {
            count: Cluster(
                Path(folder) / f"{count}",
                {
                    **outside,
                    "DATABASE_URL": url,
                    "SECRET_KEY": SECRET,
                    "WEB_CONCURRENCY": str(workers // count),
                },
                count=count,
            )
            for count in (1, 2)
        }
        try:
            for cluster in setups.values():
                cluster.start()
            token = _token(setups[1].env, fixture)
            crews = {
                1: _crew(setups[1].instance(0), token, fixture, clients),
                2: _crew(setups[2].nginx, token, fixture, clients),
            }
            for crew in crews.values():
                _window(crew, min(3.0, seconds))  # warm every worker process
            windows: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
            for _round in range(rounds):
                for count, crew in crews.items():
                    windows[count].append(_window(crew, seconds))
                single, pair = (windows[n][-1]["lend"]["rps"] for n in (1, 2))
                print(f"bench nginx: direct {single} lends/s, nginx {pair} lends/s", flush=True)
        finally:
            for cluster in setups.values():
                cluster.stop()
            generate.drop_working_copy(size, "postgresql")
    single_rps = [w["lend"]["rps"] for w in windows[1]]
    pair_rps = [w["lend"]["rps"] for w in windows[2]]
    return {
        "size": size,
        "workers": workers,
        "clients": clients,
        "seconds": seconds,
        "rounds": rounds,
        "single_rps": median(single_rps),
        "pair_rps": median(pair_rps),
        "ratio": round(median(p / s for p, s in zip(pair_rps, single_rps, strict=True)), 3),
        "single_p95_ms": median(w["lend"]["p95_ms"] for w in windows[1]),
        "pair_p95_ms": median(w["lend"]["p95_ms"] for w in windows[2]),
        "errors": sum(
            w[n]["errors"] for ws in windows.values() for w in ws for n in ("lend", "return")
        ),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "windows": windows,
    }


def section(figures: dict[str, Any]) -> str:
    """The nginx bench's lines in results.md."""
    return (
        "\n## Two instances behind nginx (issue 23)\n\n"
        f"Lend and take back at {figures['clients']} clients, {figures['workers']} gunicorn "
        f"workers in all ({figures['size']} dataset, PostgreSQL; {figures['rounds']} rounds of "
        f"{figures['seconds']:.0f} s windows, in turns; medians): one instance directly "
        f"{figures['single_rps']:.1f} lends/s (p95 {figures['single_p95_ms']:.1f} ms), two "
        f"instances through nginx {figures['pair_rps']:.1f} lends/s (p95 "
        f"{figures['pair_p95_ms']:.1f} ms): "
        f"**{figures['ratio']}×** (budget ≥ {budgets.NGINX_SHARE}×); {figures['errors']} "
        f"unexpected answers; load average (1 min) {figures['load_average_before'][0]} before, "
        f"{figures['load_average_after'][0]} after.\n"
    )


def main() -> int:
    """Run it alone, write bench/data/nginx.json, and say whether the budget holds."""
    figures = measure()
    generate.DATA.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(figures, indent=1) + "\n")
    print(section(figures))
    missed = budgets.check_nginx(figures)
    for line in missed:
        print(f"bench: MISSED: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

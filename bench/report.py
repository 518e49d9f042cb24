"""The Markdown table of a bench run (bench/results.md and docs/benchmark.md)."""

from __future__ import annotations

from statistics import median
from typing import Any

from bench import repeats
from bench.budgets import DESK

ORDER = (
    "card scan",
    "lend",
    "return",
    "home",
    "catalogue search",
    "meetups",
    "meetups.ics",
    "meetups.ics 304",
    "reach dashboard",
    "directory search",
    "hsds services",
    "floor",
)


def _with_spread(figures: dict[str, Any], name: str) -> str:
    """A median with its lowest and highest run, e.g. '13.1 (12.6–15.6)'."""
    low_high = repeats.spread(figures, name)
    value = f"{figures[name]:.1f}"
    return f"{value} ({low_high[0]:.1f}–{low_high[1]:.1f})" if low_high else value


def _row(label: str, figures: dict[str, Any], floor: dict[str, Any] | None = None) -> str:
    ratio = ""
    if floor:
        ratio = f"{figures['p95_ms'] / floor['p95_ms']:.1f}× / {figures['rps'] / floor['rps']:.2f}×"
    return (
        f"| {label} | {figures['p50_ms']:.1f} | {_with_spread(figures, 'p95_ms')} | "
        f"{figures['p99_ms']:.1f} | {_with_spread(figures, 'rps')} | {figures['count']} | "
        f"{ratio} |"
    )


def table(runs: dict[str, Any], level: int, desk_level: int) -> str:
    """One table per database and size: the mix at this concurrency, desk ratios to the floor.

    The ratio column is desk p95 / floor p95 and desk throughput / floor throughput, each
    measured alone at the same concurrency (phases scan@N, lend@N, return@N and floor@N).
    """
    lines = []
    for backend, sizes in runs.items():
        for size, results in sizes.items():
            mix = results.get(f"mix@{level}", {})
            desk = {
                **results.get(f"scan@{desk_level}", {}),
                **results.get(f"lend@{desk_level}", {}),
                **results.get(f"return@{desk_level}", {}),
            }
            floor = results.get(f"floor@{desk_level}", {}).get("floor")
            lines += [
                f"**{backend}, {size}** — mixed load at {level} client(s); rows marked "
                f"'alone' ran one endpoint at {desk_level} clients, with its ratio to the floor",
                "",
                "| endpoint | p50 ms | p95 ms (runs) | p99 ms | req/s (runs) | n "
                "| desk ÷ floor (p95 / req/s) |",
                "|---|---:|---:|---:|---:|---:|---|",
            ]
            for endpoint in ORDER:
                if endpoint in mix:
                    lines.append(_row(endpoint, mix[endpoint]))
            for endpoint in DESK:
                if endpoint in desk:
                    lines.append(_row(f"{endpoint} (alone, {desk_level})", desk[endpoint], floor))
            if floor:
                lines.append(_row(f"floor (alone, {desk_level})", floor))
            lines.append("")
    return "\n".join(lines)


def levels_table(runs: dict[str, Any]) -> str:
    """p95 per endpoint at every concurrency level (mixed load), for every database and size."""
    lines = []
    for backend, sizes in runs.items():
        for size, results in sizes.items():
            levels = sorted({int(k.split("@")[1]) for k in results if k.startswith("mix@")})
            lines += [
                f"**{backend}, {size}** — p95 ms (req/s) by concurrency, mixed load",
                "",
                "| endpoint | " + " | ".join(f"{n} clients" for n in levels) + " |",
                "|---|" + "---:|" * len(levels),
            ]
            for endpoint in ORDER:
                cells = []
                for n in levels:
                    phase = "floor" if endpoint == "floor" else "mix"
                    f = results.get(f"{phase}@{n}", {}).get(endpoint)
                    cells.append(f"{f['p95_ms']:.1f} ({f['rps']:.0f})" if f else "–")
                if any(c != "–" for c in cells):
                    lines.append(f"| {endpoint} | " + " | ".join(cells) + " |")
            lines.append("")
    return "\n".join(lines)


def floor_share_lines(meta: dict[str, Any]) -> str:
    """Per database and size: each run's lend and return throughput over the floor's."""
    lines = []
    for backend, sizes in meta.items():
        for size, figures in sizes.items():
            for desk, ratios in figures.get("floor_share", {}).items():
                if ratios:
                    runs = ", ".join(f"{r:.2f}" for r in ratios)
                    lines.append(
                        f"- {backend}, {size}: {desk} ÷ floor {median(ratios):.2f} (runs: {runs})"
                    )
    return "\n".join(lines) + "\n"


def memory_lines(meta: dict[str, Any]) -> str:
    """Per database and size: the largest worker's resident and proportional memory per run."""
    lines = []
    for backend, sizes in meta.items():
        for size, figures in sizes.items():
            runs = figures.get("workers_rss_mb") or []
            largest = [max(w["rss_mb"] for w in run) for run in runs if run]
            pss = [max(w["pss_mb"] for w in run) for run in runs if run]
            if largest:
                lines.append(
                    f"- {backend}, {size}: largest worker {median(largest):.0f} MB resident "
                    f"(runs: {', '.join(f'{x:.0f}' for x in largest)}), "
                    f"{median(pss):.0f} MB proportional"
                )
    return "\n".join(lines) + "\n"


def building_lines(building: dict[str, Any]) -> str:
    """What a worker's memory is made of: the resident size as each library is imported, then
    the app; each line's growth is what that step adds."""
    lines = ["", "| step | resident MB | added MB |", "|---|---:|---:|"]
    before = 0.0
    for step, mb in building["steps"]:
        lines.append(f"| {step} | {mb:.1f} | {mb - before:+.1f} |")
        before = mb
    return "\n".join(lines) + "\n"

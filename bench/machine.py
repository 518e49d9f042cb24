"""What the machine itself did while the bench measured: the CPU time its host took away."""

from __future__ import annotations

from pathlib import Path

STAT = Path("/proc/stat")


def cpu_times() -> tuple[int, int] | None:
    """(steal, total) CPU ticks since boot, all CPUs; None where /proc/stat is missing."""
    try:
        first = STAT.read_text().splitlines()[0].split()
    except OSError:
        return None
    # cpu user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is
    # already counted in user and nice.
    ticks = [int(x) for x in first[1:9]]
    return ticks[7], sum(ticks)


def stolen_percent(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """The share of CPU time between two readings that the host gave to other machines (a
    virtual machine's "steal"): latencies measured while it is high say more about the host."""
    if before is None or after is None or after[1] <= before[1]:
        return None
    return round(100 * (after[0] - before[0]) / (after[1] - before[1]), 1)

"""Where lend and return spend their time (issue 25): py-spy samples the app's workers while the
load driver lends and returns alone at 4 clients, and draws a flame graph beside the results.
The graph also holds the driver's short warm-up (every endpoint three times, then 3 s of the mix)
before lend and return run alone.

py-spy reads the workers from outside (no change to the app, a few percent of overhead); it is in
the bench extra. Without it, or without the right to trace processes, the bench says so and goes on.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

from bench import generate
from spelotheek.paths import ROOT

BENCH = ROOT / "bench"


def py_spy() -> str | None:
    """The py-spy command beside this interpreter, or on the PATH."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


def flame_graph(size: str, backend: str, clients: int) -> Path | None:
    """Profile lend and return alone at `clients` clients; the flame graph's path, or None."""
    from bench import run

    spy = py_spy()
    if spy is None:
        print("bench: py-spy is not installed (make bench installs it); no flame graph")
        return None
    target = BENCH / f"profile-{backend}-{size}.svg"
    target.unlink(missing_ok=True)  # a failed run must not leave the last graph looking new
    out = generate.DATA / f"profile-load-{size}-{backend}.json"
    with run.served(size, backend) as serving:
        command = run.load_command(serving, out, False, frozenset(), frozenset())
        command[command.index("--levels") + 1] = str(clients)
        command.append("--desk-only")
        sampler = subprocess.Popen(  # noqa: S603  (py-spy, fixed arguments, no shell)
            [
                spy,
                "record",
                "--pid",
                str(serving.server.pid),
                "--subprocesses",
                "--rate",
                "200",
                "--format",
                "flamegraph",
                "--output",
                str(target),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603  (our own load driver)
        finally:
            sampler.send_signal(signal.SIGINT)  # py-spy writes the graph when interrupted
            _, errors = sampler.communicate(timeout=120)
    if not target.exists():
        print(f"bench: py-spy drew no flame graph: {errors.strip()[-300:]}")
        return None
    return target

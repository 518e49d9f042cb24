"""App instances behind nginx, started from deploy/ as a machine runs them: gunicorn with
deploy/gunicorn.conf.py, nginx from deploy/nginx.conf.template (rendered by deploy/render-nginx),
restarts by deploy/rolling-restart. The two-instance test (tests/scale/) and the nginx bench
(bench/nginx.py) use it, so those files cannot rot.
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from spelotheek.paths import ROOT

DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
GUNICORN = Path(sys.executable).parent / "gunicorn"

# Starts or stops one instance, as systemd's spelotheek@PORT would: the rolling restart calls
# it with {port}. gunicorn runs as a daemon with a pid file; a stop is SIGTERM (gunicorn's
# graceful stop), then waiting until the process is gone.
INSTANCE_SCRIPT = """#!/bin/sh
set -eu
folder={folder}
pidfile="$folder/gunicorn-$2.pid"
case "$1" in
start)
  SPELOTHEEK_BIND="127.0.0.1:$2" LOANS_UPLOAD_DIR="$folder/instance-$2/uploads" \\
    {gunicorn} -c {config} --chdir {root} --daemon --pid "$pidfile" \\
    --access-logfile "$folder/access-$2.log" --error-logfile "$folder/error-$2.log" \\
    spelotheek.wsgi:app
  ;;
stop)
  [ -f "$pidfile" ] || exit 0
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || exit 0
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  ;;
esac
"""


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def has_nginx() -> bool:
    """Whether Debian's nginx is installed here."""
    return Path(NGINX).exists()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310  (loopback http)
            return answer.status == 200
    except OSError:
        return False


def wait_until(url: str, seconds: float = 60, why: str = "") -> None:
    """Wait until `url` answers 200; AssertionError after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _answers(url):
            return
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer 200 within {seconds} s {why}".strip())


@dataclass
class Cluster:
    """`count` instances on their own ports and nginx in front; settings in `env`."""

    folder: Path
    env: dict[str, str]
    count: int = 2
    ports: list[int] = field(default_factory=list)
    nginx_port: int = 0
    _nginx: subprocess.Popen | None = None

    def __post_init__(self) -> None:
        self.ports = self.ports or [free_port() for _ in range(self.count)]
        self.nginx_port = self.nginx_port or free_port()
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), **self.env}
        self.env.setdefault("BASE_URL", f"http://127.0.0.1:{self.nginx_port}")
        self.env.setdefault("TRUSTED_PROXIES", "1")  # nginx, as deploy/ sets it up

    @property
    def nginx(self) -> str:
        """nginx's address."""
        return f"http://127.0.0.1:{self.nginx_port}"

    def instance(self, n: int) -> str:
        """The address of instance n, directly (not through nginx)."""
        return f"http://127.0.0.1:{self.ports[n]}"

    @property
    def script(self) -> Path:
        return self.folder / "instance"

    @property
    def nginx_conf(self) -> Path:
        return self.folder / "nginx.conf"

    def _nginx_command(self, *extra: str) -> list[str]:
        return [NGINX, "-c", str(self.nginx_conf), "-p", str(self.folder), *extra]

    def pid(self, n: int) -> int:
        """The gunicorn master's process id of instance n."""
        return int((self.folder / f"gunicorn-{self.ports[n]}.pid").read_text())

    def start(self) -> Cluster:
        """Start every instance, wait for their /readyz, then nginx in front of them."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.script.write_text(
            INSTANCE_SCRIPT.format(
                folder=self.folder,
                gunicorn=GUNICORN,
                config=DEPLOY / "gunicorn.conf.py",
                root=ROOT,
            )
        )
        self.script.chmod(0o755)
        for port in self.ports:
            self._run(str(self.script), "start", str(port))
        for n in range(len(self.ports)):
            wait_until(self.instance(n) + "/readyz", why=f"(see {self.folder}/error-*.log)")
        subprocess.run(  # noqa: S603  (our own script, fixed arguments)
            [
                sys.executable,
                str(DEPLOY / "render-nginx"),
                "--out",
                str(self.nginx_conf),
                "--listen",
                f"127.0.0.1:{self.nginx_port}",
                "--runtime-dir",
                str(self.folder),
                "--user",
                getpass.getuser(),
                *(f"127.0.0.1:{port}" for port in self.ports),
            ],
            check=True,
        )
        with (self.folder / "nginx.out").open("wb") as out:
            self._nginx = subprocess.Popen(  # noqa: S603  (nginx, fixed arguments)
                self._nginx_command("-g", "daemon off;"), stdout=out, stderr=out
            )
        wait_until(self.nginx + "/readyz", 20, f"(see {self.folder}/error.log)")
        return self

    def start_instance(self, n: int) -> None:
        """Start instance n again (after it was stopped or killed) and wait until it is ready."""
        self._run(str(self.script), "start", str(self.ports[n]))
        wait_until(self.instance(n) + "/readyz", why=f"(see {self.folder}/error-*.log)")

    def _run(self, *command: str, env: dict[str, str] | None = None) -> None:
        subprocess.run(command, env=env or self.env, check=True, cwd=ROOT)  # noqa: S603  (our own commands, fixed arguments)

    def rolling_restart(self, *instances: int) -> subprocess.CompletedProcess[str]:
        """Run deploy/rolling-restart over these instances, with this cluster's commands."""
        env = {
            **self.env,
            "UPSTREAM_FILE": str(self.folder / "spelotheek-upstream.conf"),
            "NGINX_RELOAD": " ".join(self._nginx_command("-s", "reload")),
            "STOP_COMMAND": f"{self.script} stop {{port}}",
            "START_COMMAND": f"{self.script} start {{port}}",
            "DRAIN_SECONDS": "1",
        }
        return subprocess.run(  # noqa: S603  (our own script, fixed arguments)
            [str(DEPLOY / "rolling-restart"), *(f"127.0.0.1:{self.ports[n]}" for n in instances)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )

    def stop(self) -> None:
        """Stop nginx and every instance (gracefully; killed when they hang)."""
        if self._nginx is not None:
            self._nginx.send_signal(signal.SIGQUIT)  # nginx's graceful stop
            try:
                self._nginx.wait(10)
            except subprocess.TimeoutExpired:
                self._nginx.kill()
                self._nginx.wait()
        stopping = {
            port: subprocess.Popen(  # noqa: S603  (our own script): all at once, then wait
                [str(self.script), "stop", str(port)], env=self.env
            )
            for port in self.ports
        }
        for port, stopper in stopping.items():
            try:
                stopper.wait(40)
            except subprocess.TimeoutExpired:
                stopper.kill()
                pid = int((self.folder / f"gunicorn-{port}.pid").read_text())
                os.kill(pid, signal.SIGKILL)

    def logs(self) -> str:
        """The end of every log the instances and nginx wrote (for a failing test's message)."""
        parts = []
        for path in sorted(self.folder.glob("*.log")) + [self.folder / "nginx.out"]:
            if path.exists():
                parts.append(f"--- {path.name}\n{path.read_text(errors='replace')[-2000:]}")
        return "\n".join(parts)

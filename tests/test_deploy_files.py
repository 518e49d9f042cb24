"""deploy/ on its own, without nginx running: the restart script's refusals and what
render-nginx writes (the two-instance test in tests/scale/ runs both for real)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import free_port

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def _restart(upstream: Path, *instances: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run deploy/rolling-restart with commands that only write down what they were asked."""
    log = upstream.parent / "commands.log"
    commands = {
        "UPSTREAM_FILE": str(upstream),
        "NGINX_RELOAD": f"sh -c 'echo reload >> {log}'",
        "STOP_COMMAND": f"sh -c 'echo stop-{{port}} >> {log}'",
        "START_COMMAND": f"sh -c 'echo start-{{port}} >> {log}'",
        "READY_SECONDS": "2",
        "DRAIN_SECONDS": "0",
    }
    return subprocess.run(  # noqa: S603  (our own script)
        [str(DEPLOY / "rolling-restart"), *instances],
        env={**os.environ, **commands, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _upstream(tmp_path: Path, *lines: str) -> Path:
    upstream = tmp_path / "spelotheek-upstream.conf"
    upstream.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return upstream


def test_the_restart_never_takes_out_the_last_ready_instance(tmp_path: Path) -> None:
    # The other instance is marked down (a failed earlier run) or does not answer: taking this
    # one out would leave nginx with nothing, so the script refuses and changes nothing.
    one, two = f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"
    lines = (f"server {one} max_fails=1 fail_timeout=2s;", f"server {two} max_fails=1 down;")
    upstream = _upstream(tmp_path, *lines)
    done = _restart(upstream, one)
    assert done.returncode == 1, done.stderr
    assert "no other instance" in done.stderr
    assert upstream.read_text(encoding="utf-8").splitlines() == list(lines)
    assert not (tmp_path / "commands.log").exists()


def test_the_restart_refuses_an_instance_on_another_machine(tmp_path: Path) -> None:
    upstream = _upstream(tmp_path, "server 10.0.0.2:8001 max_fails=1;")
    done = _restart(upstream, "10.0.0.2:8001")
    assert done.returncode == 2 and "{host}" in done.stderr
    assert not (tmp_path / "commands.log").exists()


def _render(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own script)
        [
            sys.executable,
            str(DEPLOY / "render-nginx"),
            "--out",
            str(tmp_path / "nginx.conf"),
            *arguments,
            "127.0.0.1:8001",
            "127.0.0.1:8002",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_render_uses_debians_places_and_keeps_visitors_out_of_the_error_log(
    tmp_path: Path,
) -> None:
    assert _render(tmp_path).returncode == 0
    conf = (tmp_path / "nginx.conf").read_text(encoding="utf-8")
    assert "pid /run/nginx.pid;" in conf  # what Debian's nginx.service expects
    assert "error_log /var/log/nginx/error.log crit;" in conf  # no request lines, no addresses
    assert "access_log /var/log/nginx/access.log spelotheek;" in conf
    assert "client_body_temp_path /var/lib/nginx/body;" in conf
    readyz = conf.split("location = /readyz", 1)[1].split("}", 1)[0]
    assert "deny all;" in readyz and "allow 127.0.0.1;" in readyz


@pytest.mark.parametrize("half", [["--tls-cert", "/x/cert.pem"], ["--tls-key", "/x/key.pem"]])
def test_render_refuses_half_of_the_tls_settings(tmp_path: Path, half: list[str]) -> None:
    done = _render(tmp_path, *half)
    assert done.returncode == 2 and "go together" in done.stderr
    assert not (tmp_path / "nginx.conf").exists()

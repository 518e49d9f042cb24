"""A stand-in message provider for tests: a real HTTP server on 127.0.0.1 (a free port).

It takes POST /messages with a bearer key and an Idempotency-Key, dedupes by that key like a
real provider (the same key answers the same id and sends nothing again), records every request,
and can be told what to do with the next requests: answer 500, answer 400, time out (answer too
late, after accepting the message, as a slow provider does), or answer twice: accept and then
send its delivery report two times to the callback URL.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from spelotheek.messages.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

KEY = "standin-key"


class StandIn:
    """The provider: start(), then point MESSAGE_PROVIDER_URL at `url`."""

    def __init__(self, callback_secret: str | None = None, delay: float = 0.0) -> None:
        self.requests: list[dict[str, Any]] = []
        self.accepted: dict[str, dict[str, Any]] = {}  # idempotency key → the message sent
        self.behaviours: deque[str] = deque()
        self.callback_secret = callback_secret
        self.delay = delay
        self.slow_seconds = 2.0
        self.report_statuses: list[int] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> StandIn:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def next(self, *behaviours: str) -> None:
        """What to do with the next requests: 'ok', '500', '400', 'timeout', 'twice'."""
        self.behaviours.extend(behaviours)

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Each message the provider really sent, once."""
        return list(self.accepted.values())

    def _accept(self, key: str, payload: dict[str, Any]) -> tuple[str, bool]:
        with self.lock:
            if key in self.accepted:
                return self.accepted[key]["id"], False
            reference = f"sm-{len(self.accepted) + 1}-{key[-8:]}"
            self.accepted[key] = {**payload, "id": reference, "key": key}
            return reference, True

    def report(self, callback_url: str, reference: str, status: str = "delivered") -> int:
        """Send a signed delivery report, as the provider does; answers the HTTP status."""
        body = json.dumps({"id": reference, "status": status}).encode()
        stamp = str(int(time.time()))
        request = urllib.request.Request(  # noqa: S310  (a local http:// URL)
            callback_url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                TIMESTAMP_HEADER: stamp,
                SIGNATURE_HEADER: sign(self.callback_secret or "", stamp, body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - a URL the test made
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    def _report_twice(self, callback_url: str, reference: str) -> None:
        """Two identical reports, each retried while the site does not know the id yet."""
        for _ in range(2):
            for _try in range(50):
                status = self.report(callback_url, reference)
                if status != 404:
                    break
                time.sleep(0.1)
            self.report_statuses.append(status)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            # Headers and body leave in two writes: without this, Nagle's algorithm holds the
            # second until the client's delayed ACK (40 ms), and the bench measures only that.
            disable_nagle_algorithm = True
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet in tests
                pass

            def _answer(self, status: int, data: dict[str, Any]) -> None:
                body = json.dumps(data).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout)

            def do_POST(self) -> None:  # noqa: N802  (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                key = self.headers.get("Idempotency-Key", "")
                with standin.lock:
                    standin.requests.append(
                        {"key": key, "auth": self.headers.get("Authorization"), **payload}
                    )
                    behaviour = standin.behaviours.popleft() if standin.behaviours else "ok"
                if standin.delay:
                    time.sleep(standin.delay)
                if self.headers.get("Authorization") != f"Bearer {KEY}":
                    self._answer(401, {"error": "unauthorised"})
                    return
                if behaviour == "500":
                    self._answer(500, {"error": "server error"})
                    return
                if behaviour == "400":
                    self._answer(400, {"error": "invalid number"})
                    return
                if not key:
                    self._answer(400, {"error": "Idempotency-Key missing"})
                    return
                reference, _new = standin._accept(key, payload)
                if behaviour == "timeout":
                    time.sleep(standin.slow_seconds)  # accepted, but the answer comes too late
                self._answer(200, {"id": reference})
                if behaviour == "twice" and payload.get("callback_url"):
                    threading.Thread(
                        target=standin._report_twice,
                        args=(payload["callback_url"], reference),
                        daemon=True,
                    ).start()

        return Handler

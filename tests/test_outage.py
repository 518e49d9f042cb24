"""With the database unreachable, pages answer a clear 503 and /health says so; when the
database returns, the site recovers by itself (no restart)."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path

from sqlalchemy.engine import make_url

from spelotheek import create_app
from spelotheek.migrate import upgrade
from tests.conftest import free_port, settings_for


class TcpProxy:
    """A small TCP forwarder that can be cut and restored, standing in for a network outage."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Refuse new connections and break the open ones."""
        if self._listener is not None:
            with contextlib.suppress(OSError):  # shutdown wakes the thread blocked in accept()
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self._connections.clear()


def _assert_down(client) -> None:
    health = client.get("/health")
    assert health.status_code == 503 and health.get_json()["database"] == "unreachable"
    page = client.get("/", headers={"Accept-Language": "en"})
    assert page.status_code == 503
    assert "not available for a moment" in page.get_data(as_text=True)
    api = client.get("/api/v1/cards/X", headers={"Authorization": "Bearer x"})
    assert api.status_code == 503 and api.get_json()["error"] == "unavailable"
    for answer in (health, page, api):
        assert int(answer.headers["Retry-After"]) > 0


def _assert_up(client) -> None:
    assert client.get("/health").get_json() == {"status": "ok", "database": "ok"}
    assert client.get("/").status_code == 200


def test_outage_and_recovery(database_url: str, tmp_path: Path, backend: str) -> None:
    if backend == "postgresql":
        url = make_url(database_url)
        proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
        proxy.start()
        app = create_app(
            settings_for(
                url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
            )
        )
        client = app.test_client()
        _assert_up(client)
        proxy.cut()
        _assert_down(client)
        proxy.start()
        _assert_up(client)
        proxy.cut()
    else:
        folder = tmp_path / "later"
        sqlite_url = f"sqlite:///{folder}/site.sqlite"
        app = create_app(settings_for(sqlite_url))
        client = app.test_client()
        _assert_down(client)  # the disk with the database is not there (not mounted yet)
        folder.mkdir()
        upgrade(sqlite_url)
        _assert_up(client)
    app.extensions["engine"].dispose()

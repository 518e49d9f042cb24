"""The provider adapter: hands one short message to an SMS/WhatsApp provider and answers its id.

`HttpJsonProvider` speaks a provider's HTTP+JSON API (MESSAGE_PROVIDER_URL, a bearer key and an
Idempotency-Key header, so a retried request is the same message at the provider). Without a
provider configured, `OutboxProvider` writes the message to instance/outbox/ like e-mail, so
the demo shows what would go out. Errors never carry the number or the text.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import threading
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit


class ProviderError(Exception):
    """The provider did not take the message; `reason` is safe for logs (no number, no text)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:120]


class TransientError(ProviderError):
    """Try again later: a timeout, no connection, a 5xx or 429 answer."""


class PermanentError(ProviderError):
    """Trying again will not help: the provider refused the message (a 4xx answer)."""


class Provider(Protocol):
    """Something that hands a text to a phone number on a channel."""

    def send(self, to_e164: str, channel: str, text: str, idempotency_key: str) -> str:
        """Send once per key; answers the provider's reference, raises a ProviderError."""
        ...


class HttpJsonProvider:
    """POST {to, channel, text} as JSON to the provider; its answer's `id` is the reference.

    Each thread keeps its connection open between messages (a worker sends thousands); one
    the provider closed meanwhile is opened again once, which is safe: the key is the same.
    """

    def __init__(
        self, url: str, key: str, timeout: float = 10, callback_url: str | None = None
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the provider's address must be http(s)://host/…")
        self.url = url
        self.key = key
        self.timeout = timeout
        self.callback_url = callback_url
        self._parts = parts
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: set[http.client.HTTPConnection] = set()

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        """This thread's open connection (and whether it was used before), or a new one."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            return connection, True
        kind = (
            http.client.HTTPSConnection
            if self._parts.scheme == "https"
            else (http.client.HTTPConnection)
        )
        connection = kind(self._parts.hostname or "", self._parts.port, timeout=self.timeout)
        self._local.connection = connection
        with self._lock:
            self._open.add(connection)
        return connection, False

    def _drop(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()
            with self._lock:
                self._open.discard(connection)

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            connections, self._open = self._open, set()
        for connection in connections:
            connection.close()

    def __del__(self) -> None:
        self.close()

    def _post(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        path = self._parts.path or "/"
        if self._parts.query:
            path += "?" + self._parts.query
        for _ in range(2):
            connection, reused = self._connection()
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read(64 * 1024)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._drop()
                if reused:
                    continue  # closed by the provider while idle: once more, on a new one
                raise
            except BaseException:
                self._drop()
                raise
            if response.will_close:
                self._drop()
            return response.status, answer
        raise ConnectionResetError("the provider closed the connection twice")

    def send(self, to_e164: str, channel: str, text: str, idempotency_key: str) -> str:
        """Send once per key (the provider dedupes by Idempotency-Key)."""
        payload: dict[str, Any] = {"to": to_e164, "channel": channel, "text": text}
        if self.callback_url:
            payload["callback_url"] = self.callback_url
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Bearer {self.key}",
            "Idempotency-Key": idempotency_key,
        }
        try:
            status, body = self._post(json.dumps(payload).encode(), headers)
        except TimeoutError:
            raise TransientError("provider did not answer in time") from None
        except (http.client.HTTPException, OSError) as error:
            raise TransientError(f"provider not reachable ({type(error).__name__})") from None
        if status == 429 or status >= 500:
            raise TransientError(f"provider answered {status}")
        if status >= 300:
            raise PermanentError(f"provider refused ({status})")
        try:
            reference = json.loads(body)["id"]
        except (ValueError, KeyError, TypeError):
            raise TransientError("provider's answer has no id") from None
        if not isinstance(reference, str | int) or not str(reference) or len(str(reference)) > 80:
            raise TransientError("provider's answer has no usable id")
        return str(reference)


class OutboxProvider:
    """No provider configured: each message is a JSON file in the outbox folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, to_e164: str, channel: str, text: str, idempotency_key: str) -> str:
        """Write the message once per key; the file name is the reference."""
        reference = "outbox-" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{channel}-{reference}.json"
        try:
            path.write_text(
                json.dumps({"to": to_e164, "channel": channel, "text": text}, ensure_ascii=False),
                encoding="utf-8",
            )
        except OSError as error:
            raise TransientError(f"outbox not writable ({type(error).__name__})") from None
        return reference

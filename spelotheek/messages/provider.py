"""The provider adapter: hands one short message to an SMS/WhatsApp provider and answers its id.

`HttpJsonProvider` speaks a provider's HTTP+JSON API (MESSAGE_PROVIDER_URL, a bearer key and an
Idempotency-Key header, so a retried request is the same message at the provider). Without a
provider configured, `OutboxProvider` writes the message to instance/outbox/ like e-mail, so
the demo shows what would go out. Errors never carry the number or the text.
"""

from __future__ import annotations

import hashlib
import json
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Protocol


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
    """POST {to, channel, text} as JSON to the provider; its answer's `id` is the reference."""

    def __init__(
        self, url: str, key: str, timeout: float = 10, callback_url: str | None = None
    ) -> None:
        self.url = url
        self.key = key
        self.timeout = timeout
        self.callback_url = callback_url

    def send(self, to_e164: str, channel: str, text: str, idempotency_key: str) -> str:
        """Send once per key (the provider dedupes by Idempotency-Key)."""
        payload: dict[str, Any] = {"to": to_e164, "channel": channel, "text": text}
        if self.callback_url:
            payload["callback_url"] = self.callback_url
        request = urllib.request.Request(  # noqa: S310  (the URL is a checked setting: http(s) only)
            self.url,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.key}",
                "Idempotency-Key": idempotency_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(64 * 1024)
        except urllib.error.HTTPError as error:
            status = error.code
            error.close()
            if status == 429 or status >= 500:
                raise TransientError(f"provider answered {status}") from None
            raise PermanentError(f"provider refused ({status})") from None
        except TimeoutError:
            raise TransientError("provider did not answer in time") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError | socket.timeout):
                raise TransientError("provider did not answer in time") from None
            raise TransientError(f"provider not reachable ({type(reason).__name__})") from None
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

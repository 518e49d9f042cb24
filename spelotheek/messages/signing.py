"""Signed calls from the provider: HMAC-SHA256 over the timestamp and the raw body.

Pure. The provider sends `X-Signature-Timestamp` (Unix seconds) and `X-Signature` (hex of
HMAC-SHA256(secret, "<timestamp>." + body)). The timestamp is inside the signature, so a
recorded call cannot be replayed later with a new one; older than five minutes is refused.
"""

from __future__ import annotations

import hashlib
import hmac

TIMESTAMP_HEADER = "X-Signature-Timestamp"
SIGNATURE_HEADER = "X-Signature"
LARGEST_AGE = 5 * 60  # seconds; also the clock difference we tolerate the other way


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The signature of a body sent at `timestamp` (Unix seconds)."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def refusal(
    secret: str, timestamp: str | None, signature: str | None, body: bytes, now: float
) -> str:
    """Why a call is refused ("bad_signature", "stale"), or "" when it is genuine and fresh."""
    if (
        not timestamp
        or not signature
        or not signature.isascii()
        or not (timestamp.isascii() and timestamp.isdigit())
        or len(timestamp) > 12
    ):
        return "bad_signature"
    if not hmac.compare_digest(sign(secret, timestamp, body), signature.strip().lower()):
        return "bad_signature"
    if abs(now - int(timestamp)) > LARGEST_AGE:
        return "stale"
    return ""

"""A browser remembered by a random token in a cookie, for what anonymous visitors do once."""

from __future__ import annotations

from typing import TypeVar

from flask import request
from werkzeug.wrappers import Response

KEPT_SECONDS = 365 * 24 * 3600  # a year: "I'll probably come" and topic supports last that long

Answer = TypeVar("Answer", bound=Response)


def remember_browser(response: Answer, cookie: str, token: str) -> Answer:
    """Set the browser's token (only its hash is stored with what the visitor did)."""
    response.set_cookie(
        cookie, token, max_age=KEPT_SECONDS, httponly=True, samesite="Lax", secure=request.is_secure
    )
    return response

"""What the topic pages and the API share about a visitor: the browser cookie, the limits."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from spelotheek.topics import rules

BROWSER_COOKIE = "topic_browser"


def propose_limit() -> str:
    """Proposals per address (spam), from the settings."""
    return current_app.config["TOPICS_PROPOSE_LIMIT"]


def support_limit() -> str:
    """Supports per address, from the settings."""
    return current_app.config["TOPICS_SUPPORT_LIMIT"]


def address_key(topic_id: int) -> str:
    """This visitor's internet address as the keyed hash an anonymous support is limited by."""
    return rules.address_hash(current_app.config["SECRET_KEY"], topic_id, request.remote_addr)


def set_browser_cookie(response: Any, token: str) -> Any:
    """Remember this browser with a random token (only its hash is stored with a support)."""
    response.set_cookie(
        BROWSER_COOKIE,
        token,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return response

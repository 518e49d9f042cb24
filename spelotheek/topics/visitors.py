"""What the topic pages and the API share about a visitor: the browser cookie, the limits."""

from __future__ import annotations

from flask import current_app, request

from spelotheek.browsers import Answer, remember_browser
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


def set_browser_cookie(response: Answer, token: str) -> Answer:
    """Remember this browser with a random token (only its hash is stored with a support)."""
    return remember_browser(response, BROWSER_COOKIE, token)

"""Opening family records is rate-limited per staff account and per device token (issue 18).

A staff token once walked 43 family ids in 1.5 s; every route that shows one family's record
shares these limits, so no account or device can read the register in bulk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app
from flask_login import current_user

from spelotheek.extensions import limiter


def _per_account() -> str:
    return f"family-reads:account:{current_user.id}"


def _per_device() -> str:
    return f"family-reads:device:{getattr(current_user, 'token_key', '') or current_user.id}"


def _limit() -> str:
    return current_app.config["FAMILY_READ_LIMIT"]


def rate_limited(view: Callable[..., Any]) -> Callable[..., Any]:
    """Count this view against the family-record limits of the account and of the device."""
    view = limiter.shared_limit(_limit, scope="family-reads-device", key_func=_per_device)(view)
    return limiter.shared_limit(_limit, scope="family-reads-account", key_func=_per_account)(view)

"""A recent login before sensitive pages (exports, perinatal participant lists)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from spelotheek.auth import attempts, twofactor
from spelotheek.db import transaction, utcnow
from spelotheek.errors import error_response

CODE_HEADER = "X-Two-Step-Code"


def is_fresh(minutes: int | None = None) -> bool:
    """True when the staff member proved who they are within the last few minutes."""
    if getattr(current_user, "via_token", False):
        return True  # devices are not used for exports; their token is the proof
    limit = current_app.config["FRESH_LOGIN_MINUTES"] if minutes is None else minutes
    return time.time() - session.get("auth_at", 0) <= limit * 60


def fresh_login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send the visitor to confirm their password first when the login is not recent."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_user.is_authenticated and current_user.is_staff and not is_fresh():
            return redirect(url_for("auth.confirm", next=request.full_path))
        return view(*args, **kwargs)

    return wrapper


def _token_code_proves() -> bool:
    """A device token shows a current two-step code of its account (counted as a try)."""
    typed = request.headers.get(CODE_HEADER, "")[:20]

    def check() -> bool | None:
        with transaction() as db:
            user = db.merge(current_user.user)
            return twofactor.verify(db, user, typed, utcnow()) or None

    account = attempts.user_account("prove", current_user.id)
    return bool(typed) and bool(attempts.guarded(account, check, remember=False))


def proven_just_now(view: Callable[..., Any]) -> Callable[..., Any]:
    """Another family's whole record: a login of the last few minutes, or for a device token
    a current two-step code in the X-Two-Step-Code header."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if getattr(current_user, "via_token", False):
            if not current_user.user.totp_secret:
                return error_response(
                    403,
                    _("Set up two-step login for this account to open family data with a device."),
                    "two_step_required",
                )
            try:
                proved = _token_code_proves()
            except attempts.TooManyTries:
                return error_response(429)
            if not proved:
                return error_response(
                    401,
                    _("Send a current code of your authenticator app in X-Two-Step-Code."),
                    "fresh_code_required",
                )
        elif not is_fresh(current_app.config["FRESH_EXPORT_MINUTES"]):
            if request.path.startswith("/api/"):
                return error_response(
                    401,
                    _("Please log in again before you open family data."),
                    "fresh_login_required",
                )
            return redirect(url_for("auth.confirm", next=request.full_path))
        return view(*args, **kwargs)

    return wrapper

"""A recent login before sensitive pages (exports, perinatal participant lists)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, redirect, request, session, url_for
from flask_login import current_user


def is_fresh() -> bool:
    """True when the staff member proved who they are within the last few minutes."""
    if getattr(current_user, "via_token", False):
        return True  # devices are not used for exports; their token is the proof
    age = time.time() - session.get("auth_at", 0)
    return age <= current_app.config["FRESH_LOGIN_MINUTES"] * 60


def fresh_login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send the visitor to confirm their password first when the login is not recent."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_user.is_authenticated and current_user.is_staff and not is_fresh():
            return redirect(url_for("auth.confirm", next=request.full_path))
        return view(*args, **kwargs)

    return wrapper

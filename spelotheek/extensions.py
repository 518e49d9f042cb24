"""Extensions created once and bound to the app in the factory."""

from __future__ import annotations

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

from spelotheek import typed

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def form_field_key(field: str):
    """A rate-limit key from a hashed form field (an account), so no e-mail lands in Redis."""

    def key() -> str:
        return "acct:" + typed.digest(typed.email(request.form.get(field) or ""))[:32]

    return key

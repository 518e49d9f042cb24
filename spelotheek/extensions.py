"""Extensions created once and bound to the app in the factory."""

from __future__ import annotations

import hashlib

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def form_field_key(field: str):
    """A rate-limit key from a hashed form field (an account), so no e-mail lands in Redis."""

    def key() -> str:
        value = (request.form.get(field) or "").strip().lower()
        return "acct:" + hashlib.sha256(value.encode()).hexdigest()[:32]

    return key

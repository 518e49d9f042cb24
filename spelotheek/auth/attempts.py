"""Tries at a secret as the views make them: which keys count a try, and known devices.

A try counts under the account from this client, and — unless this client is a device the
account logged in from before — under the account from anywhere and under the address. So a
stranger who guesses locks out only strangers: the owner's own phone or desk still gets in.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from flask import Response, after_this_request, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from spelotheek import typed
from spelotheek.auth import rules, throttle
from spelotheek.db import transaction, utcnow

T = TypeVar("T")
DEVICE_COOKIE = "spelotheek_device"
DEVICE_DAYS = 365
DEVICE_ACCOUNTS = 8  # a shared desk tablet remembers this many accounts


class TooManyTries(Exception):
    """A try refused before its secret was checked; `minutes` says how long to wait."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__("too many tries")
        self.minutes = max(1, -(-int(wait.total_seconds()) // 60))


def _limit(setting: str, backoff: bool = True) -> rules.Limit:
    config = current_app.config
    pause = timedelta(seconds=config["LOGIN_BACKOFF_SECONDS"]) if backoff else None
    return rules.parse_limit(config[setting], pause)


def card_limit() -> rules.Limit:
    """The limit of wrong tries at one card from anywhere (the desk shows when it is reached)."""
    return _limit("LOGIN_LIMIT_ACCOUNT_ALL_CLIENTS")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt="known-device")


def _device() -> dict | None:
    """The signed known-device cookie: a random device id and the accounts it logged in to."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        value = _serializer().loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("accounts"), list):
        return None
    return value


def _checks(account: str) -> list[throttle.Check]:
    device = _device()
    if device and account in device["accounts"]:
        known = rules.client_key(account, "device:" + device["id"])
        return [throttle.Check(known, _limit("LOGIN_LIMIT_ACCOUNT"))]
    address = request.remote_addr or "unknown"
    return [
        throttle.Check(
            rules.client_key(account, "address:" + address), _limit("LOGIN_LIMIT_ACCOUNT")
        ),
        throttle.Check(account, _limit("LOGIN_LIMIT_ACCOUNT_ALL_CLIENTS")),
        throttle.Check(
            rules.account_key("address", address), _limit("LOGIN_LIMIT_ADDRESS", False), False
        ),
    ]


def guarded(account: str, check: Callable[[], T | None], remember: bool = True) -> T | None:
    """Run `check` (it checks a secret) as one counted try; TooManyTries when over a limit.

    The try is counted and committed before the secret is checked, so parallel tries cannot
    slip past the limit. With `remember`, a success makes this browser a known device.
    """
    checks = _checks(account)
    with transaction() as db:
        verdict = throttle.begin(db, checks, utcnow())
    if not verdict.allowed:
        raise TooManyTries(verdict.wait)
    result: T | None = None
    try:
        result = check()
    finally:
        with transaction() as db:
            throttle.settle(db, checks, result is not None, utcnow())
    if result is not None and remember:
        remember_device(account)
    return result


def remember_device(account: str) -> None:
    """After this response, the browser carries a signed note that `account` logged in here."""
    device = _device() or {"id": secrets.token_urlsafe(12), "accounts": []}
    accounts = [a for a in device["accounts"] if a != account][-(DEVICE_ACCOUNTS - 1) :]
    value = _serializer().dumps({"id": device["id"], "accounts": [*accounts, account]})

    @after_this_request
    def _set(response: Response) -> Response:
        response.set_cookie(
            DEVICE_COOKIE,
            value,
            max_age=DEVICE_DAYS * 86400,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
        return response


def staff_account(email: str) -> str:
    """The throttle key of a staff login by e-mail."""
    return rules.account_key("staff", typed.email(email))


def user_account(purpose: str, user_id: int) -> str:
    """The throttle key of one staff account for a purpose (second step, proving it again)."""
    return rules.account_key(purpose, str(user_id))

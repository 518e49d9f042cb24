"""Settings: defaults here, then instance/config.py, then the environment, then overrides."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

# Languages the site ships, each named in itself. Adding one: a catalogue plus one line here.
LANGUAGES: dict[str, dict[str, str]] = {
    "nl": {"name": "Nederlands", "dir": "ltr"},
    "fr": {"name": "Français", "dir": "ltr"},
    "en": {"name": "English", "dir": "ltr"},
    "ar": {"name": "العربية", "dir": "rtl"},
    "tr": {"name": "Türkçe", "dir": "ltr"},
}


class Defaults:
    """The settings every installation starts from."""

    SITE_NAME = "Spelotheek"
    # The site's public address (https://spelotheek.example.be): every absolute link (calendar
    # feeds, posters, subscribe pages, API receipts) is made from it, never from the request's
    # Host header. Required in production; in production only its host (and ALLOWED_HOSTS) is
    # served, any other Host header is refused with 400.
    BASE_URL: str | None = None
    ALLOWED_HOSTS: tuple[str, ...] = ()
    DATABASE_URL = f"sqlite:///{INSTANCE / 'spelotheek.sqlite'}"
    SECRET_KEY: str | None = None
    DEMO = False
    DEBUG = False
    TESTING = False
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Brussels"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    TIMEZONE = "Europe/Brussels"
    MAX_CONTENT_LENGTH = 6 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "spelotheek"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    STAFF_IDLE_MINUTES = 30
    FAMILY_IDLE_MINUTES = 60
    SESSION_MAX_HOURS = 12
    WTF_CSRF_TIME_LIMIT = None  # the session's own lifetime bounds the token
    RATELIMIT_ENABLED = True  # explicit: Flask-Limiter would keep the last app's choice
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_STRATEGY = "fixed-window"
    # Tries at a secret (password, PIN, code) are counted before they are checked (auth/rules.py):
    # per account from one client, per account from anywhere (not from the account's own known
    # devices, so a stranger cannot lock the owner out) and per address. Past the account's
    # limits each wrong try doubles the wait, from LOGIN_BACKOFF_SECONDS up to a day.
    LOGIN_LIMIT_ADDRESS = "20 per 15 minutes"
    LOGIN_LIMIT_ACCOUNT = "5 per 15 minutes"
    LOGIN_LIMIT_ACCOUNT_ALL_CLIENTS = "20 per hour"
    LOGIN_BACKOFF_SECONDS = 60
    REQUIRE_TWO_STEP_ROLES: tuple[str, ...] = ("coordinator", "facilitator")
    FRESH_LOGIN_MINUTES = 10  # exports and perinatal lists ask for the password again after this
    FRESH_EXPORT_MINUTES = 5  # another family's whole record asks for it again after this
    # Opening family records (page, export, API), per staff account and per device token.
    FAMILY_READ_LIMIT = "10 per minute;60 per hour"
    # Retention periods (months); /privacy shows them and `spelotheek purge-expired` applies them.
    # Calendar feeds carry changed and cancelled dates from this many days ago onwards (None:
    # all history). Older dates show as planned: nobody looks back years in a calendar, and a
    # whole network's five years made a 14 MB feed that took 30 s to build (issue 10).
    MEETUP_FEED_HISTORY_DAYS: int | None = 92
    # Reach figures are reused this many seconds (0: counted on every view). A network's year
    # takes seconds to count; coordinators can count again at once from the page (issue 10).
    REACH_SNAPSHOT_SECONDS = 600
    RETENTION_LOANS_MONTHS = 12
    RETENTION_INACTIVE_FAMILY_MONTHS = 24
    RETENTION_NOTICE_MONTHS = 2
    RETENTION_PERINATAL_MONTHS = 12
    RETENTION_AUDIT_MONTHS = 12
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_FROM = "spelotheek@localhost"
    MAIL_USE_STARTTLS = False  # upgrade the connection (port 587), certificate checked
    MAIL_USE_SSL = False  # TLS from the first byte (port 465), certificate checked
    MAIL_USERNAME: str | None = None  # log in when set (only over STARTTLS or SSL)
    MAIL_PASSWORD: str | None = None
    MAIL_CA_FILE: str | None = None  # a private authority's certificate; else the system's
    AUTO_MIGRATE = False


def load(overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Merge the settings sources into one dict, later sources winning."""
    settings: dict[str, Any] = {
        key: getattr(Defaults, key) for key in dir(Defaults) if key.isupper()
    }
    instance_file = INSTANCE / "config.py"
    if instance_file.exists():
        namespace: dict[str, Any] = {}
        code = compile(instance_file.read_text(), str(instance_file), "exec")
        exec(code, namespace)  # noqa: S102  (the operator's own settings file, like from_pyfile)
        settings.update({k: v for k, v in namespace.items() if k.isupper()})
    for key in ("DATABASE_URL", "SECRET_KEY", "REDIS_URL", "MAIL_SERVER", "MAIL_FROM", "SITE_NAME"):
        if os.environ.get(key):
            settings[key] = os.environ[key]
    if os.environ.get("BASE_URL"):
        settings["BASE_URL"] = os.environ["BASE_URL"]
    if os.environ.get("ALLOWED_HOSTS"):
        settings["ALLOWED_HOSTS"] = tuple(os.environ["ALLOWED_HOSTS"].replace(",", " ").split())
    if os.environ.get("MAIL_PORT"):
        settings["MAIL_PORT"] = int(os.environ["MAIL_PORT"])
    settings.update(_mail_from_environment())
    if os.environ.get("SPELOTHEEK_DEMO") == "1":
        settings["DEMO"] = True
    if settings["DEMO"]:
        # Demo accounts are shared by everyone trying the site: no authenticator app needed.
        settings["REQUIRE_TWO_STEP_ROLES"] = ()
    settings.update(overrides or {})
    if settings.get("REDIS_URL") and settings["RATELIMIT_STORAGE_URI"] == "memory://":
        settings["RATELIMIT_STORAGE_URI"] = settings["REDIS_URL"]
    settings["DATABASE_URL"] = normalise_database_url(settings["DATABASE_URL"])
    if settings["DEBUG"] or settings["TESTING"] or settings["DEMO"]:
        settings["SESSION_COOKIE_SECURE"] = False  # served over plain http on this machine
    settings["SECRET_KEY"] = settings["SECRET_KEY"] or _demo_secret(settings)
    _check_mail(settings)
    _address(settings)
    return settings


class InvalidSetting(ValueError):
    """A setting that cannot work; the message names it and says what it needs."""


_YES, _NO = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def _mail_from_environment() -> dict[str, Any]:
    """The mail settings given in the environment (switches as 1/0, true/false, yes/no)."""
    found: dict[str, Any] = {}
    for key in ("MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_CA_FILE"):
        if os.environ.get(key):
            found[key] = os.environ[key]
    for key in ("MAIL_USE_STARTTLS", "MAIL_USE_SSL"):
        value = os.environ.get(key)
        if value is None:
            continue
        if value.strip().lower() not in _YES + _NO:
            raise InvalidSetting(f"{key} must be 1 or 0 (true/false), not {value!r}")
        found[key] = value.strip().lower() in _YES
    return found


def _check_mail(settings: dict[str, Any]) -> None:
    """Refuse mail settings that would fail on every message, or send a password in clear."""
    if settings["MAIL_USE_STARTTLS"] and settings["MAIL_USE_SSL"]:
        raise InvalidSetting("MAIL_USE_STARTTLS and MAIL_USE_SSL exclude each other: choose one")
    encrypted = settings["MAIL_USE_STARTTLS"] or settings["MAIL_USE_SSL"]
    if settings["MAIL_USERNAME"] and not encrypted:
        raise InvalidSetting(
            "MAIL_USERNAME needs MAIL_USE_STARTTLS or MAIL_USE_SSL: "
            "a password is never sent unencrypted"
        )
    if settings["MAIL_USERNAME"] and not settings["MAIL_PASSWORD"]:
        raise InvalidSetting("MAIL_USERNAME is set without MAIL_PASSWORD")
    if settings["MAIL_CA_FILE"] and not Path(settings["MAIL_CA_FILE"]).is_file():
        raise InvalidSetting(f"MAIL_CA_FILE {settings['MAIL_CA_FILE']} is not a file")


class BadBaseUrl(RuntimeError):
    """Raised when BASE_URL is missing in production, or is not a site address."""


def _address(settings: dict[str, Any]) -> None:
    """Check BASE_URL and decide which Host headers are served (HOSTS_SERVED; None: any)."""
    development = settings["DEMO"] or settings["DEBUG"] or settings["TESTING"]
    base = (settings.get("BASE_URL") or "").strip()
    settings["BASE_URL_GUESSED"] = not base
    if not base:
        if not development:
            raise BadBaseUrl(
                "BASE_URL is not set. Set it to the site's public address, for example "
                "https://spelotheek.example.be: calendar feeds and posters link to it, and "
                "only requests for its host are served."
            )
        # `make run` serves here (PORT); `spelotheek serve` corrects it to its own --host/--port.
        base = f"http://127.0.0.1:{os.environ.get('PORT') or 5000}"
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadBaseUrl(f"BASE_URL must start with https:// or http:// and name a host: {base!r}")
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        raise BadBaseUrl(
            f"BASE_URL is the site's address without a path: {base!r} (a site served under a "
            "path gets it from the server, SCRIPT_NAME)"
        )
    settings["BASE_URL"] = f"{parts.scheme}://{parts.netloc.lower()}"
    settings["ALLOWED_HOSTS"] = tuple(h.lower() for h in settings["ALLOWED_HOSTS"])
    # Development, demo and tests answer any host (127.0.0.1, localhost, a phone on the LAN).
    settings["HOSTS_SERVED"] = (
        None if development else (parts.hostname.lower(), *settings["ALLOWED_HOSTS"])
    )


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class MissingSecretKey(RuntimeError):
    """Raised when the site would run in production without a SECRET_KEY."""


def _demo_secret(settings: dict[str, Any]) -> str:
    """A secret kept under instance/ for demo and development; production must set its own."""
    if not (settings["DEMO"] or settings["DEBUG"] or settings["TESTING"]):
        raise MissingSecretKey(
            "SECRET_KEY is not set. Set it in the environment or in instance/config.py "
            "(python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    import secrets

    path = INSTANCE / "demo-secret-key"
    if not path.exists():
        INSTANCE.mkdir(exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()

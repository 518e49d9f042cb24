"""Settings, all read here: the declared defaults (settings.py), then the instance file
(instance/config.toml, data only), then the environment, then the caller's overrides.

Every value is checked at start-up; a bad one stops the site with a message that names it.
Nothing else in spelotheek/ reads the environment.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from spelotheek.paths import INSTANCE, ROOT
from spelotheek.setting_kinds import InvalidSetting
from spelotheek.settings import BY_NAME, SETTINGS

__all__ = ["InvalidSetting", "load"]

INSTANCE_FILE = INSTANCE / "config.toml"
# Where the instance file is, when not at instance/config.toml (a deployment's /etc/...).
INSTANCE_FILE_VARIABLE = "SPELOTHEEK_CONFIG"
# Older names still read from the environment (`make run` sets SPELOTHEEK_DEMO=1).
ALIASES = {"SPELOTHEEK_DEMO": "DEMO"}


class Fixed:
    """How Flask and its extensions are wired: not settings, though tests may override them."""

    DEBUG = False
    TESTING = False
    BABEL_DEFAULT_TIMEZONE = "Europe/Brussels"  # every date shown to a person is Brussels time
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "spelotheek"
    WTF_CSRF_TIME_LIMIT = None  # the session's own lifetime bounds the token
    RATELIMIT_ENABLED = True  # explicit: Flask-Limiter would keep the last app's choice
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_STRATEGY = "fixed-window"
    # Redis down: limits count in this process's memory until it answers again, and an error
    # of the limit's storage never turns a page into a 500 (login limits live in the database).
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}


def load(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Every setting, checked: defaults, then the instance file, the environment, the overrides."""
    environ = os.environ if environ is None else environ
    settings: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    settings.update({key: getattr(Fixed, key) for key in dir(Fixed) if key.isupper()})
    settings.update(_from_instance_file(environ))
    settings.update(_from_environment(environ))
    for key, value in (overrides or {}).items():
        known = BY_NAME.get(key)
        settings[key] = known.check(value, "the overrides") if known else value
    return _derive(settings, environ)


def _instance_file(environ: Mapping[str, str]) -> Path:
    """The instance file's path: SPELOTHEEK_CONFIG, else instance/config.toml."""
    return Path(environ.get(INSTANCE_FILE_VARIABLE) or INSTANCE_FILE)


def _from_instance_file(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings in the instance file, read as data (TOML): nothing in it is run."""
    if (INSTANCE / "config.py").exists():
        raise InvalidSetting(
            "instance/config.py is no longer read: settings are data now. Write the same "
            "UPPER_CASE names in instance/config.toml (e.g. REACH_THRESHOLD = 10, "
            'SITE_NAME = "Spelotheek"; none is written "none"), then remove config.py.'
        )
    path = _instance_file(environ)
    if not path.exists():
        if environ.get(INSTANCE_FILE_VARIABLE):
            raise InvalidSetting(f"{INSTANCE_FILE_VARIABLE} names {path}, which does not exist")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidSetting(f"{path} is not valid TOML: {error}") from None
    found: dict[str, Any] = {}
    for key, value in data.items():
        setting = BY_NAME.get(key)
        if setting is None:
            raise InvalidSetting(f"{key} (from {path}) is not a setting; see the README's list")
        found[key] = setting.check(value, str(path))
    return found


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings given in the environment; an empty variable counts as not given."""
    found: dict[str, Any] = {}
    for alias, name in ALIASES.items():
        if environ.get(alias):
            found[name] = BY_NAME[name].from_text(environ[alias], f"the environment ({alias})")
    for setting in SETTINGS:
        text = environ.get(setting.name)
        if text and text.strip():
            found[setting.name] = setting.from_text(text, "the environment")
    return found


def _derive(settings: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """Settings that follow from others, and the checks that involve more than one."""
    if settings["DEMO"]:
        # Demo accounts are shared by everyone trying the site: no authenticator app needed.
        settings["REQUIRE_TWO_STEP_ROLES"] = ()
    if settings.get("REDIS_URL") and settings["RATELIMIT_STORAGE_URI"] == "memory://":
        settings["RATELIMIT_STORAGE_URI"] = settings["REDIS_URL"]
    settings["RATELIMIT_KEY_PREFIX"] = settings["REDIS_KEY_PREFIX"]
    settings["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=settings["SESSION_MAX_HOURS"])
    settings["DATABASE_URL"] = normalise_database_url(settings["DATABASE_URL"])
    if settings["DEBUG"] or settings["TESTING"] or settings["DEMO"]:
        settings["SESSION_COOKIE_SECURE"] = False  # served over plain http on this machine
    settings["SECRET_KEY"] = settings["SECRET_KEY"] or _demo_secret(settings)
    _check_mail(settings)
    _check_messages(settings)
    _address(settings)
    return settings


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


def _check_messages(settings: dict[str, Any]) -> None:
    """Refuse a message provider that would refuse every message, or get its key in clear."""
    url = settings["MESSAGE_PROVIDER_URL"]
    if url and not settings["MESSAGE_PROVIDER_KEY"]:
        raise InvalidSetting("MESSAGE_PROVIDER_URL is set without MESSAGE_PROVIDER_KEY")
    development = settings["DEMO"] or settings["DEBUG"] or settings["TESTING"]
    if url and url.startswith("http://") and not development:
        raise InvalidSetting("MESSAGE_PROVIDER_URL must start with https:// (the key goes with it)")


class BadBaseUrl(InvalidSetting):
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
        base = f"http://127.0.0.1:{settings['PORT']}"
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


class MissingSecretKey(InvalidSetting):
    """Raised when the site would run in production without a SECRET_KEY."""


def _demo_secret(settings: dict[str, Any]) -> str:
    """A secret kept under instance/ for demo and development; production must set its own."""
    if not (settings["DEMO"] or settings["DEBUG"] or settings["TESTING"]):
        raise MissingSecretKey(
            "SECRET_KEY is not set. Set it in the environment or in instance/config.toml "
            "(python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    import secrets

    path = INSTANCE / "demo-secret-key"
    if not path.exists():
        INSTANCE.mkdir(exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()

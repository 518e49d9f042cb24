"""Settings, all read here: declared with a default and a meaning, then the instance file
(instance/config.toml, data only), then the environment, then the caller's overrides.

Every value is checked at start-up; a bad one stops the site with a message that names it.
Nothing else in spelotheek/ reads the environment. The README's settings table is made from
SETTINGS (`make settings-table` rewrites it; a test keeps it equal).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from spelotheek.auth.roles import Role
from spelotheek.setting_kinds import InvalidSetting, Names, Setting, Switch, Table, Text, Whole

__all__ = ["InvalidSetting", "SETTINGS", "load"]

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
INSTANCE_FILE = INSTANCE / "config.toml"
# Where the instance file is, when not at instance/config.toml (a deployment's /etc/...).
INSTANCE_FILE_VARIABLE = "SPELOTHEEK_CONFIG"
# Older names still read from the environment (`make run` sets SPELOTHEEK_DEMO=1).
ALIASES = {"SPELOTHEEK_DEMO": "DEMO"}

# Languages the site ships, each named in itself. Adding one: a catalogue plus one line here.
LANGUAGES: dict[str, dict[str, str]] = {
    "nl": {"name": "Nederlands", "dir": "ltr"},
    "fr": {"name": "Français", "dir": "ltr"},
    "en": {"name": "English", "dir": "ltr"},
    "ar": {"name": "العربية", "dir": "rtl"},
    "tr": {"name": "Türkçe", "dir": "ltr"},
}


def _limit(text: str) -> bool:
    """A login limit: '5 per 15 minutes'."""
    from spelotheek.auth.rules import parse_limit

    try:
        parse_limit(text)
    except ValueError:
        return False
    return True


def _limits(text: str) -> bool:
    """A rate limit as Flask-Limiter reads it: '10 per minute;60 per hour'."""
    from limits import parse_many

    try:
        return bool(parse_many(text))
    except ValueError:
        return False


def _database(text: str) -> bool:
    return text.startswith(("sqlite://", "postgresql://", "postgres://", "postgresql+psycopg://"))


_LIMIT = Text(described="a limit such as '5 per 15 minutes'", valid=_limit)
_LIMITS = Text(described="limits such as '10 per minute;60 per hour'", valid=_limits)
_MINUTES = Whole(minimum=1, maximum=24 * 60)
_MONTHS = Whole(minimum=1, maximum=120)
_ADDRESS = Text(described="an e-mail address", pattern=r"[^@\s]+@[^@\s]+|.*<[^@\s]+@[^@\s]+>")

SETTINGS: tuple[Setting, ...] = (
    Setting("SITE_NAME", "Spelotheek", Text(), "the name in the header, on cards and in mail"),
    Setting(
        "BASE_URL",
        None,
        Text(optional=True, described="an address such as https://spelotheek.example.be"),
        "the site's public address, without a path; every absolute link is made from it and in "
        "production other hosts get 400. Required outside demo and development",
        shown_default="http://127.0.0.1:PORT in demo and development",
    ),
    Setting(
        "ALLOWED_HOSTS",
        (),
        Names(),
        "other host names production answers to (commas or spaces); links still use BASE_URL",
    ),
    Setting(
        "DATABASE_URL",
        f"sqlite:///{INSTANCE / 'spelotheek.sqlite'}",
        Text(described="a sqlite:/// or postgresql:// address", valid=_database),
        "the database: `sqlite:///path` or `postgresql://user@host/db`",
        shown_default="sqlite:///instance/spelotheek.sqlite",
    ),
    Setting(
        "SECRET_KEY",
        None,
        Text(optional=True, described="a random text of at least 16 characters", pattern=".{16,}"),
        "signs sessions; required outside demo and development "
        "(`python -c 'import secrets; print(secrets.token_hex(32))'`)",
        secret=True,
        shown_default="none (demo: kept in instance/demo-secret-key)",
    ),
    Setting(
        "REDIS_URL",
        None,
        Text(optional=True, described="a redis:// address", pattern=r"rediss?://.+"),
        "share rate limits between workers (in memory otherwise)",
    ),
    Setting("DEMO", False, Switch(), "demo mode: demo data, shared logins, no two-step login"),
    Setting("PORT", 5000, Whole(minimum=1, maximum=65535), "where `spelotheek serve` listens"),
    Setting(
        "BABEL_DEFAULT_LOCALE",
        "nl",
        Text(choices=tuple(LANGUAGES)),
        "the language for visitors whose browser asks for none the site has",
    ),
    Setting(
        "MAX_CONTENT_LENGTH",
        6 * 1024 * 1024,
        Whole(minimum=1024),
        "the largest request in bytes (photo uploads)",
    ),
    Setting("STAFF_IDLE_MINUTES", 30, _MINUTES, "staff are logged out after this idle time"),
    Setting("FAMILY_IDLE_MINUTES", 60, _MINUTES, "families are logged out after this idle time"),
    Setting("SESSION_MAX_HOURS", 12, Whole(minimum=1, maximum=744), "the longest a login lasts"),
    Setting(
        "LOGIN_LIMIT_ADDRESS", "20 per 15 minutes", _LIMIT, "tries at a secret from one address"
    ),
    Setting(
        "LOGIN_LIMIT_ACCOUNT",
        "5 per 15 minutes",
        _LIMIT,
        "tries at one account's secret from one client",
    ),
    Setting(
        "LOGIN_LIMIT_ACCOUNT_ALL_CLIENTS",
        "20 per hour",
        _LIMIT,
        "tries at one account's secret from unknown devices together",
    ),
    Setting(
        "LOGIN_BACKOFF_SECONDS",
        60,
        Whole(minimum=1, maximum=86400),
        "the first wait past an account's limits; it doubles with each wrong try, up to a day",
    ),
    Setting(
        "REQUIRE_TWO_STEP_ROLES",
        ("coordinator", "facilitator"),
        Names(choices=tuple(r.value for r in Role)),
        "roles that must use two-step login (none in demo mode)",
    ),
    Setting(
        "FRESH_LOGIN_MINUTES",
        10,
        _MINUTES,
        "exports and perinatal lists ask for the password again after this",
    ),
    Setting(
        "FRESH_EXPORT_MINUTES",
        5,
        _MINUTES,
        "another family's whole record asks for the password again after this",
    ),
    Setting(
        "FAMILY_READ_LIMIT",
        "10 per minute;60 per hour",
        _LIMITS,
        "family records opened (page, export, API) per staff account and per device token",
    ),
    Setting("TOPICS_PROPOSE_LIMIT", "10 per hour", _LIMITS, "topic suggestions per address"),
    Setting("TOPICS_SUPPORT_LIMIT", "60 per hour", _LIMITS, "topic supports per address"),
    Setting(
        "LOANS_REPEAT_SECONDS",
        5,
        Whole(minimum=0, maximum=3600),
        "the desk ignores the same scan repeated within this many seconds",
    ),
    Setting(
        "LOANS_UPLOAD_DIR",
        None,
        Text(optional=True, described="a folder"),
        "where toy and place photos are kept",
        shown_default="instance/uploads",
    ),
    Setting(
        "MEETUP_FEED_HISTORY_DAYS",
        92,
        Whole(minimum=0, optional=True),
        "how far back calendar feeds carry changed and cancelled dates (none: all history)",
    ),
    Setting(
        "REACH_SNAPSHOT_SECONDS",
        600,
        Whole(minimum=0),
        "how long reach figures are reused before they are counted again (0: every view)",
    ),
    Setting(
        "REACH_THRESHOLD",
        10,
        Whole(minimum=5, maximum=1000),
        "the smallest count reach statistics show",
    ),
    Setting("REACH_ROUNDING", 5, Whole(minimum=1, maximum=100), "shown counts are rounded to this"),
    Setting(
        "REACH_NEIGHBOURHOODS",
        (),
        Names(),
        "neighbourhoods offered in the reach questions",
        shown_default="those in REACH_POSTCODES",
    ),
    Setting(
        "REACH_POSTCODES",
        {},
        Table(),
        "postcode to neighbourhood, to suggest the answer",
    ),
    Setting(
        "REACH_LANGUAGES",
        (),
        Names(),
        "home languages offered (language codes)",
        shown_default="16 common languages and 'other'",
    ),
    Setting("RETENTION_LOANS_MONTHS", 12, _MONTHS, "a returned loan loses its family after this"),
    Setting(
        "RETENTION_INACTIVE_FAMILY_MONTHS",
        24,
        _MONTHS,
        "a family not seen this long is asked whether to keep the card",
    ),
    Setting(
        "RETENTION_NOTICE_MONTHS",
        2,
        _MONTHS,
        "an unanswered question about the card: the family is deleted after this",
    ),
    Setting(
        "RETENTION_PERINATAL_MONTHS",
        12,
        _MONTHS,
        "a pregnancy group's participants are removed this long after it ends",
    ),
    Setting("RETENTION_AUDIT_MONTHS", 12, _MONTHS, "how long the audit log is kept"),
    Setting(
        "MAIL_SERVER",
        None,
        Text(optional=True, described="a host name"),
        "the SMTP server for reminders; without one, mail is written to instance/outbox/",
    ),
    Setting("MAIL_PORT", 25, Whole(minimum=1, maximum=65535), "the SMTP server's port"),
    Setting("MAIL_FROM", "spelotheek@localhost", _ADDRESS, "the sender of every message"),
    Setting(
        "MAIL_USE_STARTTLS",
        False,
        Switch(),
        "upgrade the connection (usually port 587); the certificate is checked",
    ),
    Setting(
        "MAIL_USE_SSL",
        False,
        Switch(),
        "TLS from the first byte (usually port 465); the certificate is checked",
    ),
    Setting(
        "MAIL_USERNAME",
        None,
        Text(optional=True),
        "log in to the SMTP server; only with STARTTLS or SSL",
    ),
    Setting(
        "MAIL_PASSWORD",
        None,
        Text(optional=True),
        "the SMTP password, with MAIL_USERNAME",
        secret=True,
    ),
    Setting(
        "MAIL_CA_FILE",
        None,
        Text(optional=True, described="a certificate file"),
        "a private authority's certificate for the SMTP server; else the system's",
    ),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


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
    settings["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=settings["SESSION_MAX_HOURS"])
    settings["DATABASE_URL"] = normalise_database_url(settings["DATABASE_URL"])
    if settings["DEBUG"] or settings["TESTING"] or settings["DEMO"]:
        settings["SESSION_COOKIE_SECURE"] = False  # served over plain http on this machine
    settings["SECRET_KEY"] = settings["SECRET_KEY"] or _demo_secret(settings)
    _check_mail(settings)
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


TABLE_START = "<!-- settings table: made by `make settings-table`, do not edit -->"
TABLE_END = "<!-- end of settings table -->"


def settings_table() -> str:
    """The README's table of every setting, its default and its meaning."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for setting in SETTINGS:
        default = setting.shown_default or f"`{setting.default_in_words()}`"
        rows.append(f"| `{setting.name}` | {default} | {setting.meaning} |")
    return "\n".join(rows)


def readme_with_table(readme: str) -> str:
    """The README with its settings table made anew from SETTINGS."""
    before, _, rest = readme.partition(TABLE_START)
    _, found, after = rest.partition(TABLE_END)
    if not found:
        raise ValueError("the README has no settings table markers")
    return f"{before}{TABLE_START}\n{settings_table()}\n{TABLE_END}{after}"


def write_readme_table() -> None:
    """Rewrite the README's settings table (`make settings-table`)."""
    readme = ROOT / "README.md"
    readme.write_text(readme_with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")

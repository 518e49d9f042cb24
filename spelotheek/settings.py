"""Every setting: its name, default, kind and meaning; the README's table is made from them."""

from __future__ import annotations

from spelotheek.auth.roles import Role
from spelotheek.paths import INSTANCE, ROOT
from spelotheek.setting_kinds import Names, Setting, Switch, Table, Text, Whole

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
        "share rate limits between workers (in memory otherwise) and queue short messages for "
        "`spelotheek messages worker` (sent by the web process itself otherwise)",
    ),
    Setting(
        "REDIS_KEY_PREFIX",
        "spelotheek",
        Text(described="letters, digits, dashes", pattern=r"[A-Za-z0-9_-]{1,40}"),
        "the start of every rate-limit key in Redis: two sites sharing one Redis need two prefixes",
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        Whole(minimum=0, maximum=5),
        "how many reverse proxies (nginx, deploy/) stand in front and set X-Forwarded-For and "
        "-Proto: visitors' addresses (login and rate limits) and https come from them (0: none)",
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
        "PHONE_SESSION_DAYS",
        90,
        Whole(minimum=1, maximum=400),
        "a family's phone that stays logged in does so this many days (no idle time-out)",
    ),
    Setting(
        "LOGIN_LINK_LIMIT",
        "3 per hour;6 per day",
        _LIMITS,
        "lost-card texts asked for, per phone number and per address",
    ),
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
        "STORAGE_S3_BUCKET",
        None,
        Text(optional=True, described="a bucket name", pattern=r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
        "keep photos in this S3-compatible bucket, shared by every instance (without it: the "
        "local folder LOANS_UPLOAD_DIR, for a single machine)",
    ),
    Setting(
        "STORAGE_S3_ENDPOINT_URL",
        None,
        Text(optional=True, described="an http(s):// address", pattern=r"https?://.+"),
        "the object storage's address (none: Amazon S3 itself)",
    ),
    Setting(
        "STORAGE_S3_REGION",
        "us-east-1",
        Text(described="a region name", pattern=r"[a-z0-9-]{1,40}"),
        "the object storage's region",
    ),
    Setting(
        "STORAGE_S3_ACCESS_KEY",
        None,
        Text(optional=True, described="an access key id"),
        "the object storage's access key (none: boto3's usual places, such as AWS_ACCESS_KEY_ID)",
    ),
    Setting(
        "STORAGE_S3_SECRET_KEY",
        None,
        Text(optional=True, described="a secret key"),
        "the object storage's secret key",
        secret=True,
    ),
    Setting(
        "STORAGE_TIMEOUT_SECONDS",
        5,
        Whole(minimum=1, maximum=60),
        "how long to wait for the object storage before an upload is refused",
    ),
    Setting(
        "JOBS_QUEUE",
        "jobs",
        Text(described="a queue name", pattern=r"[a-z0-9_-]{1,40}"),
        "the Redis queue reminders, purges and statistics refreshes wait in (with REDIS_URL)",
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
        "RETENTION_HANDOVERS_MONTHS",
        6,
        _MONTHS,
        "a closed handover (refused, withdrawn, expired or answered) is deleted after this",
    ),
    Setting(
        "HANDOVER_EXPIRY_DAYS",
        30,
        Whole(minimum=1, maximum=365),
        "a handover nobody approved expires after this many days",
    ),
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
SETTINGS += (
    Setting(
        "MESSAGE_PROVIDER_URL",
        None,
        Text(optional=True, described="an https:// address", pattern=r"https?://.+"),
        "the SMS/WhatsApp provider's API address (JSON over HTTP); without one, short messages "
        "are written to instance/outbox/",
    ),
    Setting(
        "MESSAGE_PROVIDER_KEY",
        None,
        Text(optional=True),
        "the key sent to the provider (Authorization: Bearer), with MESSAGE_PROVIDER_URL",
        secret=True,
    ),
    Setting(
        "MESSAGE_CALLBACK_SECRET",
        None,
        Text(optional=True, described="a random text of at least 16 characters", pattern=".{16,}"),
        "signs the provider's delivery reports and answers (HMAC-SHA256); without it they are "
        "refused",
        secret=True,
    ),
    Setting(
        "MESSAGE_MAX_ATTEMPTS",
        5,
        Whole(minimum=1, maximum=20),
        "tries to hand a short message to the provider before it counts as failed",
    ),
    Setting(
        "MESSAGE_TIMEOUT_SECONDS",
        10,
        Whole(minimum=1, maximum=120),
        "how long to wait for the provider's answer before trying again later",
    ),
    Setting(
        "MESSAGE_QUEUE",
        "messages",
        Text(described="a queue name", pattern=r"[a-z0-9_-]{1,40}"),
        "the Redis queue short messages wait in (with REDIS_URL)",
    ),
    Setting(
        "RETENTION_MESSAGES_DAYS",
        30,
        Whole(minimum=1, maximum=365),
        "a sent, failed or cancelled short message is deleted after this many days",
    ),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


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

"""Parent-led topics as pure rules: the status workflow, what a proposal may hold, and what a
planned date shows as its theme. No clock, no Flask, no database.

    new ──► accepted ──► planned ──► discussed
     │          │  ▲        │
     │          │  └────────┘ (plan taken back)
     ├──────────┴──► declined (with a reason the proposer sees) ──► accepted (reconsidered)
     └──────────┴──► merged (into the topic that is kept)
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import unicodedata
from collections.abc import Mapping

from spelotheek.domain_errors import DomainError
from spelotheek.lazytext import lazy_gettext as _l

STATUSES = ("new", "accepted", "planned", "discussed", "declined", "merged")
PUBLIC_STATUSES = ("accepted", "planned", "discussed")
AUDIENCES = ("open", "series", "group")
THEMES = (
    "rights",
    "health",
    "housing",
    "school",
    "work",
    "leisure",
    "play",
    "parenting",
    "other",
)
THEME_LABELS: Mapping[str, object] = {
    "rights": _l("Rights and money"),
    "health": _l("Health care"),
    "housing": _l("Housing"),
    "school": _l("School and childcare"),
    "work": _l("Work"),
    "leisure": _l("Free time"),
    "play": _l("Play and growing up"),
    "parenting": _l("Raising children"),
    "other": _l("Something else"),
}
STATUS_LABELS: Mapping[str, object] = {
    "new": _l("Waiting for a look"),
    "accepted": _l("Proposed"),
    "planned": _l("Planned"),
    "discussed": _l("Talked about"),
    "declined": _l("Not taken up"),
    "merged": _l("Joined with a similar topic"),
}

TEXT_MAX = 500
NOTE_MAX = 500
REASON_MAX = 300
THEME_TEXT_MAX = 200
SIGNAL_TITLE_MAX = 200

TRANSITIONS: Mapping[str, frozenset[str]] = {
    "new": frozenset({"accepted", "declined", "merged"}),
    "accepted": frozenset({"planned", "declined", "merged"}),
    "planned": frozenset({"planned", "accepted", "discussed", "declined", "merged"}),
    "discussed": frozenset(),
    "declined": frozenset({"accepted"}),
    "merged": frozenset(),
}


class TopicRefused(DomainError):
    """A proposal, support or staff step that cannot be; the message says what to do."""

    code = "topic_refused"


def can_move(current: str, target: str) -> bool:
    """True when the workflow allows going from `current` to `target`."""
    return target in TRANSITIONS.get(current, frozenset())


def check_move(current: str, target: str) -> None:
    """Raise TopicRefused when the workflow does not allow this step."""
    if not can_move(current, target):
        raise TopicRefused(
            _l(
                "This topic is '%(current)s' now; it cannot become '%(target)s'.",
                current=STATUS_LABELS.get(current, current),
                target=STATUS_LABELS.get(target, target),
            ),
            code="wrong_status",
            status=409,
        )


def is_public(status: str) -> bool:
    """True for the statuses anyone may see (after a staff decision)."""
    return status in PUBLIC_STATUSES


def clean_text(text: str | None) -> str:
    """Trimmed text without control characters (new lines and tabs become spaces)."""
    text = (text or "").replace("\r\n", "\n")
    kept = [
        " " if ch in "\n\t" else ch
        for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    ]
    return "".join(kept).strip()


def check_proposal(text: str, theme: str | None) -> tuple[str, str | None]:
    """The cleaned words and theme of a proposal; a picture alone is enough."""
    text = clean_text(text)
    theme = theme or None
    if theme is not None and theme not in THEMES:
        raise TopicRefused(_l("Please choose one of the pictures."), code="unknown_theme")
    if not text and theme is None:
        raise TopicRefused(
            _l("Tap a picture, or write a few words (or both)."), code="empty_proposal"
        )
    if len(text) > TEXT_MAX:
        raise TopicRefused(
            _l("Please keep it short: at most %(n)d characters.", n=TEXT_MAX), code="too_long"
        )
    return text, theme


def check_audience(
    audience: str,
    series_id: int | None,
    group_id: int | None,
    family_group_ids: frozenset[int] | set[int],
) -> None:
    """A topic is for the open meetings, one meeting series, or a group the family is in."""
    if audience not in AUDIENCES:
        raise TopicRefused(_l("Please choose where to talk about it."), code="unknown_audience")
    if audience == "series" and series_id is None:
        raise TopicRefused(_l("Please choose a meeting."), code="series_needed")
    if audience == "group" and (group_id is None or group_id not in family_group_ids):
        raise TopicRefused(
            _l("Only the participants of a group can propose a topic for it."),
            code="not_in_group",
            status=403,
        )


def check_reason(reason: str) -> str:
    """A decline needs a short reason the proposer will read."""
    reason = clean_text(reason)
    if not reason:
        raise TopicRefused(
            _l("Please write a short reason. The person who proposed it will see it."),
            code="reason_needed",
        )
    if len(reason) > REASON_MAX:
        raise TopicRefused(
            _l("Please keep it short: at most %(n)d characters.", n=REASON_MAX), code="too_long"
        )
    return reason


def check_note(talked: str, found: str, next_steps: str) -> tuple[str, str, str]:
    """The three short parts of the note written after the talk; at least one is needed."""
    parts = tuple(clean_text(p) for p in (talked, found, next_steps))
    if not any(parts):
        raise TopicRefused(
            _l("Please write at least one line about what came of it."), code="note_needed"
        )
    if any(len(p) > NOTE_MAX for p in parts):
        raise TopicRefused(
            _l("Please keep it short: at most %(n)d characters.", n=NOTE_MAX), code="too_long"
        )
    return parts  # type: ignore[return-value]


def check_merge(topic_id: int, topic_status: str, kept_id: int, kept_status: str) -> None:
    """A duplicate joins a topic that is still alive (not itself, not declined or merged)."""
    check_move(topic_status, "merged")
    if topic_id == kept_id:
        raise TopicRefused(_l("A topic cannot be joined with itself."), code="merge_self")
    if kept_status in ("declined", "merged"):
        raise TopicRefused(
            _l("Choose a topic that is still open to join it with."), code="merge_target"
        )


def address_hash(secret: str, topic_id: int, address: str | None) -> str:
    """The key under which an anonymous support is limited: one per internet address and topic.

    Never the address itself: a keyed hash (HMAC with the site's secret, so nobody can try all
    IPv4 addresses against it) that also holds the topic, so supports on two topics cannot be
    linked. An IPv6 household rotates addresses inside its /64: that counts as one address.
    """
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        place = (address or "unknown").strip()[:64]
    else:
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if isinstance(ip, ipaddress.IPv6Address):
            place = str(ipaddress.IPv6Network((ip, 64), strict=False).network_address) + "/64"
        else:
            place = str(ip)
    message = f"topic-support:{topic_id}:{place}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def theme_text(summary: str, text: str, theme_label: str) -> str:
    """What a planned date shows as its theme: the summary, else the words, else the picture's
    name; cut to fit."""
    chosen = clean_text(summary) or clean_text(text) or theme_label
    if len(chosen) > THEME_TEXT_MAX:
        chosen = chosen[: THEME_TEXT_MAX - 1].rstrip() + "…"
    return chosen


def check_signal_title(title: str) -> str:
    """A signal says in a few words what families run into."""
    title = clean_text(title)
    if not title:
        raise TopicRefused(_l("Please say in a few words what families run into."), code="empty")
    if len(title) > SIGNAL_TITLE_MAX:
        raise TopicRefused(
            _l("Please keep it short: at most %(n)d characters.", n=SIGNAL_TITLE_MAX),
            code="too_long",
        )
    return title

"""Pure rules of the signals bundle: statuses, levels, limits and what a meeting must hear."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from spelotheek.domain_errors import DomainError
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.reach.rules import shown

STATUSES = ("open", "in_action", "passed_on", "solved")
OPEN_STATUSES = ("open", "in_action", "passed_on")
# How the topics' signals (before migration 0016) map onto these statuses.
TOPIC_STATUSES = {
    "new": "open",
    "handling": "in_action",
    "passed_on": "passed_on",
    "resolved": "solved",
}
LEVELS = ("local", "authority")
BARRIER_SOURCES = ("rights_check", "handover", "topic", "worker")

STATUS_LABELS: Mapping[str, object] = {
    "open": _l("Open"),
    "in_action": _l("We are working on it"),
    "passed_on": _l("Passed on"),
    "solved": _l("Solved"),
}
LEVEL_LABELS: Mapping[str, object] = {
    "local": _l("Local: partners can solve it themselves"),
    "authority": _l("Passed on to the authority in charge"),
}
SOURCE_LABELS: Mapping[str, object] = {
    "rights_check": _l("Rights check"),
    "handover": _l("Handover"),
    "topic": _l("Parents' topic"),
    "worker": _l("A worker"),
}

TITLE_MAX = 200
OUTCOME_MAX = 2000
CHANGE_MAX = 2000
AUTHORITY_MAX = 160
STEP_MAX = 300
OWNER_MAX = 160
WHAT_MAX = 500
PLACE_MAX = 160
MINUTES_MAX = 2000
MAX_COUNT = 100_000


class SignalRefused(DomainError):
    """A step on a signal that cannot be taken as asked (message for people)."""


def clean(text: str | None) -> str:
    """Text without surrounding spaces and with no control characters but new lines."""
    text = (text or "").replace("\r\n", "\n").strip()
    return "".join(c for c in text if c == "\n" or c.isprintable())


def check_text(text: str | None, limit: int, required: object | None = None) -> str:
    """Cleaned text within `limit`; refused when empty and `required` (the message) is given."""
    text = clean(text)
    if required is not None and not text:
        raise SignalRefused(required, code="empty")
    if len(text) > limit:
        raise SignalRefused(
            _l("Please keep it short: at most %(n)d characters.", n=limit), code="too_long"
        )
    return text


def check_title(title: str | None) -> str:
    """A signal says in a few words what families run into."""
    return check_text(title, TITLE_MAX, _l("Please say in a few words what families run into."))


def check_status(status: str) -> str:
    """A known status, else a refusal."""
    if status not in STATUSES:
        raise SignalRefused(_l("Please choose a status from the list."), code="unknown_status")
    return status


def check_level(level: str, authority: str | None) -> tuple[str, str]:
    """Local, or passed on to a named authority (which one must be said)."""
    if level not in LEVELS:
        raise SignalRefused(_l("Please choose a level from the list."), code="unknown_level")
    authority = check_text(authority, AUTHORITY_MAX)
    if level == "authority" and not authority:
        raise SignalRefused(
            _l("Please say which authority it was passed on to."), code="authority_needed"
        )
    return level, authority if level == "authority" else ""


def check_count(count: int, more: int = 1) -> int:
    """The count after `more` barriers; refused past a sane maximum."""
    if count + more > MAX_COUNT:
        raise SignalRefused(_l("This count is already very high."), code="too_many")
    return count + more


def changed_since(
    entries: Iterable[tuple[int, datetime]], since: datetime | None
) -> dict[int, int]:
    """Per signal id, how many history entries are newer than `since` (all when None)."""
    counts: dict[int, int] = {}
    for signal_id, at in entries:
        if since is None or at > since:
            counts[signal_id] = counts.get(signal_id, 0) + 1
    return counts


def previous_meeting(starts: Sequence[datetime], this: datetime) -> datetime | None:
    """The start of the latest meeting before `this`, or None for the first."""
    earlier = [s for s in starts if s < this]
    return max(earlier) if earlier else None


def public_count(count: int, threshold: int, base: int) -> int | str:
    """A barrier count as shown outside the network: the reach statistics' small-number rule."""
    return shown(count, 0 < count < threshold, threshold, base)


def may_see(
    principal: str, own_organization_id: int | None, signal_organization_id: int | None
) -> bool:
    """Staff and the coordinator see every signal; a partner only those it is responsible for."""
    if principal in ("staff", "coordinator"):
        return True
    return (
        principal == "partner"
        and own_organization_id is not None
        and own_organization_id == signal_organization_id
    )

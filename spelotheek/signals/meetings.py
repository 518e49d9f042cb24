"""Network meetings: planned with a time and place; their minutes go into each signal's history."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.signals import rules, services
from spelotheek.signals.models import NetworkMeeting


def get_meeting(session: Session, meeting_id: int) -> NetworkMeeting:
    """The meeting with this id; NotFound otherwise."""
    meeting = session.get(NetworkMeeting, meeting_id)
    if meeting is None:
        raise NotFound(_l("We could not find this meeting."))
    return meeting


def plan_meeting(
    session: Session,
    actor_id: int | None,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    now: datetime,
) -> NetworkMeeting:
    """A network meeting at a time and place (instants in UTC)."""
    if ends_at <= starts_at:
        raise rules.SignalRefused(_l("The meeting must end after it starts."), code="ends_first")
    meeting = NetworkMeeting(
        uid=f"{secrets.token_hex(16)}@spelotheek",
        starts_at=starts_at,
        ends_at=ends_at,
        place=rules.check_text(place, rules.PLACE_MAX),
        created_at=now,
        updated_at=now,
    )
    session.add(meeting)
    session.flush()
    audit.record(
        session, "meeting_planned", actor_id=actor_id, subject_type="network_meeting",
        subject_id=meeting.id,
    )  # fmt: skip
    return meeting


def save_minutes(
    session: Session,
    actor_id: int | None,
    meeting: NetworkMeeting,
    general: str,
    per_signal: Mapping[int, tuple[str, str]],
    now: datetime,
) -> int:
    """Keep the minutes: each signal's words (and new status) become an entry of its history.

    `per_signal` maps a signal id to (what was said, status or "" for unchanged); a signal with
    neither new words nor a new status gets no entry. Nothing is kept when one part is refused.
    Answers how many entries were added.
    """
    general = rules.check_text(general, rules.MINUTES_MAX)
    checked = {
        signal_id: (rules.check_text(text, rules.CHANGE_MAX), status and rules.check_status(status))
        for signal_id, (text, status) in per_signal.items()
    }
    added = 0
    for signal_id, (text, chosen) in sorted(checked.items()):
        signal = services.get_signal(session, signal_id)
        status = chosen or signal.status
        if not text and status == signal.status:
            continue
        services.set_status(session, actor_id, signal, status, text, now, meeting_id=meeting.id)
        added += 1
    if general:
        meeting.minutes = f"{meeting.minutes}\n\n{general}".strip()
    meeting.updated_at = now
    session.flush()
    audit.record(
        session, "meeting_minutes", actor_id=actor_id, subject_type="network_meeting",
        subject_id=meeting.id, detail=str(added),
    )  # fmt: skip
    return added

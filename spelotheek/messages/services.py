"""Queue a short message for a family: only on a channel it opted in to, never twice."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime
from typing import TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from spelotheek.audit import record_by_staff_or_family
from spelotheek.domain_errors import DomainError
from spelotheek.families.models import Family
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.messages.models import Message, MessageConsent, MessagePreference
from spelotheek.messages.rules import MAX_BODY, PURPOSES, TEXT_CHANNELS, send_after


class MessagesRefused(DomainError):
    """A choice of short messages that cannot be kept (no number to send them to)."""

    code = "messages_refused"


def opted_in_channels(session: Session, family_id: int) -> list[str]:
    """The text channels the family said yes to, in our order of preference."""
    return channels_of(session, [family_id]).get(family_id, [])


# Values bound in one statement at most: SQLite refuses more than 32,766, psycopg 65,535.
_Bound = TypeVar("_Bound", int, str)
_PER_STATEMENT = 5000


def in_slices(values: Collection[_Bound]) -> Iterator[list[_Bound]]:
    """The values, sorted, in slices small enough to bind in one statement."""
    ordered = sorted(values)
    for start in range(0, len(ordered), _PER_STATEMENT):
        yield ordered[start : start + _PER_STATEMENT]


def channels_of(session: Session, family_ids: Collection[int]) -> dict[int, list[str]]:
    """Per family that opted in to any, its text channels in our order of preference."""
    chosen: dict[int, set[str]] = {}
    for ids in in_slices(family_ids):
        rows = session.execute(
            select(MessageConsent.family_id, MessageConsent.channel).where(
                MessageConsent.family_id.in_(ids)
            )
        )
        for family_id, channel in rows:
            chosen.setdefault(family_id, set()).add(channel)
    return {
        family_id: [channel for channel in TEXT_CHANNELS if channel in channels]
        for family_id, channels in chosen.items()
    }


def set_channels(session: Session, family: Family, channels: set[str], now: datetime) -> None:
    """Keep exactly these text channels for the family (an empty set: no short messages)."""
    unknown = channels - set(TEXT_CHANNELS)
    if unknown:
        raise ValueError(f"unknown channels {sorted(unknown)}")
    current = set(opted_in_channels(session, family.id))
    for channel in channels - current:
        session.add(MessageConsent(family_id=family.id, channel=channel, given_at=now))
    if current - channels:
        session.execute(
            delete(MessageConsent).where(
                MessageConsent.family_id == family.id,
                MessageConsent.channel.in_(current - channels),
            )
        )
    session.flush()


def queue_message(
    session: Session,
    family: Family,
    purpose: str,
    body: str,
    *,
    now: datetime,
    key: str,
    channel: str | None = None,
) -> Message | None:
    """Queue `body` for the family; None when it has no number or did not opt in.

    `key` names the occasion ("due_soon:loan:42"): a second call with the same key answers the
    message already queued. Inside the quiet hours the message waits until 08:00 Brussels time
    (a login link excepted: see rules.ANY_HOUR).
    """
    check_message(purpose, body)
    existing = session.scalar(select(Message).where(Message.idempotency_key == key))
    if existing is not None:
        return existing
    if not family.phone:
        return None
    channels = opted_in_channels(session, family.id)
    if channel is not None:
        channels = [c for c in channels if c == channel]
    if not channels:
        return None
    language = message_language(session, family)
    message = new_message(family, channels[0], purpose, language, body, key=key, now=now)
    session.add(message)
    session.flush()
    return message


def check_message(purpose: str, body: str) -> None:
    """Raise ValueError for an unknown purpose or a text longer than two SMS parts."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    if len(body) > MAX_BODY:
        raise ValueError("a short message is at most two SMS parts")


def new_message(
    family: Family, channel: str, purpose: str, language: str, body: str, *, key: str, now: datetime
) -> Message:
    """A queued message, not yet added to a session (its purpose and text checked)."""
    check_message(purpose, body)
    return Message(
        family_id=family.id,
        channel=channel,
        purpose=purpose,
        language=language,
        body=body,
        idempotency_key=key,
        status="queued",
        send_after=send_after(now, purpose),
        created_at=now,
    )


def message_language(session: Session, family: Family) -> str:
    """The language of the family's short messages: its own choice, else the site's language."""
    return message_languages(session, [family])[family.id]


def message_languages(session: Session, families: Collection[Family]) -> dict[int, str]:
    """Per family, the language of its short messages (its own choice, else the site's)."""
    chosen: dict[int, str] = {}
    for ids in in_slices({family.id for family in families}):
        rows = session.execute(
            select(MessagePreference.family_id, MessagePreference.language).where(
                MessagePreference.family_id.in_(ids)
            )
        )
        for family_id, language in rows:
            chosen[family_id] = language
    return {family.id: chosen.get(family.id) or family.language or "nl" for family in families}


def choose(
    session: Session,
    family: Family,
    channels: set[str],
    language: str,
    now: datetime,
    *,
    staff_id: int | None,
    phone: str | None = None,
) -> None:
    """The family's choice (made by itself, or with staff at the desk): channels and language.

    `phone` (E.164, already checked) replaces the family's number. Refuses channels without a
    phone number; stopping (no channels) also cancels what waits.
    """
    changed_phone = bool(phone) and phone != family.phone
    if phone:
        family.phone = phone
    if channels and not family.phone:
        raise MessagesRefused(_l("Write your phone number to get messages."))
    before = opted_in_channels(session, family.id)
    set_channels(session, family, channels, now)
    # Only a language other than the family's own is kept: a later change of it then follows.
    preference = session.get(MessagePreference, family.id)
    if language == (family.language or "nl"):
        if preference is not None:
            session.delete(preference)
    elif preference is None:
        session.add(MessagePreference(family_id=family.id, language=language, changed_at=now))
    elif preference.language != language:
        preference.language = language
        preference.changed_at = now
    if not channels:
        session.execute(
            update(Message)
            .where(Message.family_id == family.id, Message.status == "queued")
            .values(status="cancelled", body="", last_error="stopped")
        )
    after = sorted(channels)
    if after != sorted(before) or changed_phone:
        record_by_staff_or_family(
            session,
            "messages.consent",
            staff_id,
            subject_type="family",
            subject_id=family.id,
            detail=f"channels {','.join(sorted(before)) or '-'} -> {','.join(after) or '-'}"
            + ("; phone changed" if changed_phone else ""),
        )
    session.flush()

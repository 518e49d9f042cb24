"""Queue a short message for a family: only on a channel it opted in to, never twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.messages.models import Message, MessageConsent
from spelotheek.messages.rules import MAX_BODY, PURPOSES, TEXT_CHANNELS, send_after


def opted_in_channels(session: Session, family_id: int) -> list[str]:
    """The text channels the family said yes to, in our order of preference."""
    chosen = set(
        session.scalars(select(MessageConsent.channel).where(MessageConsent.family_id == family_id))
    )
    return [channel for channel in TEXT_CHANNELS if channel in chosen]


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
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    if len(body) > MAX_BODY:
        raise ValueError("a short message is at most two SMS parts")
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
    message = Message(
        family_id=family.id,
        channel=channels[0],
        purpose=purpose,
        language=family.language or "nl",
        body=body,
        idempotency_key=key,
        status="queued",
        send_after=send_after(now, purpose),
        created_at=now,
    )
    session.add(message)
    session.flush()
    return message

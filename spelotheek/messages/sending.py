"""The send step: one queued message to the provider, at most once, whoever runs it.

A job, not a service: like a view it owns its transactions. It claims the message with a
conditional UPDATE (queued → sending) and commits before it calls the provider, so a second
worker, a retried job or the sweep finds it taken; the provider sees the message's idempotency
key, so even a message re-sent after a crash is one message at the provider. The family's
opt-in and number are read at that moment: a number that said STOP meanwhile gets nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from spelotheek.db import rows_affected
from spelotheek.families.models import Family
from spelotheek.messages import rules
from spelotheek.messages.models import Message
from spelotheek.messages.provider import PermanentError, Provider, TransientError
from spelotheek.messages.services import opted_in_channels
from spelotheek.phones import PhoneRefused, normalise_phone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What became of one try: its new status, and when to look again (None: never)."""

    status: str
    again_at: datetime | None = None


def _due(now: datetime) -> ColumnElement[bool]:
    """Queued and due, or claimed by a sender whose lease ran out (it crashed)."""
    return or_(
        (Message.status == "queued") & (Message.send_after <= now),
        (Message.status == "sending") & (Message.send_after <= now),
    )


def due_ids(session: Session, now: datetime, limit: int = 10_000) -> list[int]:
    """The messages that should go out now, oldest first."""
    return list(
        session.scalars(
            select(Message.id)
            .where(_due(now))
            .order_by(Message.send_after, Message.id)
            .limit(limit)
        )
    )


def _finish(
    session: Session, message_id: int, status: str, error: str = "", **more: object
) -> None:
    """Close a claimed message; its text goes (a login link must not stay in the database)."""
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == "sending")
        .values(status=status, body="", last_error=error[:120], **more)
    )


def _recipient(session: Session, message: Message) -> str:
    """The family's number now, if it still wants messages on this channel; else the reason."""
    family = session.get(Family, message.family_id) if message.family_id else None
    if family is None or not family.phone:
        raise _Cancel("no number")
    if message.channel not in opted_in_channels(session, family.id):
        raise _Cancel("opted out")
    try:
        return normalise_phone(family.phone)
    except PhoneRefused:
        raise _Cancel("number not usable") from None


class _Cancel(Exception):
    """The message must not go out; the reason names no person."""


def send_one(
    session: Session, provider: Provider, message_id: int, now: datetime, max_attempts: int
) -> Outcome:
    """Try to send one message; commits its claim before the provider is called."""
    claimed = rows_affected(
        session.execute(
            update(Message)
            .where(Message.id == message_id, _due(now))
            .values(
                status="sending",
                attempts=Message.attempts + 1,
                send_after=now + rules.SENDING_LEASE,
            )
            .execution_options(synchronize_session=False)
        )
    )
    if not claimed:
        session.commit()
        waiting = session.execute(
            select(Message.status, Message.send_after).where(Message.id == message_id)
        ).first()
        session.commit()
        if waiting is not None and waiting.status == "queued":
            return Outcome("queued", waiting.send_after)
        return Outcome(waiting.status if waiting else "gone")
    message = session.execute(select(Message).where(Message.id == message_id)).scalar_one()
    session.refresh(message)
    try:
        if message.channel not in rules.TEXT_CHANNELS:
            raise _Cancel("not a text channel")
        to = _recipient(session, message)
    except _Cancel as cancel:
        _finish(session, message_id, "cancelled", str(cancel))
        session.commit()
        return Outcome("cancelled")
    text, channel, key = message.body, message.channel, message.idempotency_key
    attempts = message.attempts
    session.commit()  # the claim is visible before the provider is called

    try:
        reference = provider.send(to, channel, text, key)
    except TransientError as error:
        if attempts >= max_attempts:
            _finish(session, message_id, "failed", error.reason)
            session.commit()
            log.warning("message %s failed after %s tries: %s", message_id, attempts, error.reason)
            return Outcome("failed")
        again = rules.retry_at(now, attempts)
        session.execute(
            update(Message)
            .where(Message.id == message_id, Message.status == "sending")
            .values(status="queued", send_after=again, last_error=error.reason)
        )
        session.commit()
        log.info("message %s not sent yet (%s); again at %s", message_id, error.reason, again)
        return Outcome("queued", again)
    except PermanentError as error:
        _finish(session, message_id, "failed", error.reason)
        session.commit()
        log.warning("message %s refused by the provider: %s", message_id, error.reason)
        return Outcome("failed")
    _finish(session, message_id, "sent", provider_ref=reference, sent_at=now)
    session.commit()
    return Outcome("sent")

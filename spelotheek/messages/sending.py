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

from spelotheek.families.models import Family
from spelotheek.messages import rules
from spelotheek.messages.models import Message, MessageConsent
from spelotheek.messages.provider import PermanentError, Provider, TransientError
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


def _recipient(phone: str | None, consented: str | None) -> str:
    """The family's number now, if it still wants messages on this channel; else _Cancel."""
    if not phone:
        raise _Cancel("no number")
    if consented is None:
        raise _Cancel("opted out")
    try:
        return normalise_phone(phone)
    except PhoneRefused:
        raise _Cancel("number not usable") from None


class _Cancel(Exception):
    """The message must not go out; the reason names no person."""


def send_one(
    session: Session, provider: Provider, message_id: int, now: datetime, max_attempts: int
) -> Outcome:
    """Try to send one message; commits its claim before the provider is called."""
    claimed = session.execute(
        update(Message)
        .where(Message.id == message_id, _due(now))
        .values(
            status="sending",
            attempts=Message.attempts + 1,
            send_after=now + rules.SENDING_LEASE,
        )
        .returning(
            Message.channel,
            Message.body,
            Message.idempotency_key,
            Message.attempts,
            # Read in the same statement as the claim: one round trip less per message.
            select(Family.phone).where(Family.id == Message.family_id).scalar_subquery(),
            select(MessageConsent.channel)
            .where(
                MessageConsent.family_id == Message.family_id,
                MessageConsent.channel == Message.channel,
            )
            .scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    ).first()
    if claimed is None:
        waiting = session.execute(
            select(Message.status, Message.send_after).where(Message.id == message_id)
        ).first()
        session.commit()
        if waiting is not None and waiting.status == "queued":
            return Outcome("queued", waiting.send_after)
        return Outcome(waiting.status if waiting else "gone")
    channel, text, key, attempts, phone, consented = claimed
    try:
        if channel not in rules.TEXT_CHANNELS:
            raise _Cancel("not a text channel")
        to = _recipient(phone, consented)
    except _Cancel as cancel:
        _finish(session, message_id, "cancelled", str(cancel))
        session.commit()
        return Outcome("cancelled")
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

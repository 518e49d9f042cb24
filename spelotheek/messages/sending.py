"""The send step: one queued message to the provider, at most once, whoever runs it.

A job, not a service: like a view it owns its transactions. It claims the message with a
conditional UPDATE (queued → sending) and commits before it calls the provider, so a second
worker, a retried job or the sweep finds it taken; the provider sees the message's idempotency
key, so even a message re-sent after a crash is one message at the provider. The family's
opt-in and number are read at that moment: a number that said STOP meanwhile gets nothing.

The statements are built once (Core, with bound parameters): a worker runs them thousands of
times an hour, and building them anew cost more than running them (bench/messages.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from spelotheek.db import UTCDateTime
from spelotheek.families.models import Family
from spelotheek.messages import rules
from spelotheek.messages.models import Message, MessageConsent
from spelotheek.messages.provider import PermanentError, Provider, TransientError
from spelotheek.phones import PhoneRefused, normalise_phone

log = logging.getLogger(__name__)

_M = Message.__table__
_NOW = bindparam("b_now", type_=UTCDateTime())
_ID = bindparam("b_id", type_=Integer())


@dataclass(frozen=True)
class Outcome:
    """What became of one try: its new status, and when to look again (None: never)."""

    status: str
    again_at: datetime | None = None


def _due(now: Any) -> ColumnElement[bool]:
    """Queued and due, or claimed by a sender whose lease ran out (it crashed)."""
    return or_(
        and_(_M.c.status == "queued", _M.c.send_after <= now),
        and_(_M.c.status == "sending", _M.c.send_after <= now),
    )


def due_ids(session: Session, now: datetime, limit: int = 10_000) -> list[int]:
    """The messages that should go out now, oldest first."""
    return list(
        session.scalars(
            select(_M.c.id).where(_due(now)).order_by(_M.c.send_after, _M.c.id).limit(limit)
        )
    )


# Claim a due message and read, in the same statement, what sending it needs: its text and key,
# the family's number and whether the family still wants this channel.
_CLAIM = (
    update(_M)
    .where(_M.c.id == _ID, _due(_NOW))
    .values(
        status="sending",
        attempts=_M.c.attempts + 1,
        send_after=bindparam("b_lease", type_=UTCDateTime()),
    )
    .returning(
        _M.c.channel,
        _M.c.body,
        _M.c.idempotency_key,
        _M.c.attempts,
        _M.c.purpose,
        select(Family.phone).where(Family.id == _M.c.family_id).scalar_subquery(),
        select(MessageConsent.channel)
        .where(MessageConsent.family_id == _M.c.family_id, MessageConsent.channel == _M.c.channel)
        .scalar_subquery(),
    )
)
_WHERE_NOW = select(_M.c.status, _M.c.send_after).where(_M.c.id == _ID)
_CLAIMED = and_(_M.c.id == _ID, _M.c.status == "sending")
# Closed: the text goes (a login link must not stay in the database).
_CLOSE = (
    update(_M)
    .where(_CLAIMED)
    .values(status=bindparam("b_status"), body="", last_error=bindparam("b_error"))
)
_SENT = (
    update(_M)
    .where(_CLAIMED)
    .values(
        status="sent",
        body="",
        last_error="",
        provider_ref=bindparam("b_ref"),
        sent_at=bindparam("b_sent_at", type_=UTCDateTime()),
    )
)
# Back to the queue untried: the quiet hours began while it waited (a crash, a backlog).
_WAIT = (
    update(_M)
    .where(_CLAIMED)
    .values(
        status="queued",
        attempts=_M.c.attempts - 1,
        send_after=bindparam("b_again", type_=UTCDateTime()),
    )
)
_AGAIN = (
    update(_M)
    .where(_CLAIMED)
    .values(
        status="queued",
        send_after=bindparam("b_again", type_=UTCDateTime()),
        last_error=bindparam("b_error"),
    )
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


def _close(session: Session, message_id: int, status: str, error: str) -> None:
    session.execute(_CLOSE, {"b_id": message_id, "b_status": status, "b_error": error[:120]})
    session.commit()


def send_one(
    session: Session, provider: Provider, message_id: int, now: datetime, max_attempts: int
) -> Outcome:
    """Try to send one message; commits its claim before the provider is called."""
    claimed = session.execute(
        _CLAIM, {"b_id": message_id, "b_now": now, "b_lease": now + rules.SENDING_LEASE}
    ).first()
    if claimed is None:
        waiting = session.execute(_WHERE_NOW, {"b_id": message_id}).first()
        session.commit()
        if waiting is not None and waiting.status == "queued":
            return Outcome("queued", waiting.send_after)
        return Outcome(waiting.status if waiting else "gone")
    channel, text, key, attempts, purpose, phone, consented = claimed
    wake = rules.send_after(now, purpose)
    if wake > now:
        session.execute(_WAIT, {"b_id": message_id, "b_again": wake})
        session.commit()
        return Outcome("queued", wake)
    try:
        if channel not in rules.TEXT_CHANNELS:
            raise _Cancel("not a text channel")
        to = _recipient(phone, consented)
    except _Cancel as cancel:
        _close(session, message_id, "cancelled", str(cancel))
        return Outcome("cancelled")
    session.commit()  # the claim is visible before the provider is called

    try:
        reference = provider.send(to, channel, text, key)
    except TransientError as error:
        if attempts >= max_attempts:
            _close(session, message_id, "failed", error.reason)
            log.warning("message %s failed after %s tries: %s", message_id, attempts, error.reason)
            return Outcome("failed")
        again = rules.retry_at(now, attempts, purpose)
        session.execute(_AGAIN, {"b_id": message_id, "b_again": again, "b_error": error.reason})
        session.commit()
        log.info("message %s not sent yet (%s); again at %s", message_id, error.reason, again)
        return Outcome("queued", again)
    except PermanentError as error:
        _close(session, message_id, "failed", error.reason)
        log.warning("message %s refused by the provider: %s", message_id, error.reason)
        return Outcome("failed")
    session.execute(_SENT, {"b_id": message_id, "b_ref": reference, "b_sent_at": now})
    session.commit()
    return Outcome("sent")

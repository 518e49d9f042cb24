"""Queue one kind of short message for many families at once, through `queue_message`.

A reminder sweep looks at every family with a toy due or a session tomorrow, most of whom did
not opt in or were told already. Who opted in and which occasions are queued already are read
in two queries for the whole lot, so the sweep costs a query per message queued, not per family
looked at; the text is rendered only for a message that will be queued.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.messages.models import Message, MessageConsent
from spelotheek.messages.services import queue_message


@dataclass(frozen=True)
class Occasion:
    """A reason to write to one family: its idempotency key, and how to write the text."""

    family: Family
    key: str
    text: Callable[[Family], str]  # rendered in the family's language (spelotheek/messages/texts)


def queue_for(
    session: Session, purpose: str, occasions: Iterable[Occasion], now: datetime
) -> list[Message]:
    """Queue a message for each occasion whose family opted in and was not told yet; flush."""
    reachable = [o for o in occasions if o.family.phone]
    if not reachable:
        return []
    family_ids = {o.family.id for o in reachable}
    opted_in = set(
        session.scalars(
            select(MessageConsent.family_id).where(MessageConsent.family_id.in_(family_ids))
        )
    )
    wanted = [o for o in reachable if o.family.id in opted_in]
    if not wanted:
        return []
    told = set(
        session.scalars(
            select(Message.idempotency_key).where(
                Message.idempotency_key.in_({o.key for o in wanted})
            )
        )
    )
    queued: list[Message] = []
    for occasion in wanted:
        if occasion.key in told:
            continue
        told.add(occasion.key)  # the same occasion twice in one sweep: one message
        message = queue_message(
            session,
            occasion.family,
            purpose,
            occasion.text(occasion.family),
            now=now,
            key=occasion.key,
        )
        if message is not None:
            queued.append(message)
    return queued

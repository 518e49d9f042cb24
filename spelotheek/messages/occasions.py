"""Queue one kind of short message for many families at once.

A reminder sweep looks at every family with a toy due or a session tomorrow, most of whom did
not opt in or were told already. Who opted in, on which channels, in which language, and which
occasions are queued already are read for the whole lot (a statement per 5,000 families), and
the new messages are written in one flush (PostgreSQL takes them a thousand to a statement;
SQLite, in the process, one by one): not five statements per message. The text is rendered
only for a message that will be queued.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.messages.models import Message
from spelotheek.messages.services import (
    channels_of,
    in_slices,
    message_languages,
    new_message,
)


@dataclass(frozen=True)
class Occasion:
    """A reason to write to one family: its idempotency key, and how to write the text."""

    family: Family
    key: str
    # Rendered in the family's language, given as `language=` (spelotheek/messages/texts).
    text: Callable[..., str]


def queue_for(
    session: Session, purpose: str, occasions: Iterable[Occasion], now: datetime
) -> list[Message]:
    """Queue a message for each occasion whose family opted in and was not told yet; flush."""
    reachable = [o for o in occasions if o.family.phone]
    if not reachable:
        return []
    channels = channels_of(session, {o.family.id for o in reachable})
    wanted = [o for o in reachable if o.family.id in channels]
    if not wanted:
        return []
    told: set[str] = set()
    for keys in in_slices({o.key for o in wanted}):
        told.update(
            session.scalars(
                select(Message.idempotency_key).where(Message.idempotency_key.in_(keys))
            )
        )
    languages = message_languages(session, [o.family for o in wanted])
    queued: list[Message] = []
    for occasion in wanted:
        if occasion.key in told:
            continue
        told.add(occasion.key)  # the same occasion twice in one sweep: one message
        family = occasion.family
        language = languages[family.id]
        body = occasion.text(family, language=language)
        queued.append(
            new_message(
                family, channels[family.id][0], purpose, language, body, key=occasion.key, now=now
            )
        )
    session.add_all(queued)
    session.flush()
    return queued

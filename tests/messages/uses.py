"""Shared checks for the tests of the five uses of short messages (tests/messages/test_uses_*)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.messages.models import Message
from spelotheek.messages.rules import MAX_BODY
from spelotheek.messages.services import set_channels
from tests.factories import make_family

PHONE = "+32470123456"
SURNAME = "Yilmazoglu"


def texted_family(
    db: Session, first: str = "Amina", language: str = "tr", *, opted_in: bool = True
) -> Family:
    """A family with a phone, an address and a surname in its display name; opted in to SMS."""
    family, _code = make_family(
        db,
        f"{first} {SURNAME}",
        phone=PHONE,
        email=f"{first.lower()}@example.test",
        language=language,
    )
    if opted_in:
        set_channels(db, family, {"sms"}, family.created_at)
    return family


def messages(db: Session, purpose: str | None = None) -> list[Message]:
    """Every queued message (of one purpose), oldest first."""
    statement = select(Message).order_by(Message.id)
    if purpose is not None:
        statement = statement.where(Message.purpose == purpose)
    return list(db.scalars(statement))


def assert_plain(message: Message, family: Family, purpose: str) -> None:
    """The right purpose and language, short, and nothing personal beyond a first name."""
    assert message.purpose == purpose and message.family_id == family.id
    assert message.language == family.language and message.channel == "sms"
    assert 0 < len(message.body) <= MAX_BODY
    assert family.display_name.split()[0] in message.body
    forbidden = [SURNAME, "@", family.email or "@", PHONE, PHONE[3:], "470 12", "0470"]
    assert [word for word in forbidden if word in message.body] == []


@contextmanager
def statements_sent(app: Flask) -> Iterator[list[str]]:
    """The SQL statements the app's engine sends inside the block, in order."""
    sent: list[str] = []
    engine = app.extensions["engine"]

    def note(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)

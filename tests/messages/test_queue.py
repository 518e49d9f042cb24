"""Queueing a message: only with the family's opt-in and a number, once per occasion."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from spelotheek.messages.models import Message
from spelotheek.messages.services import opted_in_channels, queue_message, set_channels
from tests.factories import make_family

NOON = datetime(2026, 12, 9, 11, 0, tzinfo=UTC)  # 12:00 in Brussels
NIGHT = datetime(2026, 12, 9, 22, 0, tzinfo=UTC)  # 23:00 in Brussels


def test_nothing_is_queued_without_an_opt_in(db: Session) -> None:
    family, _ = make_family(db, phone="+32470123456")
    assert queue_message(db, family, "hold_ready", "Hi", now=NOON, key="k1") is None
    assert db.scalar(select(func.count()).select_from(Message)) == 0


def test_nothing_is_queued_without_a_number(db: Session) -> None:
    family, _ = make_family(db)
    set_channels(db, family, {"sms"}, NOON)
    assert queue_message(db, family, "hold_ready", "Hi", now=NOON, key="k1") is None


def test_the_same_occasion_is_queued_once(db: Session) -> None:
    family, _ = make_family(db, phone="+32470123456", language="tr")
    set_channels(db, family, {"sms", "whatsapp"}, NOON)
    first = queue_message(db, family, "hold_ready", "Hi", now=NOON, key="hold:1")
    again = queue_message(db, family, "hold_ready", "Hi", now=NOON, key="hold:1")
    assert first is not None and again is first
    assert first.channel == "sms" and first.language == "tr" and first.send_after == NOON
    assert db.scalar(select(func.count()).select_from(Message)) == 1


def test_a_message_at_night_waits_for_the_morning(db: Session) -> None:
    family, _ = make_family(db, phone="+32470123456")
    set_channels(db, family, {"whatsapp"}, NOON)
    message = queue_message(db, family, "due_soon", "Hi", now=NIGHT, key="due:1")
    assert message is not None
    assert message.send_after == datetime(2026, 12, 10, 7, 0, tzinfo=UTC)


def test_stopping_a_channel_removes_the_opt_in(db: Session) -> None:
    family, _ = make_family(db, phone="+32470123456")
    set_channels(db, family, {"sms", "whatsapp"}, NOON)
    set_channels(db, family, {"whatsapp"}, NOON)
    assert opted_in_channels(db, family.id) == ["whatsapp"]
    assert queue_message(db, family, "due_soon", "Hi", now=NOON, key="x", channel="sms") is None

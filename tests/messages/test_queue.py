"""Queueing a message: only with the family's opt-in and a number, once per occasion."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family
from spelotheek.messages.models import Message
from spelotheek.messages.occasions import Occasion, queue_for
from spelotheek.messages.outbox import QUEUED
from spelotheek.messages.services import (
    choose,
    in_slices,
    opted_in_channels,
    queue_message,
    set_channels,
)
from tests.factories import make_family
from tests.messages.uses import statements_sent

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


def _round_trips(app, statements: list[str]) -> int:
    """The statements that cost a round trip: on SQLite, which runs in the process, the new
    rows' INSERTs are left out (SQLAlchemy sends them one by one there: SQLite does not return
    the ids of a many-row INSERT in a known order; PostgreSQL gets them in one statement)."""
    if app.extensions["engine"].dialect.name == "sqlite":
        return sum(1 for s in statements if not s.startswith("INSERT"))
    return len(statements)


def _sweep_statements(app, db: Session, families: list, key: str) -> tuple[int, list[Message]]:
    """Queue one occasion per family through queue_for; its round trips and the messages."""
    occasions = [
        Occasion(f, f"{key}:{f.id}", lambda family, *, language: f"Hi {language}") for f in families
    ]
    with statements_sent(app) as counted:
        queued = queue_for(db, "due_soon", occasions, NOON)
    return _round_trips(app, counted), queued


def test_a_sweep_costs_the_same_statements_for_two_families_as_for_twelve(app, db) -> None:
    def families(n: int, start: int) -> list:
        made = []
        for k in range(start, start + n):
            family, _ = make_family(db, f"Ouder{k}", phone=f"+3247012{k:04d}", language="tr")
            # Every third chose WhatsApp only and Arabic; one in four did not opt in at all.
            if k % 4 == 3:
                pass
            elif k % 3 == 0:
                choose(db, family, {"whatsapp"}, "ar", NOON, staff_id=None)
            else:
                set_channels(db, family, {"sms", "whatsapp"}, NOON)
            made.append(family)
        db.flush()
        return made

    few_families, many_families = families(2, 0), families(12, 2)
    few, few_queued = _sweep_statements(app, db, few_families, "a")
    many, many_queued = _sweep_statements(app, db, many_families, "a")
    assert few == many
    for message in few_queued + many_queued:
        k = int(db.get(Family, message.family_id).display_name.removeprefix("Ouder"))
        assert k % 4 != 3  # no opt-in: no message
        expected = ("whatsapp", "ar") if k % 3 == 0 else ("sms", "tr")
        assert (message.channel, message.language, message.body) == (
            *expected,
            f"Hi {expected[1]}",
        )
    assert len(few_queued) + len(many_queued) == 11  # 14 families, 3 without an opt-in
    # Every message of one flush is handed on after the commit (outbox.py's after_flush).
    assert set(db.info[QUEUED]) == {m.id for m in few_queued + many_queued}
    # A second sweep of the same occasions queues nothing again.
    assert _sweep_statements(app, db, many_families, "a")[1] == []


def test_a_large_sweep_binds_its_values_in_slices_a_database_takes() -> None:
    values = [f"due_soon:{n}" for n in range(12_001)]
    slices = list(in_slices(set(values)))
    assert [len(s) for s in slices] == [5000, 5000, 2001]  # SQLite takes 32,766 at most
    assert [v for s in slices for v in s] == sorted(values)

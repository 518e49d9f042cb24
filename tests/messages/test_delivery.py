"""The send step against the stand-in provider over real HTTP: sent once, whatever happens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy.orm import Session

from spelotheek.messages.models import Message
from spelotheek.messages.provider import HttpJsonProvider, OutboxProvider
from spelotheek.messages.sending import send_one
from spelotheek.messages.services import choose, set_channels
from tests.messages.conftest import NOON, queued
from tests.messages.standin import KEY, StandIn

NIGHT = datetime(2026, 12, 9, 21, 30, tzinfo=UTC)  # 22:30 in Brussels
MORNING = datetime(2026, 12, 10, 7, 0, tzinfo=UTC)  # 08:00 in Brussels


def _provider(standin: StandIn, timeout: float = 1) -> HttpJsonProvider:
    return HttpJsonProvider(standin.url, KEY, timeout=timeout)


def _fresh(db: Session, message_id: int) -> Message:
    db.rollback()
    db.expire_all()
    found = db.get(Message, message_id)
    assert found is not None
    return found


def test_a_message_goes_out_once_with_its_key(db: Session, standin: StandIn) -> None:
    message = queued(db, key="due_soon:loan:1")
    db.commit()
    outcome = send_one(db, _provider(standin), message.id, NOON, 5)
    assert outcome.status == "sent"
    [request] = standin.requests
    assert request["auth"] == f"Bearer {KEY}"
    assert request["key"] == "due_soon:loan:1"
    assert request["to"] == "+32470123456" and request["channel"] == "sms"
    assert request["text"] == "Amira, bring the toy back."
    sent = _fresh(db, message.id)
    assert sent.status == "sent" and sent.sent_at == NOON and sent.attempts == 1
    assert sent.provider_ref == standin.sent[0]["id"]
    assert sent.body == ""  # the text does not stay in the database
    # A second job for the same message finds it taken: nothing more goes out.
    assert send_one(db, _provider(standin), message.id, NOON, 5).status == "sent"
    assert len(standin.requests) == 1


def test_a_500_is_tried_again_later_and_sent_once(db: Session, standin: StandIn) -> None:
    message = queued(db)
    db.commit()
    standin.next("500")
    outcome = send_one(db, _provider(standin), message.id, NOON, 5)
    assert outcome.status == "queued" and outcome.again_at == NOON + timedelta(seconds=30)
    waiting = _fresh(db, message.id)
    assert waiting.status == "queued" and waiting.attempts == 1
    assert waiting.last_error == "provider answered 500"
    assert waiting.body  # kept until it is sent
    # Not before its time...
    assert send_one(db, _provider(standin), message.id, NOON, 5).status == "queued"
    assert len(standin.requests) == 1
    # ...then once.
    assert send_one(db, _provider(standin), message.id, outcome.again_at, 5).status == "sent"
    assert len(standin.sent) == 1 and len(standin.requests) == 2


def test_a_timeout_is_tried_again_and_the_provider_sends_it_once(
    db: Session, standin: StandIn
) -> None:
    message = queued(db)
    db.commit()
    standin.slow_seconds = 1.5
    standin.next("timeout")
    outcome = send_one(db, _provider(standin, timeout=0.5), message.id, NOON, 5)
    assert outcome.status == "queued"
    assert _fresh(db, message.id).last_error == "provider did not answer in time"
    assert send_one(db, _provider(standin), message.id, outcome.again_at, 5).status == "sent"
    # Two requests with the same key: the provider sent one message and named it once.
    assert len(standin.requests) == 2
    assert {r["key"] for r in standin.requests} == {message.idempotency_key}
    assert len(standin.sent) == 1
    assert _fresh(db, message.id).provider_ref == standin.sent[0]["id"]


def test_a_refusal_fails_at_once_without_personal_data(db: Session, standin: StandIn) -> None:
    message = queued(db)
    db.commit()
    standin.next("400")
    assert send_one(db, _provider(standin), message.id, NOON, 5).status == "failed"
    failed = _fresh(db, message.id)
    assert failed.status == "failed" and failed.body == ""
    assert failed.last_error == "provider refused (400)"
    assert "470" not in failed.last_error


def test_too_many_tries_fail(db: Session, standin: StandIn) -> None:
    message = queued(db)
    db.commit()
    standin.next("500", "500", "500")
    now = NOON
    for _ in range(2):
        outcome = send_one(db, _provider(standin), message.id, now, 3)
        assert outcome.status == "queued"
        now = outcome.again_at
    assert send_one(db, _provider(standin), message.id, now, 3).status == "failed"
    assert _fresh(db, message.id).attempts == 3
    assert standin.sent == []


def test_a_number_that_opted_out_is_never_sent(db: Session, standin: StandIn) -> None:
    message = queued(db)
    family = message.family_id
    db.commit()
    from spelotheek.families.models import Family

    set_channels(db, db.get(Family, family), set(), NOON)
    db.commit()
    assert send_one(db, _provider(standin), message.id, NOON, 5).status == "cancelled"
    assert standin.requests == []
    cancelled = _fresh(db, message.id)
    assert cancelled.status == "cancelled" and cancelled.last_error == "opted out"


def test_stopping_on_the_page_cancels_what_waits(db: Session, standin: StandIn) -> None:
    message = queued(db)
    db.commit()
    from spelotheek.families.models import Family

    choose(db, db.get(Family, message.family_id), set(), "nl", NOON, staff_id=None)
    db.commit()
    assert _fresh(db, message.id).status == "cancelled"
    assert send_one(db, _provider(standin), message.id, NOON, 5).status == "cancelled"
    assert standin.requests == []


def test_a_message_queued_at_night_waits_for_eight(db: Session, standin: StandIn) -> None:
    message = queued(db, now=NIGHT)
    db.commit()
    outcome = send_one(db, _provider(standin), message.id, NIGHT + timedelta(hours=2), 5)
    assert outcome.status == "queued" and outcome.again_at == MORNING
    assert send_one(
        db, _provider(standin), message.id, MORNING - timedelta(seconds=1), 5
    ).status == ("queued")
    assert standin.requests == []
    assert send_one(db, _provider(standin), message.id, MORNING, 5).status == "sent"


def test_a_retry_never_lands_in_the_quiet_hours(db: Session, standin: StandIn) -> None:
    late = datetime(2026, 12, 9, 19, 59, 50, tzinfo=UTC)  # 20:59:50 in Brussels
    message = queued(db, now=late)
    db.commit()
    standin.next("500")
    outcome = send_one(db, _provider(standin), message.id, late, 5)
    assert outcome.again_at == MORNING


def test_two_senders_at_once_send_it_once(db: Session, standin: StandIn, app: Flask) -> None:
    message = queued(db)
    db.commit()
    standin.delay = 0.3
    from concurrent.futures import ThreadPoolExecutor

    def attempt() -> str:
        session = app.extensions["sessionmaker"]()
        try:
            return send_one(session, _provider(standin), message.id, NOON, 5).status
        finally:
            session.close()

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(lambda _: attempt(), range(4)))
    assert len(standin.requests) == 1
    assert outcomes.count("sent") >= 1
    assert _fresh(db, message.id).attempts == 1


def test_a_crashed_sender_is_taken_over_after_its_lease(db: Session, standin: StandIn) -> None:
    message = queued(db)
    db.commit()
    standin.next("ok")
    # The first sender claims it and dies before recording the answer.
    assert send_one(db, _provider(standin), message.id, NOON, 5).status == "sent"
    db.query(Message).filter_by(id=message.id).update(
        {"status": "sending", "send_after": NOON + timedelta(minutes=5), "provider_ref": None}
    )
    db.commit()
    assert send_one(db, _provider(standin), message.id, NOON + timedelta(minutes=1), 5).status == (
        "sending"
    )
    later = NOON + timedelta(minutes=6)
    assert send_one(db, _provider(standin), message.id, later, 5).status == "sent"
    assert len(standin.requests) == 2 and len(standin.sent) == 1


def test_without_a_provider_the_outbox_folder_shows_it(db: Session, tmp_path) -> None:
    message = queued(db)
    db.commit()
    assert send_one(db, OutboxProvider(tmp_path), message.id, NOON, 5).status == "sent"
    [written] = list(tmp_path.glob("sms-*.json"))
    assert "bring the toy back" in written.read_text()


def test_a_message_due_by_day_that_is_sent_at_night_waits_for_the_morning(
    db: Session, standin: StandIn
) -> None:
    # Queued at noon, but the worker was down until 22:30: it goes at 08:00, untried.
    message = queued(db, key="hold_ready:1")
    db.commit()
    outcome = send_one(db, _provider(standin), message.id, NIGHT, 5)
    assert outcome.status == "queued" and outcome.again_at == MORNING
    assert standin.requests == []
    waiting = _fresh(db, message.id)
    assert waiting.status == "queued" and waiting.attempts == 0 and waiting.body
    assert send_one(db, _provider(standin), message.id, MORNING, 5).status == "sent"


def test_a_login_link_goes_at_night_and_is_retried_at_night(db: Session, standin: StandIn) -> None:
    message = queued(db, key="login_link:1", now=NIGHT)
    message.purpose = "login_link"
    message.send_after = NIGHT
    db.commit()
    standin.next("500")
    outcome = send_one(db, _provider(standin), message.id, NIGHT, 5)
    assert outcome.status == "queued" and outcome.again_at == NIGHT + timedelta(seconds=30)
    assert send_one(db, _provider(standin), message.id, outcome.again_at, 5).status == "sent"

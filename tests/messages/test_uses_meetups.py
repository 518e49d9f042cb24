"""Meeting cancelled: families who said they'd probably come get a text, once per date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from spelotheek.meetups import attendance, closures, dates, notices
from spelotheek.meetups.models import MeetupInterest
from tests.meetups.conftest import make_location, make_series
from tests.messages.uses import assert_plain, messages, texted_family

FIRST = date(2030, 1, 5)  # a Saturday
DAY = date(2030, 1, 12)
WEEK_BEFORE = datetime(2030, 1, 5, 13, 0, tzinfo=UTC)  # 14:00 in Brussels
NIGHT = datetime(2030, 1, 10, 22, 0, tzinfo=UTC)  # 23:00 in Brussels
MORNING = datetime(2030, 1, 11, 7, 0, tzinfo=UTC)  # 08:00 in Brussels


@pytest.fixture
def clock(monkeypatch):
    """Set the time the cancelling happens at."""

    def set_now(now: datetime) -> None:
        monkeypatch.setattr(notices, "utcnow", lambda: now)

    set_now(WEEK_BEFORE)
    return set_now


def _comes(db, series, family, token: str, day: date = DAY) -> None:
    attendance.toggle_interest(db, series.id, day, token, family.id, date(2030, 1, 1))


def test_only_families_who_said_they_would_come_get_one_text(app, db, clock) -> None:
    location = make_location(db)
    series = make_series(db, location, first_day=FIRST, title_texts={"tr": "Oyun sabahı"})
    amina = texted_family(db, "Amina", "tr")
    lotte = texted_family(db, "Lotte", "nl", opted_in=False)
    texted_family(db, "Noor", "ar")  # opted in, but did not say she would come
    _comes(db, series, amina, "a")
    _comes(db, series, lotte, "b")
    with app.app_context():
        dates.cancel_date(db, None, series.id, DAY, "Host ill")
        dates.cancel_date(db, None, series.id, DAY, "Still ill")
        closures.close_period(db, None, location.id, DAY, DAY, "Holiday")
    db.commit()
    [message] = messages(db)
    assert_plain(message, amina, "meeting_cancelled")
    interest = db.scalar(select(MeetupInterest).where(MeetupInterest.family_id == amina.id))
    assert message.idempotency_key == f"meeting_cancelled:{interest.occurrence_id}:{amina.id}"
    assert "Oyun sabahı" in message.body and "12 Ocak" in message.body  # Turkish title and date
    assert "Host ill" not in message.body  # the reason is for the e-mail; the text stays short
    assert message.send_after == WEEK_BEFORE and interest.cancel_notice_at == WEEK_BEFORE


def test_a_cancelled_period_texts_each_date_a_family_would_come_to(app, db, clock) -> None:
    location = make_location(db)
    series = make_series(db, location, first_day=FIRST)
    amina = texted_family(db, "Amina", "ar")
    _comes(db, series, amina, "a")
    _comes(db, series, amina, "a", DAY + timedelta(days=7))
    with app.app_context():
        closures.close_period(db, None, location.id, DAY, DAY + timedelta(days=7), "Holiday")
    assert [m.purpose for m in messages(db)] == ["meeting_cancelled"] * 2


def test_a_date_cancelled_at_night_is_texted_in_the_morning(app, db, clock) -> None:
    series = make_series(db, first_day=FIRST)
    amina = texted_family(db, "Amina", "tr")
    _comes(db, series, amina, "a")
    clock(NIGHT)
    with app.app_context():
        dates.cancel_date(db, None, series.id, DAY, "Host ill")
    [message] = messages(db)
    assert message.send_after == MORNING


def test_a_date_that_is_over_gets_no_text(app, db, clock) -> None:
    series = make_series(db, first_day=FIRST)
    amina = texted_family(db, "Amina", "tr")
    _comes(db, series, amina, "a")
    clock(datetime(2030, 1, 12, 15, 0, tzinfo=UTC))
    with app.app_context():
        dates.cancel_date(db, None, series.id, DAY, "Counted wrong")
    assert messages(db) == []

"""Group session tomorrow: participants who opted in get "your group meets tomorrow", once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from spelotheek.groups import participants
from spelotheek.groups.reminders import queue_session_tomorrow, send_session_tomorrow
from spelotheek.groups.rules import BRUSSELS
from spelotheek.registry import REMINDER_SENDERS
from tests.factories import make_user
from tests.groups.helpers import make_group, make_location
from tests.messages.uses import assert_plain, messages, texted_family

ENROLLED = datetime(2029, 12, 1, tzinfo=UTC)
FIRST = date(2030, 1, 7)  # the first session: Monday 10:00 in Brussels
DAY_BEFORE = datetime(2030, 1, 6, 12, 0, tzinfo=UTC)


def _group_with(db, *families):
    location = make_location(db, name="Huis van het Kind Noord")
    group = make_group(db, [make_user(db, role="facilitator")], first_day=FIRST, location=location)
    for family in families:
        participants.enrol(
            db, None, group, family, due_year=2030, due_month=7, consent=True, now=ENROLLED
        )
    return group


def test_participants_who_opted_in_hear_of_tomorrow_once(app, db) -> None:
    amina = texted_family(db, "Amina", "ar")
    lotte = texted_family(db, "Lotte", "nl", opted_in=False)
    group = _group_with(db, amina, lotte)
    first = group.sessions[0]
    db.commit()
    with app.app_context():
        assert send_session_tomorrow(db, DAY_BEFORE) == {"group session messages queued": 1}
        assert send_session_tomorrow(db, DAY_BEFORE + timedelta(hours=2)) == {
            "group session messages queued": 0
        }
    [message] = messages(db)
    assert_plain(message, amina, "session_tomorrow")
    assert message.idempotency_key == f"session_tomorrow:{first.id}:{amina.id}"
    assert "10:00" in message.body and "Huis van het Kind Noord" in message.body
    # Nothing that tells what the group is about: not its name, not the session's theme.
    assert group.name not in message.body and first.theme not in message.body
    assert send_session_tomorrow in REMINDER_SENDERS


def test_a_withdrawn_participant_and_other_days_get_nothing(app, db) -> None:
    amina = texted_family(db, "Amina", "tr")
    group = _group_with(db, amina)
    with app.app_context():
        assert queue_session_tomorrow(db, DAY_BEFORE - timedelta(days=1)) == 0  # two days before
        participants.withdraw(db, group.enrolments[0], DAY_BEFORE)
        assert queue_session_tomorrow(db, DAY_BEFORE) == 0
    assert messages(db) == []


def test_at_night_tomorrow_counts_from_the_morning_the_text_goes_out(app, db) -> None:
    amina = texted_family(db, "Amina", "tr")
    group = _group_with(db, amina)
    second = group.sessions[1]
    day = second.starts_at.astimezone(BRUSSELS).date()
    # 23:00 two evenings before: the text goes at 08:00 the day before, so it is about `second`.
    night = datetime.combine(day - timedelta(days=2), time(23), tzinfo=BRUSSELS)
    with app.app_context():
        # The evening before the first session: a text at 08:00 on the day would say "tomorrow".
        late = datetime.combine(FIRST - timedelta(days=1), time(23), tzinfo=BRUSSELS)
        assert queue_session_tomorrow(db, late.astimezone(UTC)) == 0
        assert queue_session_tomorrow(db, night.astimezone(UTC)) == 1
    [message] = messages(db)
    assert message.idempotency_key == f"session_tomorrow:{second.id}:{amina.id}"
    morning = datetime.combine(day - timedelta(days=1), time(8), tzinfo=BRUSSELS)
    assert message.send_after == morning.astimezone(UTC)

"""The signals bundle's pages: staff, partners, the meeting's agenda, calendar and minutes,
and what the public sees."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import func, select

from spelotheek.network.models import Barrier
from spelotheek.signals import meetings, services
from spelotheek.signals.models import Signal, SignalHistory
from tests.factories import login_as, make_user, staff_id
from tests.signals.helpers import NOW, TODAY, make_barriers

EN = {"Accept-Language": "en"}
ONLY_IN_DUTCH = '<span lang="nl">{}</span> <small class="only-in">'


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "REACH_THRESHOLD": 10, "REACH_ROUNDING": 5}


def _as(app, db, role: str = "staff"):
    user = make_user(db, role=role, language="en")
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(user))
    return client, user


def _fresh(db) -> None:
    db.rollback()
    db.expire_all()


def test_staff_note_count_and_move_a_signal_on(app, db) -> None:
    client, staff = _as(app, db)
    created = client.post("/signals", data={"new-title": "Waarborg kinderopvang"})
    assert created.status_code == 302
    signal = db.scalars(select(Signal)).one()
    client.post(f"/signals/{signal.id}/again")
    client.post(
        f"/signals/{signal.id}/status",
        data={"status-status": "passed_on", "status-what_changed": "Naar het OCMW"},
    )
    page = client.get(f"/signals/{signal.id}", headers=EN).text
    assert "2 times" in page and "Naar het OCMW" in page and "Passed on" in page
    _fresh(db)
    assert [h.status for h in db.get(Signal, signal.id).history] == ["passed_on", "open"]
    assert db.get(Signal, signal.id).history[0].user_id == staff.id


def test_bad_input_is_refused_and_nothing_is_saved(app, db) -> None:
    client, _staff = _as(app, db)
    assert client.post("/signals", data={"new-title": ""}).status_code == 422
    assert client.post("/signals", data={"new-title": "x" * 2001}).status_code == 422
    assert (
        client.post("/signals", data={"new-title": "ok", "new-domain_id": "x"}).status_code == 422
    )
    signal = services.create_signal(db, None, "Waarborg", TODAY, NOW)
    db.commit()
    client.post(f"/signals/{signal.id}/status", data={"status-status": "resolved"})
    client.post(f"/signals/{signal.id}/steps", data={"step-what": "x" * 301})
    _fresh(db)
    assert db.scalar(select(func.count()).select_from(Signal)) == 1
    assert db.get(Signal, signal.id).status == "open" and db.get(Signal, signal.id).steps == []
    assert client.get("/signals/999999").status_code == 404
    assert client.post(f"/signals/{signal.id}/steps/999999/done").status_code == 404


def test_barriers_are_recorded_and_grouped_on_the_page(app, db) -> None:
    client, _staff = _as(app, db)
    answer = client.post(
        "/signals/barriers", data={"barrier-what": "Geen tolk", "barrier-place": "Dokter"}
    )
    assert answer.status_code == 302
    assert client.post("/signals/barriers", data={"barrier-what": ""}).status_code == 422
    make_barriers(db, "Weer geen tolk")
    db.commit()
    page = client.get("/signals/barriers", headers=EN).text
    assert "Geen tolk" in page and "Weer geen tolk" in page
    ids = list(db.scalars(select(Barrier.id)))
    grouped = client.post(
        "/signals/barriers/group",
        data={"group-barrier_ids": [str(i) for i in ids], "group-signal_id": "0",
              "group-title": "Geen tolk bij de dokter"},
    )  # fmt: skip
    assert grouped.status_code == 302
    _fresh(db)
    signal = db.scalars(select(Signal)).one()
    assert (signal.title, signal.barrier_count) == ("Geen tolk bij de dokter", 2)
    assert "Geen tolk" not in client.get("/signals/barriers", headers=EN).text


def test_a_partner_sees_and_plans_only_its_own_signals(app, db) -> None:
    client, partner = _as(app, db, "partner")
    own = services.create_signal(db, None, "Eigen signaal", TODAY, NOW)
    own.organization_id = partner.organization_id
    other = services.create_signal(db, None, "Ander signaal", TODAY, NOW)
    db.commit()
    listing = client.get("/signals", headers=EN).text
    assert "Eigen signaal" in listing and "Ander signaal" not in listing
    assert client.get(f"/signals/{own.id}").status_code == 200
    assert client.get(f"/signals/{other.id}").status_code == 404
    assert client.post(f"/signals/{other.id}/steps", data={"step-what": "x"}).status_code == 404
    client.post(f"/signals/{own.id}/steps", data={"step-what": "Folder maken", "step-owner": "CAW"})
    _fresh(db)
    (step,) = db.get(Signal, own.id).steps
    assert client.post(f"/signals/{other.id}/steps/{step.id}/done").status_code == 404
    client.post(f"/signals/{own.id}/steps/{step.id}/done")
    _fresh(db)
    assert db.get(Signal, own.id).steps[0].done_on is not None
    assert (
        client.post(f"/signals/{own.id}/status", data={"status-status": "solved"}).status_code
        == 403
    )


def test_volunteers_and_families_see_no_signals(app, db) -> None:
    client, _volunteer = _as(app, db, "volunteer")
    assert client.get("/signals").status_code == 403
    assert client.get("/signals/barriers").status_code == 403


def _meeting(db, days: int = 7):
    start = NOW + timedelta(days=days)
    return meetings.plan_meeting(db, None, start, start + timedelta(hours=2), "Stadhuis", NOW)


def test_the_agenda_prints_every_open_signal_with_what_changed(app, db) -> None:
    client, _staff = _as(app, db)
    _meeting(db, days=-30)
    deposit = services.create_signal(db, None, "Waarborg", TODAY, NOW - timedelta(days=60))
    services.set_status(db, None, deposit, "in_action", "Brief aan de stad", NOW)
    services.create_signal(db, None, "Zwembad te duur", TODAY, NOW - timedelta(days=60))
    solved = services.create_signal(
        db, None, "Opgelost lang geleden", TODAY, NOW - timedelta(days=90)
    )
    services.set_status(db, None, solved, "solved", "", NOW - timedelta(days=80))
    services.create_signal(db, None, "Nieuw sinds vorige keer", TODAY, NOW)
    meeting = _meeting(db)
    db.commit()
    page = client.get(f"/signals/meetings/{meeting.id}/agenda", headers=EN).text
    assert "Nieuw sinds vorige keer" in page and page.count("New signal") == 1
    assert "Waarborg" in page and "Brief aan de stad" in page and "Zwembad te duur" in page
    assert "Opgelost lang geleden" not in page
    assert "css/signals.css" in page and 'class="no-print"' in page and "<nav" not in page
    css = client.get("/static/css/signals.css")
    assert b"@media print" in css.data and b"size: A4" in css.data
    css.close()


def test_the_meeting_is_a_calendar_event(app, db) -> None:
    client, _staff = _as(app, db)
    meeting = _meeting(db)
    db.commit()
    answer = client.get(f"/signals/meetings/{meeting.id}.ics")
    assert answer.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(answer.data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == meeting.uid
    assert event.decoded("dtstart") == meeting.starts_at.astimezone(UTC)
    assert event.decoded("dtend") == meeting.ends_at.astimezone(UTC)
    assert str(event["location"]) == "Stadhuis"
    assert calendar["version"] == "2.0" and calendar["prodid"]


def test_planning_a_meeting_from_the_form(app, db) -> None:
    client, _staff = _as(app, db)
    answer = client.post(
        "/signals/meetings",
        data={"meeting-day": "2026-12-10", "meeting-starts": "19:00", "meeting-ends": "21:00"},
    )
    assert answer.status_code == 302
    _fresh(db)
    assert (
        client.post(
            "/signals/meetings",
            data={"meeting-day": "2026-12-10", "meeting-starts": "21:00", "meeting-ends": "19:00"},
        ).status_code
        == 422
    )
    (meeting,) = meetings_in(db)
    assert meeting.starts_at == datetime(2026, 12, 10, 18, tzinfo=UTC)  # 19:00 in Brussels


def meetings_in(db):
    from spelotheek.signals.queries import meetings as listed

    return listed(db)


def test_minutes_append_to_each_signal_history(app, db) -> None:
    client, _staff = _as(app, db)
    deposit = services.create_signal(db, None, "Waarborg", TODAY, NOW)
    quiet = services.create_signal(db, None, "Zwembad", TODAY, NOW)
    meeting = _meeting(db)
    db.commit()
    assert "Waarborg" in client.get(f"/signals/meetings/{meeting.id}/minutes", headers=EN).text
    client.post(
        f"/signals/meetings/{meeting.id}/minutes",
        data={
            f"said-{deposit.id}": "De stad schaft de waarborg af",
            f"status-{deposit.id}": "solved",
            f"said-{quiet.id}": "",
            f"status-{quiet.id}": "open",
            "minutes-general": "Tot maart",
        },
    )
    _fresh(db)
    entries = db.scalars(select(SignalHistory).where(SignalHistory.meeting_id == meeting.id)).all()
    assert [(e.signal_id, e.status) for e in entries] == [(deposit.id, "solved")]
    assert "network meeting of" in client.get(f"/signals/{deposit.id}", headers=EN).text
    too_long = client.post(
        f"/signals/meetings/{meeting.id}/minutes", data={f"said-{quiet.id}": "x" * 2001}
    )
    assert too_long.status_code == 422
    _fresh(db)
    assert len(db.get(Signal, quiet.id).history) == 1


def _solved(db, title: str, count: int, **fields) -> Signal:
    signal = services.create_signal(db, None, title, TODAY, NOW, count=count)
    for name, value in fields.items():
        setattr(signal, name, value)
    services.set_status(db, None, signal, "solved", "", NOW)
    return signal


def test_the_public_page_shows_solved_signals_in_plain_words(app, client, db) -> None:
    _solved(db, "Avondopvang", 3, outcome="Er is nu avondopvang.",
            outcome_texts={"en": "There is evening childcare now."})  # fmt: skip
    _solved(db, "Waarborg", 23, outcome="De waarborg is afgeschaft.")
    _solved(db, "Zonder uitkomst", 40)
    services.create_signal(db, None, "Nog open", TODAY, NOW, count=50)
    db.commit()
    with client.session_transaction() as session:
        session["lang"] = "en"
    page = client.get("/topics").text
    assert "There is evening childcare now." in page
    assert ONLY_IN_DUTCH.format("De waarborg is afgeschaft.") in page
    assert "fewer than 10 times" in page and "about 25 times" in page
    assert " 3 times" not in page and "23 times" not in page
    assert "Zonder uitkomst" not in page and "Nog open" not in page
    with client.session_transaction() as session:
        session["lang"] = "tr"
    assert ONLY_IN_DUTCH.format("Er is nu avondopvang.") in client.get("/topics").text


def test_the_export_follows_the_small_number_rule(app, db) -> None:
    client, _coordinator = _as(app, db, "coordinator")
    services.create_signal(db, None, "Weinig", TODAY, NOW, count=3)
    services.create_signal(db, None, "Veel", TODAY, NOW, count=23)
    db.commit()
    answer = client.get("/signals.csv")
    rows = list(csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert {r["signal"]: r["barriers"] for r in rows} == {"Weinig": "<10", "Veel": "25"}


def _statements(app, client, url: str) -> int:
    from sqlalchemy import event

    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    engine = app.extensions["engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def _busy_signals(db, n: int) -> None:
    for i in range(n):
        signal = services.create_signal(db, None, f"Signaal {i}", TODAY, NOW)
        services.add_step(db, None, signal, f"Stap {i}", "CAW", TODAY, NOW)
        services.set_status(db, None, signal, "in_action", f"Bezig {i}", NOW)
    make_barriers(db, *(f"Drempel {i}" for i in range(n)))
    db.commit()


def test_the_pages_issue_a_bounded_number_of_statements(app, db) -> None:
    client, _staff = _as(app, db)
    meeting = _meeting(db)
    _busy_signals(db, 2)
    first = db.scalar(select(func.min(Signal.id)))
    at = f"/signals/meetings/{meeting.id}"
    pages = ("/signals", f"/signals/{first}", "/signals/barriers", f"{at}/agenda", f"{at}/minutes")
    small = [_statements(app, client, p) for p in pages]
    _busy_signals(db, 12)
    large = [_statements(app, client, p) for p in pages]
    assert small == large

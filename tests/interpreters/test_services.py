"""Interpreter requests for a meeting date, a group session and a handover; the list; purge."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from spelotheek.audit import AuditEvent
from spelotheek.auth.models import User
from spelotheek.domain_errors import NotFound
from spelotheek.groups import participants
from spelotheek.interpreters import services
from spelotheek.interpreters.models import InterpreterRequest
from spelotheek.interpreters.rules import InterpreterRefused
from spelotheek.welcome import privacy
from tests.factories import make_family, make_user
from tests.groups.helpers import make_group
from tests.handovers.conftest import make_handover
from tests.meetups.conftest import make_series

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
NEXT_SATURDAY = date(2026, 12, 12)


def _count(db) -> int:
    return db.scalar(select(func.count()).select_from(InterpreterRequest)) or 0


def test_staff_ask_for_a_meeting_date_and_mark_it_arranged(db) -> None:
    staff = make_user(db, role="staff")
    series = make_series(db, title="Baby café")
    request = services.ask_for_meetup(
        db, staff.id, series.id, NEXT_SATURDAY, "ti", " Tigrinya please ", TODAY
    )
    assert (request.on_day, request.note, request.asked_by) == (
        NEXT_SATURDAY,
        "Tigrinya please",
        "staff",
    )
    (listed,) = services.open_requests(db, TODAY)
    assert (listed.kind, listed.title, listed.series_id) == ("meetup", "Baby café", series.id)
    services.arrange(db, staff.id, request.id, NOW)
    assert request.arranged_by == staff.id and services.open_requests(db, TODAY) == []
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == staff.id)).all()
    assert {"interpreter_asked", "interpreter_arranged"} <= set(actions)
    with pytest.raises(NotFound):
        services.arrange(db, staff.id, 999999, NOW)


def test_bad_requests_save_nothing(db) -> None:
    staff = make_user(db, role="staff")
    series = make_series(db)
    cases = [
        (NEXT_SATURDAY, "", ""),  # no language
        (NEXT_SATURDAY, "ar", "call 0470 11 22 33"),
        (NEXT_SATURDAY, "ar", "x" * 201),
        (date(2026, 12, 5), "ar", ""),  # past
    ]
    for day, language, note in cases:
        with pytest.raises(InterpreterRefused):
            services.ask_for_meetup(db, staff.id, series.id, day, language, note, TODAY)
    with pytest.raises(NotFound):
        services.ask_for_meetup(
            db, staff.id, series.id, NEXT_SATURDAY + timedelta(1), "ar", "", TODAY
        )
    db.rollback()
    assert _count(db) == 0


def test_facilitators_only_for_their_own_groups(db) -> None:
    mine, other = make_user(db, role="facilitator"), make_user(db, role="facilitator")
    group = make_group(db, [mine], first_day=date(2027, 1, 4))
    first = group.sessions[0]
    request = services.ask_for_session(db, mine.id, mine, group.id, first.id, "ar", "", TODAY)
    assert request.on_day == date(2027, 1, 4)
    with pytest.raises(NotFound):
        services.ask_for_session(db, other.id, other, group.id, first.id, "ar", "", TODAY)
    coordinator = make_user(db, role="coordinator")
    services.ask_for_session(db, coordinator.id, coordinator, group.id, first.id, "tr", "", TODAY)
    (a, b) = services.open_requests(db, TODAY)
    assert a.kind == b.kind == "session" and a.title == group.location.name


def test_a_family_asks_for_its_own_group_session_and_handover(db) -> None:
    facilitator = make_user(db, role="facilitator")
    group = make_group(db, [facilitator], first_day=date(2027, 1, 4))
    family, _ = make_family(db, "Amira", phone="0470 11 22 33")
    stranger, _ = make_family(db, "Other")
    participants.enrol(
        db, facilitator.id, group, family, due_year=2027, due_month=6, consent=True, now=NOW
    )
    session_id = group.sessions[1].id
    request = services.family_asks_for_session(db, family.id, session_id, "ar", "", TODAY)
    assert request.asked_by == "family"
    with pytest.raises(NotFound):
        services.family_asks_for_session(db, stranger.id, session_id, "ar", "", TODAY)

    handover = make_handover(db, family=family)
    services.family_asks_for_handover(db, family.id, handover.id, "ar", "", TODAY)
    with pytest.raises(NotFound):
        services.family_asks_for_handover(db, stranger.id, handover.id, "ar", "", TODAY)
    worker = db.get(User, handover.prepared_by)
    services.ask_for_handover(db, worker.id, handover.id, "tr", "", TODAY)
    someone = make_user(db, role="staff")
    with pytest.raises(NotFound):
        services.ask_for_handover(db, someone.id, handover.id, "tr", "", TODAY)
    assert [r.language for r in services.requests_for_handover(db, handover.id)] == ["ar", "tr"]


def test_requests_are_purged_a_week_after_their_day(db) -> None:
    staff = make_user(db, role="staff")
    series = make_series(db)
    services.ask_for_meetup(db, staff.id, series.id, NEXT_SATURDAY, "ar", "", TODAY)
    soon = datetime(2026, 12, 19, 9, tzinfo=UTC)
    assert privacy.purge_welcome_requests(db, soon, {})["interpreter requests deleted"] == 0
    later = datetime(2026, 12, 20, 9, tzinfo=UTC)
    assert privacy.purge_welcome_requests(db, later, {})["interpreter requests deleted"] == 1
    assert _count(db) == 0

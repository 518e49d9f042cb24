"""Signals, barriers, steps, history and meetings through the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from spelotheek.audit import AuditEvent
from spelotheek.network.models import Barrier
from spelotheek.signals import barriers, meetings, queries, services
from spelotheek.signals.models import SignalHistory
from spelotheek.signals.rules import SignalRefused
from tests.factories import life_domain, make_organization, make_user
from tests.signals.helpers import NOW, TODAY, make_barriers


def test_barriers_group_into_a_new_signal_then_into_it_again(db) -> None:
    staff = make_user(db)
    childcare = life_domain(db, "childcare")
    early, late = make_barriers(
        db, "Waarborg gevraagd", "Weer een waarborg", domain_id=childcare.id
    )
    early.noted_on = date(2026, 9, 1)
    signal = barriers.group(db, staff.id, [early.id, late.id], TODAY, NOW)
    assert (signal.title, signal.barrier_count) == ("Waarborg gevraagd", 2)
    assert signal.first_seen_on == date(2026, 9, 1) and signal.domain_id == childcare.id
    assert queries.ungrouped_barriers(db) == []

    (third,) = make_barriers(db, "Waarborg bij de crèche", day=date(2026, 8, 1))
    again = barriers.group(db, staff.id, [third.id], TODAY, NOW, signal_id=signal.id)
    assert again is signal and signal.barrier_count == 3
    assert signal.first_seen_on == date(2026, 8, 1)
    assert {b.signal_id for b in db.scalars(select(Barrier))} == {signal.id}
    actions = set(db.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == staff.id)))
    assert {"barriers_grouped", "signal_created", "signal_counted"} <= actions


def test_grouping_refuses_what_was_grouped_already_or_nothing(db) -> None:
    (barrier,) = make_barriers(db, "Geen tolk")
    signal = barriers.group(db, None, [barrier.id], TODAY, NOW, title="Geen tolk bij de dokter")
    with pytest.raises(SignalRefused):
        barriers.group(db, None, [barrier.id], TODAY, NOW)
    with pytest.raises(SignalRefused):
        barriers.group(db, None, [], TODAY, NOW)
    with pytest.raises(SignalRefused):
        barriers.group(db, None, [999_999], TODAY, NOW)
    assert signal.barrier_count == 1


def test_a_worker_records_a_barrier_without_the_family(db) -> None:
    with pytest.raises(SignalRefused):
        barriers.record_barrier(db, None, None, "  ", "", TODAY)
    with pytest.raises(SignalRefused):
        barriers.record_barrier(db, None, 999_999, "Te duur", "", TODAY)
    with pytest.raises(SignalRefused):
        barriers.record_barrier(db, None, None, "x" * 501, "", TODAY)
    barrier = barriers.record_barrier(db, None, None, "Te duur", "Zwembad", TODAY)
    assert (barrier.source, barrier.noted_on, barrier.signal_id) == ("worker", TODAY, None)


def test_the_history_is_dated_with_status_and_what_changed(db) -> None:
    staff = make_user(db)
    signal = services.create_signal(db, staff.id, "Schoolfactuur te hoog", TODAY, NOW)
    later = NOW + timedelta(days=3)
    services.set_status(db, staff.id, signal, "passed_on", "Naar de scholengemeenschap", later)
    db.expire_all()
    page = queries.signal_page(db, signal.id)
    assert [(h.status, h.what_changed, h.at) for h in page.history] == [
        ("passed_on", "Naar de scholengemeenschap", later),
        ("open", "", NOW),
    ]
    assert page.history[0].user_id == staff.id
    with pytest.raises(SignalRefused):
        services.set_status(db, staff.id, signal, "resolved", "", NOW)
    with pytest.raises(SignalRefused):
        services.set_status(db, staff.id, signal, "solved", "x" * 2001, NOW)


def test_describe_sets_partner_level_and_translations(db) -> None:
    organization = make_organization(db)
    signal = services.create_signal(db, None, "Waarborg", TODAY, NOW)
    fields = {
        "title": "Waarborg kinderopvang",
        "title_texts": {"en": "Childcare deposit", "fr": ""},
        "outcome": "De stad schafte de waarborg af.",
        "outcome_texts": {"tr": "Şehir depozitoyu kaldırdı."},
        "domain_id": life_domain(db, "childcare").id,
        "organization_id": organization.id,
        "level": "authority",
        "authority": "Stad Gent",
    }
    services.describe(db, None, signal, fields, NOW)
    assert signal.title_texts == {"en": "Childcare deposit"}
    assert (signal.level, signal.authority, signal.organization_id) == (
        "authority", "Stad Gent", organization.id,
    )  # fmt: skip
    with pytest.raises(SignalRefused):
        services.describe(db, None, signal, {**fields, "authority": ""}, NOW)
    with pytest.raises(SignalRefused):
        services.describe(db, None, signal, {**fields, "organization_id": 999_999}, NOW)


def test_steps_are_added_and_marked_done_once(db) -> None:
    signal = services.create_signal(db, None, "Geen avondopvang", TODAY, NOW)
    step = services.add_step(db, None, signal, "Navragen bij de opvang", "CAW", TODAY, NOW)
    with pytest.raises(SignalRefused):
        services.add_step(db, None, signal, "", "", None, NOW)
    services.mark_step_done(db, None, step, TODAY, NOW)
    services.mark_step_done(db, None, step, TODAY + timedelta(days=1), NOW)
    assert step.done_on == TODAY
    other = services.create_signal(db, None, "Iets anders", TODAY, NOW)
    with pytest.raises(Exception, match="step"):
        services.get_step(db, other, step.id)


def test_minutes_append_to_each_signal_history(db) -> None:
    staff = make_user(db)
    deposit = services.create_signal(db, staff.id, "Waarborg", TODAY, NOW)
    school = services.create_signal(db, staff.id, "Schoolfactuur", TODAY, NOW)
    quiet = services.create_signal(db, staff.id, "Zwembad", TODAY, NOW)
    meeting = meetings.plan_meeting(
        db, staff.id, NOW + timedelta(days=7), NOW + timedelta(days=7, hours=2), "Zaal", NOW
    )
    later = NOW + timedelta(days=7, hours=3)
    added = meetings.save_minutes(
        db,
        staff.id,
        meeting,
        "Volgende keer: vervoer.",
        {deposit.id: ("De stad bekijkt het.", "in_action"), school.id: ("", "solved"),
         quiet.id: ("", "")},
        later,
    )  # fmt: skip
    assert added == 2 and meeting.minutes == "Volgende keer: vervoer."
    entries = db.scalars(select(SignalHistory).where(SignalHistory.meeting_id == meeting.id)).all()
    assert {(e.signal_id, e.status, e.what_changed) for e in entries} == {
        (deposit.id, "in_action", "De stad bekijkt het."),
        (school.id, "solved", ""),
    }
    assert deposit.status == "in_action" and quiet.status == "open"
    with pytest.raises(SignalRefused):  # nothing half-saved: the caller's transaction rolls back
        meetings.save_minutes(db, staff.id, meeting, "", {deposit.id: ("x" * 2001, "")}, later)


def test_the_agenda_shows_open_signals_and_what_changed_since_the_last_meeting(db) -> None:
    first = meetings.plan_meeting(
        db, None, NOW, NOW + timedelta(hours=2), "", NOW - timedelta(days=1)
    )
    deposit = services.create_signal(db, None, "Waarborg", TODAY, NOW - timedelta(days=30))
    solved = services.create_signal(db, None, "Avondopvang", TODAY, NOW - timedelta(days=30))
    old_news = services.create_signal(db, None, "Zwembad", TODAY, NOW - timedelta(days=30))
    services.set_status(db, None, solved, "solved", "Opgelost", NOW - timedelta(days=40))
    services.set_status(
        db, None, deposit, "in_action", "Brief aan de stad", NOW + timedelta(days=3)
    )
    second = meetings.plan_meeting(
        db, None, NOW + timedelta(days=30), NOW + timedelta(days=30, hours=2), "", NOW
    )
    db.expire_all()
    since, items = queries.agenda(db, second)
    assert since == first.starts_at
    by_title = {item.signal.title: item for item in items}
    assert set(by_title) == {"Waarborg", "Zwembad"}  # solved long before: off the agenda
    assert [h.what_changed for h in by_title["Waarborg"].changes] == ["Brief aan de stad"]
    assert by_title["Zwembad"].changes == [] and old_news.status == "open"
    with pytest.raises(SignalRefused):
        meetings.plan_meeting(db, None, NOW, NOW, "", NOW)

"""Group services on the database: plans, enrolment with consent, attendance, retention."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from spelotheek.audit import AuditEvent
from spelotheek.domain_errors import NotFound
from spelotheek.groups import feeds, participants, plans, retention, rules, services
from spelotheek.groups.models import Enrolment, Group, JoinRequest
from tests.factories import make_family, make_user
from tests.groups.helpers import at, make_group, make_location

LATER = date(2031, 12, 31)  # after every session of the test groups

BEFORE = datetime(2029, 12, 1, tzinfo=UTC)


def _enrol(db, group, family, now=BEFORE, **extra):
    values = {"due_year": 2030, "due_month": 7, "consent": True, "now": now}
    values.update(extra)
    return participants.enrol(db, None, group, family, **values)


def test_a_new_group_gets_its_plan_with_holidays_skipped(db) -> None:
    midwife = make_user(db, role="facilitator")
    location = make_location(db, closures=[(date(2030, 2, 3), date(2030, 2, 9))])
    group = make_group(db, [midwife], first_day=date(2030, 1, 7), location=location)
    days = [s.starts_at.astimezone(rules.BRUSSELS).date() for s in group.sessions]
    assert len(days) == 10
    assert date(2030, 2, 4) not in days and date(2030, 2, 11) in days
    assert {s.starts_at.astimezone(rules.BRUSSELS).time() for s in group.sessions} == {time(10)}
    assert group.facilitators == [midwife]


def test_facilitators_see_only_their_own_groups(db) -> None:
    a, b = make_user(db, role="facilitator"), make_user(db, role="facilitator")
    coordinator, staff = make_user(db, role="coordinator"), make_user(db, role="staff")
    group_a, group_b = make_group(db, [a]), make_group(db, [b], first_day=date(2030, 2, 4))
    assert [g.id for g in services.visible_groups(db, a)] == [group_a.id]
    assert {g.id for g in services.visible_groups(db, coordinator)} == {group_a.id, group_b.id}
    assert services.visible_groups(db, staff) == []
    assert services.get_group(db, a, group_a.id).id == group_a.id
    for user, group_id in ((a, group_b.id), (staff, group_a.id), (a, 999999)):
        with pytest.raises(NotFound):
            services.get_group(db, user, group_id)


def test_enrolment_records_consent_and_refuses_without_it(db) -> None:
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    family, _ = make_family(db, "Amira")
    with pytest.raises(rules.EnrolmentRefused):
        _enrol(db, group, family, consent=False)
    enrolment, over = participants.enrol(
        db,
        midwife.id,
        group,
        family,
        due_year=2030,
        due_month=7,
        consent=True,
        now=BEFORE,
        with_partner=True,
    )
    assert not over
    assert enrolment.consent_at == BEFORE and enrolment.consent_by_id == midwife.id
    assert "12 months" in enrolment.consent_purpose and enrolment.with_partner
    with pytest.raises(rules.EnrolmentRefused):
        _enrol(db, group, family)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "group_enrolled")).one()
    assert event.subject_id == group.id and "Amira" not in event.detail


def test_over_enrolment_is_allowed_with_a_warning(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")], capacity=1)
    _e, over_first = _enrol(db, group, make_family(db, "A")[0])
    _e, over_second = _enrol(db, group, make_family(db, "B")[0])
    assert (over_first, over_second) == (False, True)


def test_rolling_entry_lets_people_join_a_running_group_from_the_next_session(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")], status="running")
    after_third = group.sessions[2].starts_at + timedelta(days=1)
    with pytest.raises(rules.EnrolmentRefused):
        _enrol(db, group, make_family(db, "A")[0], now=after_third)
    group.rolling_entry = True
    enrolment, _ = _enrol(db, group, make_family(db, "B")[0], now=after_third)
    assert enrolment.first_position == 4


def test_the_database_refuses_the_same_family_twice_while_consent_stands(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")])
    family, _ = make_family(db, "A")
    _enrol(db, group, family)
    db.commit()
    twin = Enrolment(
        group_id=group.id,
        family_id=family.id,
        due_year=2030,
        due_month=7,
        consent_purpose="x",
        consent_at=BEFORE,
    )
    db.add(twin)
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_withdrawal_unlinks_the_family_at_once_and_keeps_a_count(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")])
    family, _ = make_family(db, "Amira")
    enrolment, _ = _enrol(db, group, family)
    token = feeds.new_feed_token(db, enrolment)
    participants.withdraw(db, enrolment, BEFORE)
    db.commit()
    db.expire_all()
    row = db.get(Enrolment, enrolment.id)
    assert row.family_id is None and row.feed_token_hash is None and row.withdrawn_at
    assert participants.active_enrolments(db.get(Group, group.id)) == []
    assert feeds.family_enrolments(db, family.id) == []
    with pytest.raises(NotFound):
        feeds.enrolment_for_feed(db, token)
    # the family can join again later, without consequence
    again, _ = _enrol(db, db.get(Group, group.id), family)
    assert again.active


def test_attendance_and_the_reach_out_list(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")], status="running")
    regular, _ = _enrol(db, group, make_family(db, "A")[0], contact_ok=True)
    missing, _ = _enrol(db, group, make_family(db, "B")[0], contact_ok=True)
    # Missed the same sessions, but never said yes to being contacted: not on the list.
    private, _ = _enrol(db, group, make_family(db, "C")[0])
    first, second = group.sessions[0], group.sessions[1]
    for item in (first, second):
        saved = participants.record_attendance(
            db,
            None,
            group,
            item,
            {
                regular.id: ("present", True),
                missing.id: ("absent", False),
                private.id: ("absent", False),
            },
            today=LATER,
        )
        assert saved == 3
    assert any(a.partner_present for a in second.attendance)
    now = second.starts_at + timedelta(days=1)
    reached = participants.reach_out_list(group, now)
    assert [(e.id, reason) for e, reason in reached] == [(missing.id, "missed_two")]
    assert private.contact_ok_at is None and missing.contact_ok_at == BEFORE
    with pytest.raises(NotFound):
        participants.record_attendance(
            db, None, group, first, {999999: ("present", False)}, today=LATER
        )
    participants.record_attendance(db, None, group, first, {missing.id: (None, False)}, today=LATER)
    assert {a.enrolment_id for a in first.attendance} == {regular.id, private.id}


def test_attendance_for_a_session_still_to_come_is_refused_and_nothing_is_saved(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")], status="running")
    enrolment, _ = _enrol(db, group, make_family(db, "A")[0])
    item = group.sessions[1]
    day_before = item.starts_at.astimezone(rules.BRUSSELS).date() - timedelta(days=1)
    with pytest.raises(rules.AttendanceRefused):
        participants.record_attendance(
            db, None, group, item, {enrolment.id: ("present", False)}, today=day_before
        )
    assert item.attendance == []


def test_purge_unlinks_after_the_retention_period_and_is_idempotent(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")])
    kept = make_group(db, [make_user(db, role="facilitator")], first_day=date(2030, 3, 4))
    family, _ = make_family(db, "Amira")
    enrolment, _ = _enrol(db, group, family, share_name=True)
    feeds.new_feed_token(db, enrolment)
    other, _ = _enrol(db, kept, make_family(db, "B")[0])
    services.update_group(db, None, group, {"status": "finished"}, date(2031, 3, 1))
    assert group.finished_on == date(2031, 3, 1)
    db.add(JoinRequest(phone="0470 12 34 56", created_at=at(date(2031, 1, 1))))
    db.add(JoinRequest(phone="0470 65 43 21", created_at=at(date(2032, 2, 20))))
    db.commit()

    early = retention.purge(db, at(date(2032, 2, 28)), {})
    assert early == {
        "perinatal enrolments unlinked from families": 0,
        "group join requests removed": 1,
    }
    report = retention.purge(db, at(date(2032, 3, 1)), {"RETENTION_PERINATAL_MONTHS": 12})
    db.commit()
    assert report["perinatal enrolments unlinked from families"] == 1
    assert report["group join requests removed"] == 0
    db.expire_all()
    row = db.get(Enrolment, enrolment.id)
    assert row.family_id is None and row.feed_token_hash is None and not row.share_name
    assert row.due_month == 7  # counts stay
    assert db.get(Enrolment, other.id).family_id is not None
    again = retention.purge(db, at(date(2032, 3, 2)), {})
    assert again == {
        "perinatal enrolments unlinked from families": 0,
        "group join requests removed": 0,
    }


def test_the_retention_period_comes_from_the_settings(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")])
    _enrol(db, group, make_family(db, "A")[0])
    services.update_group(db, None, group, {"status": "finished"}, date(2031, 1, 10))
    short = {"RETENTION_PERINATAL_MONTHS": 2}
    assert (
        retention.purge(db, at(date(2031, 3, 9)), short)[
            "perinatal enrolments unlinked from families"
        ]
        == 0
    )
    assert (
        retention.purge(db, at(date(2031, 3, 10)), short)[
            "perinatal enrolments unlinked from families"
        ]
        == 1
    )
    assert retention.retention_months({"RETENTION_PERINATAL_MONTHS": "nonsense"}) == 12


def test_the_purger_is_registered() -> None:
    import spelotheek.groups.views  # noqa: F401
    from spelotheek.registry import PORTAL_SECTIONS, PURGERS

    assert retention.purge in PURGERS
    assert any(s.__module__ == "spelotheek.groups.views.portal" for s in PORTAL_SECTIONS)


def test_a_join_request_needs_consent(db) -> None:
    with pytest.raises(Exception, match="tick"):
        retention.add_join_request(db, "0470 12 34 56", "ar", consent=False)
    request = retention.add_join_request(db, " 0470 12 34 56 ", "ar", consent=True)
    assert request.phone == "+32470123456"
    retention.remove_join_request(db, make_user(db, role="coordinator").id, request.id)
    assert db.scalars(select(JoinRequest)).all() == []


def test_feed_tokens_are_stored_only_as_a_hash(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")])
    enrolment, _ = _enrol(db, group, make_family(db, "A")[0])
    token = feeds.new_feed_token(db, enrolment)
    assert len(token) >= 43 and enrolment.feed_token_hash == feeds.token_hash(token)
    assert token not in enrolment.feed_token_hash
    assert feeds.enrolment_for_feed(db, token).id == enrolment.id
    newer = feeds.new_feed_token(db, enrolment)
    with pytest.raises(NotFound):
        feeds.enrolment_for_feed(db, token)
    feeds.revoke_feed(db, enrolment)
    with pytest.raises(NotFound):
        feeds.enrolment_for_feed(db, newer)


def test_templates_can_be_edited(db) -> None:
    plans.ensure_default_templates(db)
    plans.ensure_default_templates(db)
    saved = plans.templates(db)
    assert sorted(t.name for t in saved) == ["10 sessions", "8 sessions"]
    eight = next(t for t in saved if t.name == "8 sessions")
    plans.save_template(db, None, eight.id, "Short", [(0, "Hello"), (3, "Bye")])
    assert [(s.position, s.offset_weeks, s.theme) for s in eight.steps] == [
        (1, 0, "Hello"),
        (2, 3, "Bye"),
    ]
    with pytest.raises(rules.PlanRefused):
        plans.save_template(db, None, None, "10 sessions", [(0, "x")])

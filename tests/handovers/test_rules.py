"""The handover rules without a database: plans, steps, what leaves, expiry, working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from spelotheek.handovers import rules
from spelotheek.handovers.models import Handover
from tests.handovers.conftest import call_plan

TODAY = date(2026, 12, 7)


def test_the_models_use_the_rules_vocabulary() -> None:
    table = Handover.__table__
    checks = " ".join(str(c.sqltext) for c in table.constraints if hasattr(c, "sqltext"))
    for word in (*rules.DECISIONS, *rules.PARTNER_STATES, *rules.WARM_WAYS):
        assert f"'{word}'" in checks


def test_a_plan_keeps_shares_in_order_and_drops_unused_warm_way_fields() -> None:
    plan = rules.check_plan(
        call_plan(shares=("question", "phone"), together_on=TODAY), TODAY, has_phone=True
    )
    assert plan.shares == ("phone", "question")
    assert plan.together_on is None and plan.call_language == "tr"


@pytest.mark.parametrize(
    ("fields", "has_phone"),
    [
        ({"question": "   "}, True),
        ({"question": "x" * 2001}, True),
        ({"note": "x" * 2001}, True),
        ({"shares": ("first_name", "address")}, True),
        ({"warm_way": "letter"}, True),
        ({"shares": ("question",)}, True),  # calling needs the phone number
        ({}, False),  # … and the family must have one
        ({"warm_way": "together"}, True),
        ({"warm_way": "together", "together_on": TODAY - timedelta(days=1)}, True),
        ({"warm_way": "meeting", "meetup_series_id": 1}, True),
        ({"warm_way": "meeting", "meetup_series_id": 1, "meetup_day": date(2026, 1, 1)}, True),
        ({"call_time": "x" * 121}, True),
    ],
)
def test_bad_plans_are_refused_with_a_reason(fields, has_phone) -> None:
    with pytest.raises(rules.HandoverRefused):
        rules.check_plan(call_plan(**fields), TODAY, has_phone=has_phone)


def test_the_family_may_only_take_things_away() -> None:
    assert rules.taken_away_only(["phone", "question"], ["question"])
    assert not rules.taken_away_only(["question"], ["question", "phone"])


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("approve", {"waiting"}),
        ("change", {"waiting", "approved"}),
        ("refuse", {"waiting"}),
        ("withdraw", {"approved"}),
    ],
)
def test_which_decision_each_family_step_starts_from(action, allowed) -> None:
    for decision in rules.DECISIONS:
        if decision in allowed:
            rules.check_family_action(action, decision)
        else:
            with pytest.raises(rules.HandoverRefused):
                rules.check_family_action(action, decision)


def test_the_partner_speaks_only_of_an_approved_handover() -> None:
    rules.check_partner_status("approved", None, "received")
    for decision in set(rules.DECISIONS) - {"approved"}:
        with pytest.raises(rules.DomainError) as refused:
            rules.check_partner_status(decision, None, "received")
        assert refused.value.status == 404
    with pytest.raises(rules.HandoverRefused):
        rules.check_partner_status("approved", "received", "received")
    with pytest.raises(rules.HandoverRefused):
        rules.check_partner_status("approved", None, "lost")


def test_only_the_chosen_fields_with_a_value_leave() -> None:
    facts = {"first_name": "Amira", "phone": "", "language": "tr", "question": "Huur", "x": 1}
    assert rules.shared_values(["first_name", "phone", "question", "x"], facts) == {
        "first_name": "Amira",
        "question": "Huur",
    }


def test_children_ages_in_whole_years() -> None:
    assert rules.children_ages([(2020, 12), (2025, 1), (2026, 12)], TODAY) == [0, 1, 6]


def test_expiry() -> None:
    created = datetime(2026, 12, 1, tzinfo=UTC)
    until = rules.expires_at(created, 30)
    assert not rules.is_expired("waiting", until, until - timedelta(seconds=1))
    assert rules.is_expired("waiting", until, until)
    assert not rules.is_expired("approved", until, until + timedelta(days=9))


def test_five_working_days_skip_weekends_and_network_closures() -> None:
    monday = date(2026, 12, 7)
    assert rules.working_day_after(monday, 5) == date(2026, 12, 14)
    friday = date(2026, 12, 11)
    assert rules.working_day_after(friday, 1) == date(2026, 12, 14)
    assert rules.working_day_after(monday, 5, {date(2026, 12, 9)}) == date(2026, 12, 15)


def test_a_partner_is_overdue_after_five_working_days_in_brussels() -> None:
    # Approved on Monday 7 December at 23:30 Brussels time (22:30 UTC).
    approved = datetime(2026, 12, 7, 22, 30, tzinfo=UTC)
    assert not rules.reaction_overdue(approved, datetime(2026, 12, 14, 22, 59, tzinfo=UTC))
    assert rules.reaction_overdue(approved, datetime(2026, 12, 14, 23, 0, tzinfo=UTC))
    # Late Sunday UTC is already Monday in Brussels: the same day counts as approval day.
    sunday_night = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    assert rules.reaction_overdue(sunday_night, datetime(2026, 12, 15, 0, 0, tzinfo=UTC))


def test_what_closes_a_handover() -> None:
    assert rules.closes("refused", None) and rules.closes("approved", "met")
    assert not rules.closes("approved", "contacted") and not rules.closes("waiting", None)

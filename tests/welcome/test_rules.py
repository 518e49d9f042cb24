"""The pure rules of buddies and the check-in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from spelotheek.welcome import rules
from spelotheek.welcome.rules import WelcomeRefused

TODAY = date(2026, 12, 7)


def test_a_first_name_is_trimmed_and_only_a_first_name() -> None:
    assert rules.first_name("  Amira  ", required=True) == "Amira"
    assert rules.first_name("Anne  Marie", required=True) == "Anne Marie"
    assert rules.first_name("", required=False) == ""
    for bad in ("x" * 31, "amira@example.org", "0470112233", "Amira 2"):
        with pytest.raises(WelcomeRefused):
            rules.first_name(bad, required=False)
    with pytest.raises(WelcomeRefused) as refused:
        rules.first_name("   ", required=True)
    assert refused.value.code == "first_name"


def test_languages_come_from_the_list_in_its_order() -> None:
    assert rules.languages(["tr", "ar", "nl"]) == "nl ar tr"
    with pytest.raises(WelcomeRefused) as refused:
        rules.languages([])
    assert refused.value.code == "no_language"
    with pytest.raises(WelcomeRefused):
        rules.languages(["nl", "klingon"])
    assert rules.language("ar") == "ar"
    with pytest.raises(WelcomeRefused):
        rules.language("other")
    assert rules.speaks("nl ar", "ar") and not rules.speaks("nl ar", "r")


def test_comes_often_counts_different_recent_dates() -> None:
    recent = [TODAY - timedelta(days=7 * i) for i in range(rules.OFTEN_VISITS)]
    assert rules.comes_often(recent, TODAY)
    assert not rules.comes_often(recent[:-1], TODAY)
    assert not rules.comes_often([recent[0]] * 5, TODAY)  # one date scanned often is one visit
    old = [TODAY - timedelta(days=rules.OFTEN_DAYS + 1 + i) for i in range(5)]
    assert not rules.comes_often(old, TODAY)


def test_requests_expire_a_week_after_their_date() -> None:
    assert not rules.request_expired(TODAY - timedelta(days=rules.REQUEST_KEPT_DAYS), TODAY)
    assert rules.request_expired(TODAY - timedelta(days=rules.REQUEST_KEPT_DAYS + 1), TODAY)


def test_check_in_steps_and_codes() -> None:
    assert [rules.next_step(i) for i in range(3)] == [1, 2, None]
    assert rules.question("again") == "again" and rules.answer("bit") == "bit"
    for bad in ("", "maybe", None):
        with pytest.raises(WelcomeRefused):
            rules.answer(bad)
        with pytest.raises(WelcomeRefused):
            rules.question(bad)

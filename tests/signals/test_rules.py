"""Pure rules of the signals bundle: no fixtures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spelotheek.signals import rules
from spelotheek.signals.rules import SignalRefused


def test_titles_and_texts_are_cleaned_and_bounded() -> None:
    assert rules.check_title("  Waarborg\x07 kinderopvang ") == "Waarborg kinderopvang"
    with pytest.raises(SignalRefused):
        rules.check_title("   ")
    with pytest.raises(SignalRefused):
        rules.check_title("x" * (rules.TITLE_MAX + 1))
    assert rules.check_text("", rules.CHANGE_MAX) == ""
    with pytest.raises(SignalRefused):
        rules.check_text("x" * 2001, rules.CHANGE_MAX)


@pytest.mark.parametrize("status", rules.STATUSES)
def test_known_statuses_pass(status: str) -> None:
    assert rules.check_status(status) == status


@pytest.mark.parametrize("status", ["", "resolved", "new", "OPEN", "open "])
def test_unknown_statuses_are_refused(status: str) -> None:
    with pytest.raises(SignalRefused):
        rules.check_status(status)


def test_every_old_topic_status_maps_to_a_known_status() -> None:
    assert set(rules.TOPIC_STATUSES.values()) <= set(rules.STATUSES)
    assert rules.TOPIC_STATUSES["resolved"] == "solved"


def test_a_level_passed_on_names_its_authority() -> None:
    assert rules.check_level("local", "OCMW") == ("local", "")
    assert rules.check_level("authority", " OCMW Gent ") == ("authority", "OCMW Gent")
    with pytest.raises(SignalRefused):
        rules.check_level("authority", "")
    with pytest.raises(SignalRefused):
        rules.check_level("federal", "x")


def test_counts_stop_at_a_sane_maximum() -> None:
    assert rules.check_count(1) == 2
    assert rules.check_count(1, 4) == 5
    with pytest.raises(SignalRefused):
        rules.check_count(rules.MAX_COUNT)


@pytest.mark.parametrize(
    ("count", "threshold", "base", "shown"),
    [
        (1, 10, 5, "<10"),
        (9, 10, 5, "<10"),
        (10, 10, 5, 10),
        (12, 10, 5, 10),
        (13, 10, 5, 15),
        (4, 5, 1, "<5"),
        (5, 5, 1, 5),
    ],
)
def test_public_counts_follow_the_small_number_rule(count, threshold, base, shown) -> None:
    assert rules.public_count(count, threshold, base) == shown


def test_partners_see_only_the_signals_they_are_responsible_for() -> None:
    assert rules.may_see("staff", None, None) and rules.may_see("coordinator", None, 3)
    assert rules.may_see("partner", 3, 3)
    assert not rules.may_see("partner", 3, 4) and not rules.may_see("partner", 3, None)
    assert not rules.may_see("volunteer", None, None) and not rules.may_see("family", None, 3)


def test_what_changed_since_the_previous_meeting() -> None:
    first, second, third = (datetime(2026, m, 1, 18, tzinfo=UTC) for m in (3, 6, 9))
    assert rules.previous_meeting([first, second, third], second) == first
    assert rules.previous_meeting([first, second], first) is None
    entries = [(1, datetime(2026, 2, 1, tzinfo=UTC)), (1, datetime(2026, 4, 1, tzinfo=UTC))]
    assert rules.changed_since(entries, first) == {1: 1}
    assert rules.changed_since(entries, None) == {1: 2}

"""The topic workflow and what a proposal may hold: pure rules, no fixtures."""

from __future__ import annotations

import pytest

from spelotheek.topics import rules
from spelotheek.topics.rules import TopicRefused


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("new", "accepted"),
        ("new", "declined"),
        ("new", "merged"),
        ("accepted", "planned"),
        ("accepted", "declined"),
        ("planned", "discussed"),
        ("planned", "accepted"),
        ("planned", "planned"),
        ("declined", "accepted"),
    ],
)
def test_allowed_steps(current: str, target: str) -> None:
    assert rules.can_move(current, target)
    rules.check_move(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("new", "planned"),
        ("new", "discussed"),
        ("accepted", "discussed"),
        ("accepted", "new"),
        ("discussed", "accepted"),
        ("discussed", "declined"),
        ("merged", "accepted"),
        ("declined", "planned"),
        ("declined", "merged"),
        ("unknown", "accepted"),
    ],
)
def test_refused_steps(current: str, target: str) -> None:
    assert not rules.can_move(current, target)
    with pytest.raises(TopicRefused) as refused:
        rules.check_move(current, target)
    assert refused.value.code == "wrong_status"


def test_every_status_has_its_steps_and_only_known_targets() -> None:
    assert set(rules.TRANSITIONS) == set(rules.STATUSES)
    for targets in rules.TRANSITIONS.values():
        assert targets <= set(rules.STATUSES)
    assert not any(rules.is_public(s) for s in ("new", "declined", "merged"))
    assert all(rules.is_public(s) for s in ("accepted", "planned", "discussed"))


def test_a_picture_alone_is_a_proposal() -> None:
    assert rules.check_proposal("", "health") == ("", "health")


def test_words_alone_are_a_proposal_and_are_trimmed() -> None:
    assert rules.check_proposal("  huur \x00 en\twaarborg \n", None) == ("huur  en waarborg", None)


@pytest.mark.parametrize(
    ("text", "theme", "code"),
    [
        ("", None, "empty_proposal"),
        ("   \n ", "", "empty_proposal"),
        ("x" * 501, None, "too_long"),
        ("ok", "weather", "unknown_theme"),
    ],
)
def test_bad_proposals(text: str, theme: str | None, code: str) -> None:
    with pytest.raises(TopicRefused) as refused:
        rules.check_proposal(text, theme)
    assert refused.value.code == code


def test_five_hundred_characters_in_arabic_are_fine() -> None:
    text = "ب" * 500
    assert rules.check_proposal(text, None)[0] == text


def test_only_participants_aim_at_their_group() -> None:
    rules.check_audience("group", None, 7, {7, 8})
    with pytest.raises(TopicRefused) as refused:
        rules.check_audience("group", None, 9, {7})
    assert refused.value.status == 403
    with pytest.raises(TopicRefused):
        rules.check_audience("group", None, None, set())
    with pytest.raises(TopicRefused):
        rules.check_audience("series", None, None, set())
    with pytest.raises(TopicRefused):
        rules.check_audience("everyone", None, None, set())
    rules.check_audience("open", None, None, set())
    rules.check_audience("series", 3, None, set())


def test_decline_needs_a_reason_and_a_note_needs_a_line() -> None:
    with pytest.raises(TopicRefused):
        rules.check_reason("  ")
    with pytest.raises(TopicRefused):
        rules.check_reason("x" * 301)
    assert rules.check_reason(" Advertising ") == "Advertising"
    with pytest.raises(TopicRefused):
        rules.check_note("", " ", "")
    with pytest.raises(TopicRefused):
        rules.check_note("x" * 501, "", "")
    assert rules.check_note("We talked", "", " next ") == ("We talked", "", "next")


def test_merge_rules() -> None:
    rules.check_merge(1, "new", 2, "accepted")
    for topic_status, kept_id, kept_status in [
        ("new", 1, "accepted"),  # itself
        ("new", 2, "declined"),
        ("new", 2, "merged"),
        ("discussed", 2, "accepted"),
    ]:
        with pytest.raises(TopicRefused):
            rules.check_merge(1, topic_status, kept_id, kept_status)


def test_theme_text_prefers_the_summary_then_the_words_then_the_picture() -> None:
    assert rules.theme_text("Huur", "Rent", "Housing") == "Huur"
    assert rules.theme_text("", "Rent", "Housing") == "Rent"
    assert rules.theme_text("", "", "Housing") == "Housing"
    long = rules.theme_text("", "a" * 600, "")
    assert len(long) == rules.THEME_TEXT_MAX and long.endswith("…")


def test_signal_titles() -> None:
    assert rules.check_signal_title(" Waarborg kinderopvang ") == "Waarborg kinderopvang"
    with pytest.raises(TopicRefused):
        rules.check_signal_title("")
    with pytest.raises(TopicRefused):
        rules.check_signal_title("x" * 201)

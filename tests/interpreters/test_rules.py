"""The pure rules of interpreter requests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from spelotheek.interpreters import rules
from spelotheek.interpreters.rules import InterpreterRefused

TODAY = date(2026, 12, 7)


def test_a_note_is_short_and_holds_no_contact_details() -> None:
    assert rules.note("  Tigrinya, not Amharic\n please ") == "Tigrinya, not Amharic please"
    assert rules.note(None) == ""
    assert rules.note("Session 3, room 2") == "Session 3, room 2"
    with pytest.raises(InterpreterRefused) as refused:
        rules.note("x" * 201)
    assert refused.value.code == "note_long"
    for contact in ("call 0470 11 22 33", "mail a@b.be", "+32470112233"):
        with pytest.raises(InterpreterRefused) as refused:
            rules.note(contact)
        assert refused.value.code == "note_contact"


def test_languages_and_days() -> None:
    assert rules.language("ti") == "ti"
    with pytest.raises(InterpreterRefused):
        rules.language("xx")
    rules.check_not_past(TODAY, TODAY)
    with pytest.raises(InterpreterRefused):
        rules.check_not_past(TODAY - timedelta(days=1), TODAY)
    assert rules.expired(TODAY - timedelta(days=8), TODAY)
    assert not rules.expired(TODAY - timedelta(days=7), TODAY)

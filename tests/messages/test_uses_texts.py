"""The five short texts: a first name at most, in the family's language, short."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

import pytest
from flask_babel import get_locale

from spelotheek.families.models import Family
from spelotheek.messages import texts
from spelotheek.messages.rules import MAX_BODY

START = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)  # Thursday 10 December, 10:00 in Brussels
LONG = "Grote houten knikkerbaan met veertig stukken en twee trechters"

FIVE: dict[str, Callable[[Family], str]] = {
    "due_soon": partial(texts.due_soon, toy="Puzzel", day=START.date()),
    "hold_ready": partial(texts.hold_ready, toy="Puzzel", until=START),
    "meeting_cancelled": partial(texts.meeting_cancelled, title="Speelochtend", start=START),
    "session_tomorrow": partial(texts.session_tomorrow, start=START, place="Huis van het Kind"),
    "handover_waiting": texts.handover_waiting,
}


@pytest.mark.parametrize(
    ("display_name", "expected"),
    [
        ("Amina", "Amina"),
        ("Amina Yilmaz", "Amina"),  # short, and still a surname after the first word
        ("  Tom   &  Lies ", "Tom"),
        ("Familie Peeters", ""),  # the only word before the surname says "family"
        ("famille Dubois", ""),
        ("Maximiliaan-Alexander-Frederik", "Maximiliaan-Alexand…"),
        ("", ""),
    ],
)
def test_only_a_first_name_is_used(display_name: str, expected: str) -> None:
    assert texts.first_name(display_name) == expected


def test_long_parts_are_cut_on_one_line() -> None:
    assert texts.shorten("a\nb   c") == "a b c"
    cut = texts.shorten(LONG)
    assert len(cut) == texts.PART_LIMIT and cut.endswith("…") and LONG.startswith(cut[:-1])


@pytest.mark.parametrize("use", sorted(FIVE))
def test_each_text_is_written_in_the_family_language(app, use: str, monkeypatch) -> None:
    seen: list[str] = []
    real = texts._

    def spy(message: str, **values: object) -> str:
        seen.append(str(get_locale()))
        return real(message, **values)

    monkeypatch.setattr(texts, "_", spy)
    family = Family(display_name="Amina Yilmaz", language="ar")
    with app.app_context():
        body = FIVE[use](family)
    assert seen and set(seen) == {"ar"}
    assert body.count("Amina") == 1 and "Yilmaz" not in body


def test_dates_are_written_the_way_the_family_reads_them(app) -> None:
    with app.app_context():
        turkish = texts.due_soon(
            Family(display_name="Ayse", language="tr"), toy="Top", day=START.date()
        )
        dutch = texts.due_soon(
            Family(display_name="Lotte", language="nl"), toy="Top", day=START.date()
        )
        french = texts.meeting_cancelled(
            Family(display_name="Léa", language="fr"), title="Jeux", start=START
        )
    assert "Perşembe" in turkish and "Aralık" in turkish
    assert "donderdag 10 december" in dutch
    assert "jeudi 10 décembre" in french and "10:00" in french


def test_a_family_with_no_first_name_is_greeted_without_one(app) -> None:
    with app.app_context():
        body = texts.handover_waiting(Family(display_name="Familie Peeters", language="en"))
    assert "Peeters" not in body and body.startswith("Hello, ")
    assert body.endswith("http://localhost/me")


@pytest.mark.parametrize("use", sorted(FIVE))
def test_long_names_and_titles_still_fit_a_short_message(app, use: str) -> None:
    family = Family(display_name="Aleksandrinaveronika " * 3, language="en")
    long_ones = {
        "due_soon": partial(texts.due_soon, toy=LONG * 3, day=START.date()),
        "hold_ready": partial(texts.hold_ready, toy=LONG * 3, until=START),
        "meeting_cancelled": partial(texts.meeting_cancelled, title=LONG * 3, start=START),
        "session_tomorrow": partial(texts.session_tomorrow, start=START, place=LONG * 3),
        "handover_waiting": texts.handover_waiting,
    }
    with app.app_context():
        body = long_ones[use](family)
    assert len(body) <= 200 < MAX_BODY
    assert "\n" not in body


def test_a_chosen_message_language_wins_over_the_site_language(app, db) -> None:
    from spelotheek.messages.services import choose
    from tests.factories import make_family

    family, _ = make_family(db, phone="+32470123456", language="nl")
    choose(db, family, {"sms"}, "fr", START, staff_id=None)
    with app.test_request_context():
        text = texts.due_soon(family, toy="Puzzel", day=START.date())
    assert "décembre" in text and "december" not in text

"""Filters on a domain's page and the search box: free, language spoken, walk-in, open now,
the next seven days, near a postcode; unknown values are left out with a note."""

from __future__ import annotations

from datetime import datetime

import pytest

from spelotheek.network import hours
from spelotheek.network.texts import refresh_search_text
from tests.factories import make_service

EN = {"Accept-Language": "en"}
AR = {"Accept-Language": "ar"}


def _names(client, path: str, headers=EN) -> list[str]:
    """The services listed, in the page's order."""
    html = client.get(path, headers=headers).get_data(as_text=True)
    listed = {html.find(f'">{n}'): n for n in ("Alfa", "Bravo", "Charlie") if f'">{n}' in html}
    return [listed[at] for at in sorted(listed)]


@pytest.fixture
def three(db):
    """Alfa: free, walk-in, Dutch and Arabic, Mondays 9–12 in 9000.
    Bravo: paid, by appointment, Dutch, Tuesdays 13–16 in 9040.
    Charlie: free, walk-in or appointment, French, no hours, in 9050."""
    alfa = make_service(
        db,
        name="Alfa",
        cost="free",
        access="walk_in",
        languages=["nl", "ar"],
        hours=((0, "09:00", "12:00"),),
    )
    bravo = make_service(
        db,
        name="Bravo",
        cost="paid",
        access="appointment",
        languages=["nl"],
        hours=((1, "13:00", "16:00"),),
    )
    charlie = make_service(
        db, name="Charlie", cost="free", access="both", languages=["fr"], hours=()
    )
    far = bravo.places[0].location
    far.postcode, far.latitude, far.longitude = "9040", 51.07, 3.76
    south = charlie.places[0].location
    south.postcode, south.latitude, south.longitude = "9050", 51.00, 3.70
    for s in (alfa, bravo, charlie):
        refresh_search_text(s)
    db.commit()
    return alfa, bravo, charlie


def _at(monkeypatch, *parts: int) -> None:
    monkeypatch.setattr(hours, "brussels_now", lambda: datetime(*parts, tzinfo=hours.BRUSSELS))


@pytest.mark.parametrize("base", ["/help/income?", "/help/search?q=we+helpen&"])
def test_free_language_and_walk_in(client, three, base) -> None:
    assert _names(client, base) == ["Alfa", "Bravo", "Charlie"]
    assert _names(client, base + "free=1") == ["Alfa", "Charlie"]
    assert _names(client, base + "walk_in=1") == ["Alfa", "Charlie"]
    assert _names(client, base + "language=ar") == ["Alfa"]
    assert _names(client, base + "language=fr&free=1") == ["Charlie"]


@pytest.mark.parametrize("base", ["/help/income?", "/help/search?q=we+helpen&"])
def test_open_now_and_this_week(client, three, monkeypatch, base) -> None:
    _at(monkeypatch, 2026, 3, 30, 9, 30)  # Monday after the change to summer time
    assert _names(client, base + "when=now") == ["Alfa"]
    assert _names(client, base + "when=week") == ["Alfa", "Bravo"]
    _at(monkeypatch, 2026, 3, 31, 15, 59)  # Tuesday, Bravo's last minute
    assert _names(client, base + "when=now") == ["Bravo"]
    _at(monkeypatch, 2026, 3, 31, 16, 0)
    assert _names(client, base + "when=now") == []


def test_open_now_badge_follows_brussels_time(client, three, monkeypatch) -> None:
    _at(monkeypatch, 2026, 3, 30, 9, 30)
    html = client.get("/help/income", headers=EN).get_data(as_text=True)
    assert html.count("badge badge-open") == 1


def test_near_orders_by_distance_from_the_postcodes_places(client, three) -> None:
    assert _names(client, "/help/income?near=9040") == ["Bravo", "Alfa", "Charlie"]
    assert _names(client, "/help/income?near=9000") == ["Alfa", "Charlie", "Bravo"]
    html = client.get("/help/income?near=9040", headers=EN).get_data(as_text=True)
    assert "about 0.0 km" in html and '<option value="9040" selected>' in html
    dutch = client.get("/help/income?near=9000", headers={"Accept-Language": "nl"})
    assert "4,8 km" in dutch.get_data(as_text=True)  # Bravo, as Dutch writes it


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("near=1000", "No service has a place in this postcode"),
        ("near=abc", "A postcode is four digits"),
        ("language=xx", "We do not know this language"),
        ("when=tomorrow", "We left out a filter we do not know."),
        ("free=maybe", "We left out a filter we do not know."),
    ],
)
def test_unknown_filter_values_are_left_out_with_a_note(client, three, query, note) -> None:
    response = client.get(f"/help/income?{query}", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert note in html
    assert _names(client, f"/help/income?{query}") == ["Alfa", "Bravo", "Charlie"]


def test_filters_work_on_an_arabic_page(client, three) -> None:
    assert _names(client, "/help/income?free=1&language=ar", AR) == ["Alfa"]

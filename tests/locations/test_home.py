"""Home's opening times: cards for one toy library's few places, one line per place by town
for a network, and only the closures that still matter."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from spelotheek.locations.models import Closure, Location, OpeningHours
from spelotheek.locations.services import opening_times
from spelotheek.main.views import PLACE_CARDS

EN = {"Accept-Language": "en"}


def _place(db, name: str, town: str) -> Location:
    location = Location(name=name, address="Markt 1", postcode="9000", city=town)
    db.add(location)
    db.flush()
    db.add(OpeningHours(location_id=location.id, weekday=2, opens=time(9), closes=time(12)))
    db.flush()
    return location


def test_a_few_places_each_get_a_card_with_their_hours(client, db) -> None:
    for n in range(PLACE_CARDS):
        _place(db, f"Huis {n}", "Gent")
    db.commit()
    html = client.get("/", headers=EN).get_data(as_text=True)
    assert html.count('class="card place"') == PLACE_CARDS
    assert html.count("Wednesday</span>") == PLACE_CARDS
    assert 'class="place-list"' not in html


def test_a_network_lists_one_line_per_place_by_town(client, db) -> None:
    towns = ["Mechelen", "Aalst", "Gent"]
    places = [_place(db, f"Huis {n}", towns[n % 3]) for n in range(PLACE_CARDS + 2)]
    db.commit()
    html = client.get("/", headers=EN).get_data(as_text=True)
    assert 'class="card place"' not in html and "Wednesday</span>" not in html
    headings = re.findall(r"<h3>([^<]+)</h3>", html)
    assert headings[-3:] == ["Aalst", "Gent", "Mechelen"]
    for place in places:
        assert f'href="/places/{place.id}/first-visit">{place.name}</a>' in html
    assert html.count("Next opening:") + html.count("Open now") == len(places)


def test_opening_times_hold_the_hours_and_only_closures_that_have_not_ended(db) -> None:
    place = _place(db, "Huis", "Gent")
    db.add(OpeningHours(location_id=place.id, weekday=0, opens=time(14), closes=time(17)))
    today = date(2026, 12, 1)
    for first, last in ((date(2021, 7, 1), date(2021, 8, 15)), (today, today + timedelta(7))):
        db.add(Closure(location_id=place.id, first_day=first, last_day=last))
    db.commit()
    (found,) = opening_times(db, closures_from=today)
    assert (found.id, found.name, found.city) == (place.id, "Huis", "Gent")
    assert [(h.weekday, h.opens) for h in found.hours] == [(0, time(14)), (2, time(9))]
    assert [c.first_day for c in found.closures] == [today]
    assert found.map_url == place.map_url


def test_each_place_is_said_open_or_next_by_its_own_hours_and_closures(app) -> None:
    from spelotheek.locations.rules import ClosedPeriod, Session
    from spelotheek.main.views import _Status

    wednesday = datetime(2026, 12, 2, 10, 0)  # local time
    morning, short = Session(2, time(9), time(12)), Session(2, time(9), time(11))
    thursday = Session(3, time(14), time(17))
    closed_today = ClosedPeriod(date(2026, 12, 2), date(2026, 12, 2))
    with app.test_request_context(headers=EN):
        say = _Status()
        assert say(wednesday, [morning], []) == (True, "Open now, until 12:00\u202fPM")
        assert say(wednesday, [short], []) == (True, "Open now, until 11:00\u202fAM")
        assert say(wednesday, [thursday], []) == (
            False,
            "Next opening: Thursday 3 December at 2:00\u202fPM",
        )
        assert say(wednesday, [morning], [closed_today]) == (
            False,
            "Next opening: Wednesday 9 December at 9:00\u202fAM",
        )
        assert say(wednesday, [], []) is None

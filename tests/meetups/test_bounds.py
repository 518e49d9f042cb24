"""Far dates in meetup addresses and queries: a quick 404 (or a clear refusal) in the visitor's
language, and every expansion of a series' rule bounded by a window (issue 18, item 2).

The expansion is measured, not mocked away: a spy records each window a rule is expanded for
and then lets the real expansion run.
"""

from __future__ import annotations

import gc
import time
from datetime import date, timedelta

import pytest

from spelotheek.auth.services import create_api_token
from spelotheek.meetups import recurrence, rules
from spelotheek.meetups.views import today
from tests.factories import login_as, make_user, staff_id
from tests.meetups.conftest import make_location, make_series

# Far in the future, far in the past, the last and first days Python has, a day whose
# expansion used to be cached for ever, and the first day past the window.
FAR_DAYS = ["9999-01-01", "9999-12-31", "0001-01-01", "8999-01-02", "2100-01-02", "1900-01-06"]
# Seconds of CPU: a 404 that expands nothing costs a few milliseconds; 9999-01-01 cost 1.9 s.
# CPU time of this process, not the wall clock: on a shared test machine that measures the
# neighbours (the database server's own work is not in it, and is a few indexed reads).
QUICK = 0.2


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def expansions(monkeypatch) -> list[tuple[date, date]]:
    """Every (start, end) a series' rule is expanded for, while the expansion really runs."""
    seen: list[tuple[date, date]] = []
    real = recurrence.rule_days

    def spy(rrule: str, first_day: date, start: date, end: date) -> list[date]:
        seen.append((start, end))
        return real(rrule, first_day, start, end)

    monkeypatch.setattr(recurrence, "rule_days", spy)
    return seen


def _timed(client, method: str, url: str, **kwargs):
    # No collection of the whole test session's heap may fall in the request. Collecting before
    # each one cost 0.3-1 s apiece late in a full run (the heap had grown): minutes in all.
    gc.disable()
    try:
        started = time.process_time()
        answer = client.open(url, method=method, **kwargs)
        return answer, time.process_time() - started
    finally:
        gc.enable()


def _saturday_series(db, expansions: list, client=None) -> object:
    """A weekly series from ten weeks ago; what planning it expanded is forgotten.

    With a client, the pages and error pages are rendered once first, so what is timed after
    is the answer to a far date, not compiling templates on a busy test machine.
    """
    series = make_series(db, make_location(db), first_day=today() - timedelta(days=70))
    db.commit()
    if client is not None:
        for url in (
            f"/meetups/{series.id}/{_a_date_of(series)}",
            f"/meetups/{series.id}/{_a_date_of(series)}/calendar.ics",
            "/meetups/999999",
            "/meetups",
            "/meetups/poster",
            "/api/v1/meetups/occurrences",
            "/api/v1/meetups/occurrences?from=x",
        ):
            client.get(url)
    expansions.clear()
    return series


def _a_date_of(series) -> str:
    """A planned date of the series (a Saturday in the past ten weeks)."""
    now = today()
    return (now - timedelta(days=(now.weekday() - 5) % 7)).isoformat()


@pytest.mark.parametrize("day", FAR_DAYS)
@pytest.mark.parametrize("page", ["", "/calendar.ics"])
def test_a_far_date_is_a_quick_404_in_the_visitors_language(
    client, db, expansions, day: str, page: str
) -> None:
    series = _saturday_series(db, expansions, client)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    assert client.get(f"/meetups/{series.id}/{_a_date_of(series)}{page}").status_code == 200
    client.get("/meetups/999999")  # the error page in French, rendered once
    expansions.clear()
    answer, took = _timed(client, "GET", f"/meetups/{series.id}/{day}{page}")
    assert answer.status_code == 404
    assert took < QUICK, f"{took:.2f} s"
    assert expansions == [], "the rule was expanded for a date outside the window"
    assert "pas lieu ce jour-là" in answer.get_data(as_text=True)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "8999-01-02"])
def test_every_address_with_a_day_refuses_a_far_one_quickly(
    app, client, db, expansions, day: str
) -> None:
    series = _saturday_series(db, expansions, client)
    coordinator = make_user(db, role="coordinator")
    login_as(client, staff_id(coordinator))
    token = create_api_token(db, None, coordinator, "tablet")
    db.commit()
    sunday = date.fromisoformat(_a_date_of(series)) + timedelta(days=1)
    for page in ("", "/count", "/edit"):  # pages and error pages as staff see them, once
        client.get(f"/meetups/{series.id}/{_a_date_of(series)}{page}")
        client.get(f"/meetups/{series.id}/{sunday}{page}")
    expansions.clear()
    form = {
        "cancel-reason": "Host ill",
        "counter": "adults",
        "step": "1",
        "scan-code": "ABCD",
        **{f"counts-{name}": "1" for name in rules.COUNTER_NAMES},
    }
    with app.app_context():
        routes = [
            (rule.rule, method)
            for rule in app.url_map.iter_rules()
            if "<day>" in rule.rule
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        ]
    assert len(routes) >= 9
    for rule, method in routes:
        url = rule.replace("<int:series_id>", str(series.id)).replace("<day>", day)
        answer, took = _timed(client, method, url, data=form if method == "POST" else None)
        assert answer.status_code == 404, f"{method} {url}: {answer.status_code}"
        assert took < QUICK, f"{method} {url}: {took:.2f} s"
    api, auth = app.test_client(), {"Authorization": f"Bearer {token}"}
    warm = f"/api/v1/meetups/occurrences/{series.id}-{sunday:%Y%m%d}/attendance"
    assert api.post(warm, json={"counter": "adults", "step": 1}, headers=auth).status_code == 404
    expansions.clear()
    key = f"{series.id}-{day.replace('-', '')}"
    for body in ({"counter": "adults", "step": 1}, {"counts": {"adults": 1}}):
        url = f"/api/v1/meetups/occurrences/{key}/attendance"
        answer, took = _timed(api, "POST", url, json=body, headers=auth)
        assert answer.status_code == 404 and took < QUICK, (url, answer.status_code)
    assert expansions == []


@pytest.mark.parametrize(
    "query", ["from=9999-12-31", "from=9999-01-01", "from=8999-01-02", "from=2100-01-04"]
)
def test_the_list_of_dates_is_a_404_past_the_window(client, db, expansions, query: str) -> None:
    _saturday_series(db, expansions, client)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    answer, took = _timed(client, "GET", f"/meetups?{query}")
    assert answer.status_code == 404 and took < QUICK
    assert "Nous ne trouvons pas cette page." in answer.get_data(as_text=True)
    assert expansions == []


def test_the_last_page_of_the_list_has_no_later_link(client, db, expansions) -> None:
    _saturday_series(db, expansions, client)
    last = rules.listing_window(today()).last
    page = client.get(f"/meetups?from={(last - timedelta(days=3)).isoformat()}")
    assert page.status_code == 200
    assert "from=" + (last + timedelta(days=1)).isoformat() not in page.get_data(as_text=True)


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "9999-01-01", "1999-12-27"])
def test_a_poster_for_a_far_week_is_a_404(client, db, expansions, week: str) -> None:
    _saturday_series(db, expansions, client)
    answer, took = _timed(client, "GET", f"/meetups/poster?week={week}")
    assert answer.status_code == 404 and took < QUICK
    assert expansions == []


@pytest.mark.parametrize(
    "query",
    [
        "from=9999-12-31",
        "from=9999-12-01",
        "from=0001-01-01",
        "from=9999-01-01",
        "from=9999-12-31&to=9999-12-31",
        "from=0001-01-01&to=0001-01-02",
        "to=9999-12-31",
    ],
)
def test_the_api_refuses_dates_outside_the_window(client, db, expansions, query: str) -> None:
    _saturday_series(db, expansions, client)
    answer, took = _timed(client, "GET", f"/api/v1/meetups/occurrences?{query}")
    assert answer.status_code == 422 and took < QUICK
    assert answer.get_json()["error"] == "invalid_range"
    assert expansions == []


def test_every_expansion_is_bounded_by_a_window_not_by_the_data(client, db, expansions) -> None:
    from spelotheek.locations.models import Closure

    place = make_location(db)
    # A building closed "until further notice" and a series without end: a feed must not
    # expand the rule up to the year 9999 to mark the closed dates.
    place.closures = [Closure(first_day=today() + timedelta(days=30), last_day=date.max)]
    series = make_series(db, place, first_day=today() - timedelta(days=70))
    make_series(db, place, title="Long ago", first_day=date(1990, 1, 6))
    db.commit()
    login_as(client, staff_id(make_user(db, role="coordinator")))
    db.commit()
    window = rules.listing_window(today())
    edge = window.last - timedelta(days=2)
    for url in [
        "/",
        "/meetups",
        f"/meetups?from={edge.isoformat()}",
        f"/meetups/{series.id}",
        f"/meetups/{series.id}/{_a_date_of(series)}",
        "/meetups.ics",
        f"/meetups/{series.id}.ics",
        f"/meetups/locations/{place.id}.ics",
        f"/meetups/poster?week={edge.isoformat()}",
        f"/api/v1/meetups/occurrences?from={edge.isoformat()}",
        "/meetups/host",
    ]:
        answer, took = _timed(client, "GET", url)
        assert answer.status_code == 200, url
        assert took < 2, f"{url}: {took:.2f} s"
    assert expansions
    longest = max(end - start for start, end in expansions)
    assert longest <= timedelta(days=2 * 366), longest
    latest = max(end for _start, end in expansions)
    assert latest <= date(today().year + rules.WINDOW_YEARS + 1, 12, 31), latest

"""Public pages cost what they show, not what lies behind (issue 25): the SQL statements each
one issues and the rows it fetches are the same before and after years of history (past dates
with head counts, interest and card scans, closed periods, loans) are added.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask import Flask
from sqlalchemy import event, insert, select, text
from sqlalchemy.orm import Session

from spelotheek.loans.models import Item, Loan
from spelotheek.locations.models import Closure
from spelotheek.meetups import upcoming
from spelotheek.meetups.models import (
    MeetupCardScan,
    MeetupClosure,
    MeetupInterest,
    MeetupOccurrence,
    MeetupSeries,
)
from spelotheek.meetups.rules import BRUSSELS
from tests.factories import make_family
from tests.loans.factories import make_location, make_toy
from tests.meetups.conftest import make_series
from tests.topics.helpers import make_topic

BOOKKEEPING = ("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")
YEARS = 4
WEEKDAYS = ("MO", "WE", "SA")


def _today() -> date:
    return datetime.now(BRUSSELS).date()


# The tables that hold years of history: what a page reads of them must not grow with it.
# (Closed periods are left out: a place has a few a year, and PostgreSQL reads a small table
# whole whatever its indexes.)
HISTORY = ("meetup_occurrences", "meetup_interests", "meetup_card_scans", "loans")
SLACK = 20  # rows read: a month of the test's dates
SCANS = ("Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan")


def _read_from_history(plan: dict) -> int:
    """Rows a PostgreSQL plan (EXPLAIN ANALYZE, JSON) read from the history tables: the rows
    each scan gave and those its filter threw away, times its loops."""
    own = 0
    if plan["Node Type"] in SCANS and plan.get("Relation Name") in HISTORY:
        kept = plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
        own = kept * plan.get("Actual Loops", 1)
    return own + sum(_read_from_history(p) for p in plan.get("Plans", []))


def _statements_and_rows(app: Flask, url: str) -> tuple[int, int, int]:
    """The statements one anonymous visit issues, the rows they fetch and (on PostgreSQL) the
    rows they read from the history tables. Each SELECT is run again afterwards on the same
    data: the drivers do not tell how many rows a SELECT gave."""
    seen: list[tuple[str, object]] = []

    def note(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        if not statement.lstrip().upper().startswith(BOOKKEEPING):
            assert not executemany, statement  # a public page writes nothing
            seen.append((statement, parameters))

    engine = app.extensions["engine"]
    event.listen(engine, "before_cursor_execute", note)
    try:
        answer = app.test_client().get(url)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert answer.status_code == 200, (url, answer.status_code)
    fetched = read = 0
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # A test's tables are tiny, and PostgreSQL reads a tiny table whole whatever its
            # indexes: without sequential scans, a read that no index bounds shows as one.
            connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in seen:
            assert statement.lstrip().upper().startswith("SELECT"), statement
            fetched += connection.exec_driver_sql(
                f"SELECT count(*) FROM ({statement}) AS fetched",  # noqa: S608 - the app's own SQL
                parameters,
            ).scalar_one()
            if connection.dialect.name == "postgresql":
                plan = connection.exec_driver_sql(
                    f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters
                ).scalar_one()
                read += _read_from_history(plan[0]["Plan"])
    return len(seen), fetched, read


@pytest.fixture
def cold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Expansions and date cards kept by earlier tests (same database URL) left aside."""
    monkeypatch.setattr(upcoming, "_EXPANDED", OrderedDict())
    monkeypatch.setattr("spelotheek.meetups.views._CARDS", OrderedDict())


@pytest.fixture
def world(db: Session) -> dict[str, object]:
    """A place open six days with three weekly series running for years, a second place with
    one, a family, a toy, a topic."""
    place = make_location(db, weekdays=(0, 1, 2, 3, 4, 5))
    began = _today() - timedelta(days=366 * (YEARS + 1))
    series = [
        make_series(
            db,
            place,
            title=f"Play morning {weekday}",
            rrule=f"FREQ=WEEKLY;BYDAY={weekday}",
            first_day=began,
            starts=time(9 + n),
            ends=time(11 + n),
        )
        for n, weekday in enumerate(WEEKDAYS)
    ]
    elsewhere = make_location(db, weekdays=(2,))
    series.append(
        make_series(db, elsewhere, title="Elsewhere", rrule="FREQ=WEEKLY;BYDAY=WE", first_day=began)
    )
    family, _code = make_family(db, "Historic")
    make_topic(db, "Where do we find a doctor?", status="accepted")
    toy = make_toy(db, "Puzzel", copies=2, location=place)
    db.commit()
    return {
        "place": place.id,
        "series": [s.id for s in series],
        "family": family.id,
        "toy": toy.id,
    }


def _pages(db: Session, world: dict[str, object]) -> dict[str, str]:
    """The public pages, and a coming date of the first series (its page)."""
    first = int(world["series"][0])  # type: ignore[index]
    today = _today()
    day = today + timedelta(days=(0 - today.weekday()) % 7 or 7)  # the next Monday
    return {
        "home": "/",
        "meetings": "/meetups",
        "a place's meetings": f"/meetups?location={world['place']}",
        "series": f"/meetups/{first}",
        "date": f"/meetups/{first}/{day.isoformat()}",
        "catalogue": "/toys",
        "toy": f"/toys/{world['toy']}",
        "topics": "/topics",
    }


def _measure(app: Flask, pages: dict[str, str]) -> dict[str, tuple[int, int, int]]:
    """Statements, rows fetched and rows read per page: a first visit (nothing kept) and a
    repeat."""
    upcoming._EXPANDED.clear()
    first = {name: _statements_and_rows(app, url) for name, url in pages.items()}
    again = {f"{name}, again": _statements_and_rows(app, url) for name, url in pages.items()}
    return first | again


def _add_history(db: Session, world: dict[str, object], since: int, until: int) -> int:
    """Past dates (from `since` to `until` years ago) with head counts, interest and card
    scans; closed periods of the meetings and of the building; loans of both copies. Returns
    the date rows added."""
    db.rollback()  # end the read snapshot from before the requests (SQLite)
    today = _today()
    now = datetime.now(UTC)
    family = int(world["family"])  # type: ignore[call-overload]
    occurrences = []
    for series in db.scalars(select(MeetupSeries).where(MeetupSeries.id.in_(world["series"]))):
        day = series.first_day
        while day < today:  # the series' planned days, up to yesterday
            if today - timedelta(days=366 * since) < day <= today - timedelta(days=366 * until):
                occurrences.append(
                    {
                        "series_id": series.id,
                        "original_day": day,
                        "status": "scheduled",
                        "cancel_reason": "",
                        "theme": "Slapen en huilen" if day.month == 3 else None,
                        "adults": 8,
                        "children": 11,
                        "first_visits": 1,
                        "mothers": 5,
                        "fathers": 2,
                        "other_caregivers": 1,
                        "counted_at": now,
                        "sequence": 1,
                        "updated_at": now,
                    }
                )
            day += timedelta(days=7)
    db.execute(insert(MeetupOccurrence), occurrences)
    dated = db.execute(
        select(MeetupOccurrence.id, MeetupOccurrence.original_day).where(
            MeetupOccurrence.original_day.in_({o["original_day"] for o in occurrences})
        )
    ).all()
    db.execute(
        insert(MeetupInterest),
        [
            {"occurrence_id": o, "browser_hash": f"{o:08d}{k}".ljust(64, "0"), "created_at": now}
            for o, _day in dated
            for k in range(3)
        ],
    )
    db.execute(
        insert(MeetupCardScan),
        [
            {"occurrence_id": o, "family_id": family, "reach_consent": True, "scanned_at": now}
            for o, _day in dated
        ],
    )
    years = range(today.year - since, today.year - until)
    holidays = [(date(y, 7, 1), date(y, 8, 31)) for y in years] + [
        (date(y, 12, 24), date(y, 12, 26)) for y in years
    ]
    holidays = [(a, b) for a, b in holidays if b < today - timedelta(days=40)]
    db.execute(
        insert(MeetupClosure),
        [
            {"location_id": where, "first_day": a, "last_day": b, "reason": "Vakantie"}
            for a, b in holidays
            for where in (None, world["place"])
        ],
    )
    db.execute(
        insert(Closure),
        [{"location_id": world["place"], "first_day": a, "last_day": b} for a, b in holidays],
    )
    items = db.scalars(select(Item.id).where(Item.toy_id == world["toy"])).all()
    lent = [now - timedelta(days=14 * k + 30) for k in range(26 * until, 26 * since)]
    db.execute(
        insert(Loan),
        [
            {
                "item_id": item,
                "family_id": family,
                "lent_at": at,
                "due_on": (at + timedelta(days=21)).date(),
                "returned_at": at + timedelta(days=12),
            }
            for at in lent
            for item in items
        ],
    )
    db.commit()
    if db.get_bind().dialect.name == "postgresql":
        # What autovacuum does after a bulk load: the planner then knows the tables' sizes.
        db.execute(text("ANALYZE " + ", ".join(HISTORY)))
        db.commit()
    return len(occurrences)


def test_public_pages_fetch_the_same_statements_and_rows_after_years_of_history(
    app: Flask, db: Session, world: dict[str, object], cold: None
) -> None:
    pages = _pages(db, world)
    # A year of history, as the bench's small dataset has, then four more years. (What a page
    # reads around its weeks, such as the last month's moved dates, is there in both.)
    _add_history(db, world, since=1, until=0)
    before = _measure(app, pages)
    added = _add_history(db, world, since=YEARS + 1, until=1)
    assert added >= 4 * 52 * (YEARS - 1)  # years of dates per series
    after = _measure(app, pages)
    # The planner may choose another index once it knows the bigger tables (and read less),
    # so rows read may differ by a few; a read that follows the years grows fivefold.
    grown = {
        page: (before[page], after[page])
        for page in before
        if after[page][:2] != before[page][:2] or after[page][2] > before[page][2] + SLACK
    }
    assert not grown, grown  # page: ((statements, rows fetched, rows read) before, after)
    assert all(statements >= 1 and rows >= 1 for statements, rows, _read in after.values()), after


def test_a_repeat_visit_of_the_meetings_page_writes_no_date_again_and_shows_each_change(
    app: Flask, db: Session, world: dict[str, object], cold: None, monkeypatch, request
) -> None:
    from spelotheek.meetups import dates

    written: list[str] = []
    address = app.jinja_env.globals["meetup_url"]

    def counted(*args, **kwargs) -> str:
        written.append("card")
        return address(*args, **kwargs)

    # Every date card links to its date. The app may be shared with earlier tests: templates
    # loaded before keep the globals they were loaded with, so they are loaded again.
    monkeypatch.setitem(app.jinja_env.globals, "meetup_url", counted)
    app.jinja_env.cache.clear()
    request.addfinalizer(app.jinja_env.cache.clear)  # before the global is put back
    client = app.test_client()
    english = {"Accept-Language": "en"}
    first = client.get("/meetups", headers=english).get_data(as_text=True)
    shown = first.count('class="meetup')
    assert shown >= 4 * 3 and len(written) == shown  # four series, at least three weeks
    written.clear()
    assert client.get("/meetups", headers=english).get_data(as_text=True) == first
    # The cost of a repeat visit does not follow the dates listed (a city lists 120).
    assert written == []
    series = int(world["series"][0])  # type: ignore[index]
    monday = _today() + timedelta(days=(0 - _today().weekday()) % 7 or 7)
    dates.cancel_date(db, None, series, monday, "Host ill")
    db.get(MeetupSeries, series).location.name = "Renamed place"  # type: ignore[union-attr]
    db.commit()
    changed = client.get("/meetups", headers=english).get_data(as_text=True)
    assert "Cancelled: Host ill" in changed and "Cancelled" not in first
    assert "Renamed place" in changed and "Renamed place" not in first
    assert client.get("/meetups", headers={"Accept-Language": "nl"}).get_data(as_text=True) != (
        changed
    )

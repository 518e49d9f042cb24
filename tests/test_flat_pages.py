"""Public pages cost what they show, not what lies behind (issue 25): the SQL statements each
one issues and the rows it fetches are the same before and after years of history (past dates
with head counts, interest and card scans, closed periods, loans) are added.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask import Flask
from sqlalchemy import event, insert, select
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

BOOKKEEPING = ("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")
YEARS = 4
WEEKDAYS = ("MO", "WE", "SA")


def _today() -> date:
    return datetime.now(BRUSSELS).date()


def _statements_and_rows(app: Flask, url: str) -> tuple[int, int]:
    """The statements one anonymous visit issues and the rows they fetch (each SELECT is
    counted again afterwards, on the same data: the drivers do not tell rows of a SELECT)."""
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
    rows = 0
    with engine.connect() as connection:
        for statement, parameters in seen:
            assert statement.lstrip().upper().startswith("SELECT"), statement
            rows += connection.exec_driver_sql(
                f"SELECT count(*) FROM ({statement}) AS fetched",  # noqa: S608 - the app's own SQL
                parameters,
            ).scalar_one()
    return len(seen), rows


@pytest.fixture
def cold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Expansions kept by earlier tests (same database URL, maybe the same fingerprint) aside."""
    monkeypatch.setattr(upcoming, "_EXPANDED", OrderedDict())


@pytest.fixture
def world(db: Session) -> dict[str, object]:
    """A place open six days, three weekly series running for years, a family, a toy."""
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
    family, _code = make_family(db, "Historic")
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


def _measure(app: Flask, pages: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Statements and rows per page: the first visit (nothing kept) and a repeat."""
    upcoming._EXPANDED.clear()
    first = {name: _statements_and_rows(app, url) for name, url in pages.items()}
    again = {f"{name}, again": _statements_and_rows(app, url) for name, url in pages.items()}
    return first | again


def _add_history(db: Session, world: dict[str, object], years: int) -> int:
    """Years of past dates with head counts, interest and card scans; closed periods of the
    meetings and of the building; loans of both copies. Returns the date rows added."""
    db.rollback()  # end the read snapshot from before the requests (SQLite)
    today = _today()
    now = datetime.now(UTC)
    family = int(world["family"])  # type: ignore[call-overload]
    occurrences = []
    for series in db.scalars(select(MeetupSeries).where(MeetupSeries.id.in_(world["series"]))):
        day = series.first_day
        while day < today:
            if day > today - timedelta(days=366 * years):
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
            MeetupOccurrence.original_day < today
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
    holidays = [
        (date(year, 7, 1), date(year, 8, 31)) for year in range(today.year - years, today.year)
    ] + [(date(year, 12, 24), date(year, 12, 26)) for year in range(today.year - years, today.year)]
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
    lent = [now - timedelta(days=14 * k + 30) for k in range(26 * years)]
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
    return len(occurrences)


def test_public_pages_fetch_the_same_statements_and_rows_after_years_of_history(
    app: Flask, db: Session, world: dict[str, object], cold: None
) -> None:
    pages = _pages(db, world)
    before = _measure(app, pages)
    added = _add_history(db, world, YEARS)
    assert added >= 3 * 52 * (YEARS - 1)  # the history is there: years of dates per series
    after = _measure(app, pages)
    grown = {page: (before[page], after[page]) for page in before if after[page] != before[page]}
    assert not grown, grown  # page: ((statements, rows) before, after)
    print(after)
    assert all(statements >= 1 and rows >= 1 for statements, rows in after.values()), after

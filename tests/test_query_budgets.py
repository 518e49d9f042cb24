"""Query budgets (issue 10): each main page issues a bounded number of SQL statements, the same
with a little data and with a lot. Pages other tests already count (catalogue list, desk,
meetups, home, topics, groups, reach, places) are not repeated here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from spelotheek.audit import AuditEvent
from spelotheek.auth.services import create_api_token
from spelotheek.families import cardcode
from spelotheek.families.models import Card, Child, Family
from spelotheek.loans.models import Hold, Item, Loan, Toy
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.loans.factories import item_of, make_location, make_toy

BOOKKEEPING = ("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")
# The most statements any page here may issue (the desk's lend is the largest, at 19).
CEILING = 25
NOW = datetime.now(UTC)


def _counted(app, action: Callable[[], object]) -> int:
    """How many SQL statements the action issued (transaction bookkeeping left out)."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(BOOKKEEPING):
            statements.append(statement)

    engine = app.extensions["engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def _grow(db: Session, n: int, location_id: int, family: int) -> None:
    """Add n families with cards and children, n toys with copies, loans, holds and audit."""
    db.rollback()  # end the read snapshot from before the requests (SQLite)
    first = (db.scalar(select(Family.id).order_by(Family.id.desc()).limit(1)) or 0) + 1
    families = range(first, first + n)
    db.execute(
        insert(Family),
        [{"id": f, "display_name": f"Bulk {f}", "created_at": NOW} for f in families],
    )
    db.execute(
        insert(Card),
        [
            {
                "family_id": f,
                "token_hash": cardcode.token_hash(f"BULK{f}"),
                "hint": "BULK",
                "issued_at": NOW,
            }
            for f in families
        ],
    )
    db.execute(
        insert(Child), [{"family_id": f, "birth_year": 2022, "birth_month": 5} for f in families]
    )
    top = db.scalar(select(Toy.id).order_by(Toy.id.desc()).limit(1)) or 0
    db.execute(
        insert(Toy),
        [
            {"ref": f"Q{t:05d}", "name": f"Bulk toy {t}", "created_at": NOW}
            for t in range(top + 1, top + n + 1)
        ],
    )
    toy_ids = db.scalars(select(Toy.id).where(Toy.id > top)).all()
    db.execute(
        insert(Item),
        [
            {
                "toy_id": t,
                "label": f"Q{t:06d}{k}",
                "state": "available",
                "location_id": location_id,
                "created_at": NOW,
            }
            for t in toy_ids
            for k in range(2)
        ],
    )
    items = db.scalars(select(Item.id).where(Item.toy_id.in_(toy_ids))).all()
    lent = NOW - timedelta(days=40)
    db.execute(
        insert(Loan),
        [
            {
                "item_id": i,
                "family_id": family if k % 3 == 0 else families[k % n],
                "lent_at": lent,
                "due_on": date.today() - timedelta(days=19),
                "returned_at": lent + timedelta(days=10),
            }
            for k, i in enumerate(items)
        ],
    )
    db.execute(
        insert(Hold),
        [
            {
                "toy_id": t,
                "family_id": families[k % n],
                "position": 1,
                "status": "waiting",
                "created_at": NOW,
            }
            for k, t in enumerate(toy_ids[: n // 2])
        ],
    )
    db.execute(
        insert(AuditEvent),
        [
            {
                "action": "bulk",
                "actor_kind": "user",
                "subject_type": "family",
                "subject_id": f,
                "at": NOW,
            }
            for f in families
        ],
    )
    db.commit()


@pytest.fixture
def world(app, db: Session) -> dict[str, object]:
    """A location, staff of every kind, a family with a card, a toy with two copies."""
    location = make_location(db, weekdays=(0, 1, 2, 3, 4, 5))
    coordinator = make_user(db, role="coordinator")
    staff = make_user(db, role="staff")
    family, code = make_family(db, "Counted", with_pin=True)
    toy = make_toy(db, "Puzzel", parts=[("stukjes", 12)], copies=2, location=location)
    token = create_api_token(db, None, staff, "desk")
    db.commit()
    return {
        "location": location.id,
        "coordinator": staff_id(coordinator),
        "staff": staff_id(staff),
        "family": family.id,
        "family_session": family_id(family),
        "code": cardcode.format_code(code),
        "toy": toy.id,
        "labels": [item_of(toy, 0).label, item_of(toy, 1).label],
        "token": token,
    }


def _page(app, who: str | None, url: str) -> Callable[[], object]:
    """A visit by this principal (None: anonymous) in a fresh browser."""
    client = app.test_client()
    if who:
        login_as(client, who)

    def visit() -> None:
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)

    return visit


def _measure(app, world: dict[str, object]) -> dict[str, int]:
    pages = {
        "catalogue search": (None, "/toys?q=puzzel&age=2&area=motor"),
        "toy": (None, f"/toys/{world['toy']}"),
        "family portal": (world["family_session"], "/me"),
        "families": (world["staff"], "/families/"),
        "family": (world["staff"], f"/families/{world['family']}"),
        "users": (world["coordinator"], "/users/"),
        "audit": (world["coordinator"], "/audit/"),
    }
    counts = {name: _counted(app, _page(app, who, url)) for name, (who, url) in pages.items()}
    api = {"Authorization": f"Bearer {world['token']}"}
    client = app.test_client()  # a device: its bearer token, no browser session
    label = world["labels"][0]

    def scan() -> None:
        assert client.get(f"/api/v1/cards/{world['code']}", headers=api).status_code == 200

    def lend() -> None:
        body = {"card": world["code"], "item": label}
        answer = client.post("/api/v1/loans", json=body, headers=api)
        assert answer.status_code == 201, answer.get_json()

    def take_back() -> None:
        answer = client.post("/api/v1/returns", json={"item": label}, headers=api)
        assert answer.status_code == 200, answer.get_json()

    scan()  # the token's first use writes last_used_at (then once a minute): not counted
    counts["api card scan"] = _counted(app, scan)
    counts["api lend"] = _counted(app, lend)
    counts["api return"] = _counted(app, take_back)
    return counts


def test_main_pages_issue_the_same_bounded_number_of_statements_for_small_and_large_data(
    app, db: Session, world: dict[str, object]
) -> None:
    small = _measure(app, world)
    _grow(db, 300, int(world["location"]), int(world["family"]))
    large = _measure(app, world)
    # The lend: token, then the copy, the card and the lend's facts in one statement, then the
    # loan, the copy's state and the audit row (on PostgreSQL one statement: write_together).
    sqlite = db.get_bind().dialect.name == "sqlite"
    assert large["api lend"] <= (5 if sqlite else 3), large
    # The return: token, the copy locked (no parts list when nothing is missing), the open loan
    # closed with the return's facts (one UPDATE … RETURNING; on SQLite the facts follow in a
    # statement of their own), the audit row and the copy's state (together on PostgreSQL).
    assert large["api return"] <= (6 if sqlite else 4), large
    assert db.scalar(select(Loan.id).where(Loan.family_id == world["family"]).limit(1))
    assert large == small
    assert max(large.values()) <= CEILING, large
    assert min(large.values()) >= 1


def test_the_calendar_feed_is_built_once_and_rebuilt_exactly_when_something_changes(
    app, client: FlaskClient, db: Session
) -> None:
    from datetime import time

    from spelotheek.meetups import dates as meetups
    from tests.meetups.conftest import make_location as make_place
    from tests.meetups.conftest import make_series

    place = make_place(db)
    series = make_series(db, place, first_day=date.today() - timedelta(days=14))
    db.commit()
    day = date.today() + timedelta(days=(5 - date.today().weekday()) % 7 or 7)
    first = client.get("/meetups.ics")
    assert first.status_code == 200
    built = _counted(app, lambda: client.get("/meetups.ics"))
    again = client.get("/meetups.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    meetups.change_date(
        db, None, series.id, day, day=day, starts=time(10), ends=time(12), theme="Slapen"
    )
    db.commit()
    changed = client.get("/meetups.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert b"Slapen" in changed.data
    place.name = "Nieuwe plek"
    db.commit()
    assert b"Nieuwe plek" in client.get("/meetups.ics").data
    # The cached feed costs only its fingerprint: the series and dates are not loaded again.
    assert built <= 4


def test_the_floor_exists_only_in_the_bench_app(database_url: str) -> None:
    from bench import floor
    from spelotheek import create_app
    from tests.conftest import settings_for

    plain = create_app(settings_for(database_url))
    floor.register(plain)
    assert "bench_floor.floor" not in plain.view_functions
    benched = create_app(settings_for(database_url, BENCH_FLOOR=True))
    floor.register(benched)
    assert "bench_floor.floor" in benched.view_functions
    for app in (plain, benched):
        app.extensions["engine"].dispose()

"""Reach snapshots: counts are reused a short while, counted again on request or when too old,
and forgotten at once when a family's consent, answers or existence change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from spelotheek.families import rights
from spelotheek.reach import services, snapshots
from spelotheek.reach.models import ReachSnapshot
from spelotheek.reach.report import Counts
from tests.reach.helpers import random_world, store

EN = {"Accept-Language": "en"}
CHOICES = {"from": "2026-01", "to": "2026-06", "service": "loans", "by": "household"}
QUERY = "&".join(f"{k}={v}" for k, v in CHOICES.items())


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "REACH_THRESHOLD": 5, "REACH_ROUNDING": 1}


def _figures(client) -> list:
    data = client.get(f"/api/v1/reach?{QUERY}", headers=EN).get_json()
    return [r["values"] for t in data["tables"] for r in t["rows"]]


def _snapshot_count(db) -> int:
    db.rollback()  # see what the requests committed
    return db.scalar(select(func.count()).select_from(ReachSnapshot))


def test_counts_survive_the_round_trip_through_json() -> None:
    counts = Counts(
        overlap={(True, False, True): 7, (False, True, False): 3},
        breakdowns={("household", "one_adult"): 12, ("a", "x", "b", "y"): 4},
        events={"loans": 40, "loan_visits": 31, "meeting_visits": 9, "group_visits": 0},
        head_counts={("2026-03", True): {"adults": 5, "children": 8}},
    )
    at = datetime(2026, 3, 1, 12, tzinfo=UTC)
    back = snapshots.decode(snapshots.encode(counts), at)
    assert (back.overlap, back.breakdowns, back.events, back.head_counts) == (
        counts.overlap,
        counts.breakdowns,
        counts.events,
        counts.head_counts,
    )
    assert back.counted_at == at


def test_the_key_depends_on_the_pair_but_not_on_a_single_breakdown() -> None:
    start, end = date(2026, 1, 1), date(2026, 7, 1)
    single = snapshots.key_for(start, end, "all", ("household",))
    assert single == snapshots.key_for(start, end, "all", ("home_language",))
    assert single != snapshots.key_for(start, end, "loans", ("household",))
    assert single != snapshots.key_for(start, end, "all", ("household", "usual_carer"))
    assert snapshots.max_age("bad") == timedelta(seconds=snapshots.DEFAULT_SECONDS)
    assert snapshots.max_age(-5) == timedelta(0)


def test_figures_are_reused_until_counted_again(client, db, coordinator) -> None:
    store(db, random_world(3, size=40))
    db.commit()
    before = _figures(client)
    assert _snapshot_count(db) == 1
    store(db, random_world(4, size=60))
    db.commit()
    assert _figures(client) == before  # the snapshot, not a new count
    page = client.get(f"/reach?{QUERY}", headers=EN).get_data(as_text=True)
    assert "Counted at" in page and "Count again now" in page
    answer = client.post("/reach/recount", data=CHOICES, headers=EN)
    assert answer.status_code == 302 and "service=loans" in answer.headers["Location"]
    assert _figures(client) != before


def test_a_snapshot_older_than_the_setting_is_counted_again(app, db) -> None:
    store(db, random_world(5, size=30))
    db.flush()
    start, end, now = date(2026, 1, 1), date(2026, 7, 1), datetime(2026, 8, 1, 9, tzinfo=UTC)
    key, age = snapshots.key_for(start, end, "all", ("household",)), timedelta(minutes=10)
    counts = services.count(db, start, end, "all", ("household",), now)
    snapshots.keep(db, key, counts, now, age)
    snapshots.keep(db, key, counts, now, age)  # a second worker's count replaces, never fails
    assert db.scalar(select(func.count()).select_from(ReachSnapshot)) == 1
    found = snapshots.recent(db, key, now + timedelta(minutes=9), age)
    assert found is not None and found.breakdowns == counts.breakdowns
    assert snapshots.recent(db, key, now + timedelta(minutes=10), age) is None
    assert snapshots.recent(db, key, now, timedelta(0)) is None
    other = snapshots.key_for(start, end, "loans", ("household",))
    snapshots.keep(db, other, counts, now + timedelta(minutes=11), age)
    kept = db.scalars(select(ReachSnapshot.key)).all()
    assert kept == [other]  # the stale one went when a new one was kept


def test_no_snapshot_is_kept_when_the_setting_is_zero(app, client, db, coordinator) -> None:
    app.config["REACH_SNAPSHOT_SECONDS"] = 0
    store(db, random_world(6, size=20))
    db.commit()
    client.get(f"/reach?{QUERY}", headers=EN)
    assert _snapshot_count(db) == 0
    page = client.get(f"/reach?{QUERY}", headers=EN).get_data(as_text=True)
    assert "Count again now" not in page


def test_withdrawn_consent_and_erasure_forget_every_snapshot(client, db, coordinator) -> None:
    world = random_world(7, size=30)
    store(db, world)
    db.commit()
    _figures(client)
    assert _snapshot_count(db) == 1
    family = services.get_family(db, world[0].id)
    services.save_profile(
        db, family, {"household": "one_adult"}, services.settings_from({}), coordinator.id,
        datetime.now(UTC),
    )  # fmt: skip
    db.commit()
    assert _snapshot_count(db) == 0
    _figures(client)
    db.rollback()  # a fresh transaction after the request's write (SQLite)
    services.withdraw_profile(db, family, coordinator.id, datetime.now(UTC))
    db.commit()
    assert _snapshot_count(db) == 0
    _figures(client)
    db.rollback()
    quiet = next(s for s in world if not s.loans and not s.groups)  # nothing at home
    rights.erase_family(db, services.get_family(db, quiet.id), coordinator.id)
    db.commit()
    assert _snapshot_count(db) == 0


def test_count_again_with_bad_months_says_so(client, coordinator) -> None:
    answer = client.post(
        "/reach/recount", data={**CHOICES, "from": "2026-13"}, headers=EN, follow_redirects=True
    )
    assert answer.status_code == 200
    assert "Please give months as YYYY-MM." in answer.get_data(as_text=True)

"""The check-in's counters, and its section on the reach page with small numbers hidden."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from spelotheek.db import transaction
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.meetups import dates
from spelotheek.reach import services as reach
from spelotheek.reach import snapshots
from spelotheek.reach.figures import Settings
from spelotheek.reach.report import Counts, build
from spelotheek.reach.rules import marker
from spelotheek.welcome import checkin
from spelotheek.welcome.figures import checkin_table, quarter_of
from spelotheek.welcome.models import CheckinCount
from spelotheek.welcome.rules import WelcomeRefused
from tests.meetups.conftest import make_series
from tests.welcome.conftest import LAST_SATURDAY, NEXT_SATURDAY, NOW, TODAY

SETTINGS = Settings(threshold=10, rounding=1, languages=("nl",), neighbourhoods=())


def test_taps_add_up_per_question_and_answer(db) -> None:
    series = make_series(db)
    for answer in ("yes", "yes", "bit"):
        checkin.tap(db, series.id, LAST_SATURDAY, "welcome", answer, TODAY)
    checkin.tap(db, series.id, LAST_SATURDAY, "again", "no", TODAY)
    tally = checkin.date_tally(db, series.id, LAST_SATURDAY)
    assert tally["welcome"] == {"yes": 2, "bit": 1, "no": 0}
    assert tally["again"] == {"yes": 0, "bit": 0, "no": 1}
    assert tally["follow"] == {"yes": 0, "bit": 0, "no": 0}
    # Counters, not rows per person: one row per date, question and answer.
    assert db.scalar(select(func.count()).select_from(CheckinCount)) == 3


def test_no_tap_for_a_coming_cancelled_or_unknown_date_or_answer(db) -> None:
    series = make_series(db)
    with pytest.raises(DomainError) as refused:
        checkin.tap(db, series.id, NEXT_SATURDAY, "welcome", "yes", TODAY)
    assert refused.value.code == "not_yet"
    dates.cancel_date(db, None, series.id, LAST_SATURDAY, "Sick", TODAY)
    with pytest.raises(DomainError):
        checkin.tap(db, series.id, LAST_SATURDAY, "welcome", "yes", TODAY)
    with pytest.raises(NotFound):
        checkin.tap(db, series.id, date(2026, 12, 6), "welcome", "yes", TODAY)
    with pytest.raises(WelcomeRefused):
        checkin.tap(db, series.id, date(2026, 11, 28), "welcome", "maybe", TODAY)
    assert db.scalar(select(func.count()).select_from(CheckinCount)) == 0


def test_taps_from_two_tablets_at_once_all_count(app, db) -> None:
    series = make_series(db)
    db.commit()
    errors: list[BaseException] = []

    def tablet() -> None:
        try:
            for _ in range(10):
                # As a request does it: one writing transaction per tap.
                with app.app_context(), transaction() as session:
                    checkin.tap(session, series.id, LAST_SATURDAY, "follow", "yes", TODAY)
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=tablet) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.expire_all()
    assert checkin.date_tally(db, series.id, LAST_SATURDAY)["follow"]["yes"] == 30


def test_month_tallies_for_reach(db) -> None:
    series = make_series(db)
    checkin.tap(db, series.id, LAST_SATURDAY, "welcome", "yes", TODAY)
    checkin.tap(db, series.id, date(2026, 11, 28), "welcome", "no", TODAY)
    found = checkin.month_tallies(db, date(2026, 11, 1), date(2027, 1, 1))
    assert found["2026-12"]["welcome"]["yes"] == 1
    assert found["2026-11"]["welcome"]["no"] == 1
    assert checkin.month_tallies(db, date(2027, 1, 1), date(2027, 2, 1)) == {}


def _tally(**counts: int) -> dict[str, dict[str, int]]:
    tally = {q: {"yes": 0, "bit": 0, "no": 0} for q in ("welcome", "follow", "again")}
    for key, n in counts.items():
        question, answer = key.split("_")
        tally[question][answer] = n
    return tally


def test_the_reach_section_hides_small_numbers_and_what_would_reveal_them() -> None:
    months = {
        "2026-10": _tally(welcome_yes=30, welcome_bit=3, welcome_no=12),
        "2026-11": _tally(welcome_yes=25, welcome_no=11),
    }
    table = checkin_table(months, SETTINGS)
    shown = {cell.name: cell.shown for row in table.rows for cell in row.cells}  # type: ignore[union-attr]
    assert quarter_of("2026-11") == "2026 Q4"
    assert shown["ci|2026 Q4|welcome|bit"] == marker(10)  # 3: primary suppression
    assert shown["ci|welcome|bit"] == marker(10)  # the same figure as the period's total
    # Secondary: the row total and the other answers must not give the 3 away.
    hidden_in_row = [shown[f"ci|2026 Q4|welcome|{a}"] for a in ("yes", "no")] + [
        shown["ci|2026 Q4|welcome"]
    ]
    assert marker(10) in hidden_in_row
    assert shown["ci|follow"] == 0
    assert table.chart is not None


def test_the_reach_page_shows_the_section_only_when_there_were_taps(app, db) -> None:
    series = make_series(db)
    for _ in range(12):
        checkin.tap(db, series.id, LAST_SATURDAY, "again", "yes", TODAY)
    period = (date(2026, 12, 1), date(2027, 1, 1), "all", ("home_language",))
    counts = reach.count(db, *period, None)
    with app.test_request_context():
        table = build(*period, SETTINGS, counts).table("checkin")
        assert table is not None
        assert table.rows[-1].figure(0).shown == 12
        # The figures survive a snapshot (what the dashboard usually shows).
        again = snapshots.decode(snapshots.encode(counts), counts.counted_at or NOW)
        assert (
            build(*period, SETTINGS, again).table("checkin").rows[-1].shown()
            == table.rows[-1].shown()
        )
        assert build(*period, SETTINGS, Counts({}, {}, {}, {})).table("checkin") is None

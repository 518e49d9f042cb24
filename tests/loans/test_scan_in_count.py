"""A scan that lands in a "missing" count field is refused aloud, never dropped (issue 24.2)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spelotheek.loans import rules
from spelotheek.loans.models import Item
from tests.factories import login_as, make_family, make_user, staff_id
from tests.loans.factories import item_of, make_location, make_toy


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "LOANS_REPEAT_SECONDS": 0}


EN = {"Accept-Language": "en"}


@pytest.mark.parametrize(
    "typed", ["SP4K7M2Q", "sp-4k7m-2q", "3KE1JPRVVMD1JPATSDCHJPTVS1T", "20001234"]
)
def test_a_scan_in_a_count_is_refused_as_a_scan(typed: str) -> None:
    with pytest.raises(rules.LoanRefused) as refused:
        rules.parse_missing_count(typed)
    assert refused.value.code == "scan_in_count"


@pytest.mark.parametrize(("typed", "count"), [("", 0), (" 2 ", 2), ("0", 0), ("12", 12)])
def test_counts_are_read(typed: str, count: int) -> None:
    assert rules.parse_missing_count(typed) == count


def test_other_text_in_a_count_is_refused_too() -> None:
    with pytest.raises(rules.LoanRefused) as refused:
        rules.parse_missing_count("-1")
    assert refused.value.code == "invalid_count"


def _desk(client, db):
    login_as(client, staff_id(make_user(db, role="volunteer")))
    _, code = make_family(db, "Amira")
    place = make_location(db)
    train = make_toy(db, "Houten trein", parts=[("wagons", 4)], location=place)
    other = item_of(make_toy(db, "Stapelbekers", location=place)).label
    db.commit()
    label, part = item_of(train).label, train.parts[0].id
    client.post("/desk/scan", data={"code": code})
    client.post("/desk/scan", data={"code": label})
    client.post("/desk/scan", data={"code": label})  # back: the parts check opens
    return label, part, other


def _state(db, label: str) -> str:
    db.rollback()
    return db.scalar(select(Item.state).where(Item.label == label))


def test_a_label_in_the_parts_check_form_is_refused_and_the_check_stays_open(client, db) -> None:
    label, part, other = _desk(client, db)
    client.post("/desk/return", data={"item": label, f"missing-{part}": other})
    page = client.get("/desk", headers=EN).get_data(as_text=True)
    assert "signal-refused" in page and "not a number of missing pieces" in page
    assert 'id="parts-check"' in page  # the check waits to be finished
    assert _state(db, label) == "on_loan" and _state(db, other) == "available"


def test_a_label_in_the_pages_parts_check_call_is_refused_aloud(client, db) -> None:
    label, part, other = _desk(client, db)
    csrf = client.get("/desk").get_data(as_text=True).split('data-csrf="')[1].split('"')[0]
    answer = client.post(
        "/api/v1/desk/return",
        json={"item": label, "missing": {str(part): other}},
        headers={**EN, "X-CSRFToken": csrf},
    ).get_json()
    assert answer["signal"] == "refused" and answer["code"] == "scan_in_count"
    assert 'id="parts-check"' in answer["parts_form"]  # the page keeps the check open
    assert _state(db, label) == "on_loan" and _state(db, other) == "available"


def test_the_count_fields_take_every_character_a_scanner_types(client, db) -> None:
    """A number field drops letters as they are typed: the scan would vanish without a word."""
    _desk(client, db)
    page = client.get("/desk").get_data(as_text=True)
    form = page.split('id="parts-check"')[1].split("</form>")[0]
    assert 'name="missing-' in form and 'type="number"' not in form

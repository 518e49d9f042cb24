"""A handheld scanner types fast and ends with Enter, wherever the focus is (issue 24.2)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spelotheek.loans.models import Item
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD, make_family, make_user
from tests.loans.factories import item_of, make_location, make_toy

pytestmark = [pytest.mark.browser, pytest.mark.one_database]


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"LOANS_REPEAT_SECONDS": 1}


def _scan(page, code: str) -> None:
    """Like a scanner: every character at once, then Enter, into whatever has the focus."""
    page.keyboard.type(code, delay=0)
    page.keyboard.press("Enter")


def test_a_scan_into_the_parts_check_is_refused_aloud_not_lost(page, db) -> None:
    volunteer = make_user(db, role="volunteer", email="scanner@example.test")
    _, code = make_family(db, "Amira")
    place = make_location(db)
    train = make_toy(db, "Houten trein", parts=[("wagons", 4)], location=place)
    label, other = item_of(train).label, item_of(make_toy(db, "Memory", location=place)).label
    db.commit()

    page.goto("/login")
    page.locator("#email").fill(volunteer.email)
    page.locator("#password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk")
    _scan(page, code)
    page.locator("#family-panel").wait_for()
    _scan(page, label)
    page.locator("#family-panel li", has_text="Houten trein").wait_for()
    page.wait_for_timeout(1100)  # past the double-scan window
    _scan(page, label)
    page.locator("#parts-check").wait_for()
    assert page.evaluate("document.activeElement.name").startswith("missing-")

    _scan(page, other)  # the next toy's label lands in the "missing" field
    page.locator("#desk-result.signal-refused").wait_for()
    assert "scan" in page.locator("#desk-result").inner_text().lower()
    assert page.locator("#parts-check").count() == 1  # the check is still there to finish
    assert page.evaluate("document.activeElement.name").startswith("missing-")
    screenshot(page, "desk-scan-in-parts-check")
    db.rollback()
    assert db.scalar(select(Item.state).where(Item.label == label)) == "on_loan"
    assert db.scalar(select(Item.state).where(Item.label == other)) == "available"

    page.keyboard.press("Enter")  # nothing missing: the train comes back
    page.locator("#desk-result.signal-ok").wait_for()
    assert page.locator("#parts-check").count() == 0
    _scan(page, other)  # now the scan box has the focus again: the toy is lent
    page.locator("#family-panel li", has_text="Memory").wait_for()
    db.rollback()
    assert db.scalar(select(Item.state).where(Item.label == other)) == "on_loan"

"""The desk by keyboard: scan a card, lend a toy, take it back with a piece missing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spelotheek.loans.models import Item
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD, make_family, make_user
from tests.loans.factories import item_of, make_location, make_toy

pytestmark = pytest.mark.browser


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"LOANS_REPEAT_SECONDS": 1}


def test_desk_flow_by_keyboard(page, db, backend) -> None:
    volunteer = make_user(db, role="volunteer", email="desk@example.test")
    family, code = make_family(db, "Amira")
    toy = make_toy(
        db, "Houten trein", parts=[("wagons", 4), ("rails", 8)], location=make_location(db)
    )
    label = item_of(toy).label
    db.commit()

    page.goto("/login")
    page.locator("#email").fill(volunteer.email)
    page.locator("#password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/desk")  # desk people land on the desk
    page.goto("/desk")

    scan = page.locator("#code")
    assert page.evaluate("document.activeElement.id") == "code"  # the scanner can type at once
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.locator("#family-panel h2", has_text="Amira").wait_for()
    assert "signal-ok" in page.locator("#desk-result").get_attribute("class")

    page.keyboard.type(label)
    page.keyboard.press("Enter")
    page.locator("#family-panel li", has_text="Houten trein").wait_for()
    assert page.url.endswith("/desk")  # no page load: the API answered
    assert scan.input_value() == ""

    page.wait_for_timeout(1100)  # past the double-scan window
    page.keyboard.type(label)
    page.keyboard.press("Enter")
    page.locator("#parts-check").wait_for()
    assert "signal-attention" in page.locator("#desk-result").get_attribute("class")
    focused = page.evaluate("document.activeElement.name")
    assert focused.startswith("missing-")
    page.keyboard.press("Tab")  # wagons complete; rails:
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    page.locator("#desk-result.signal-attention", has_text="1").wait_for()
    assert page.locator("#parts-check").count() == 0
    screenshot(page, f"desk-return-incomplete-{backend}")

    db.rollback()
    assert db.scalar(select(Item.state).where(Item.label == label)) == "incomplete"
    assert page.evaluate("document.activeElement.id") == "code"

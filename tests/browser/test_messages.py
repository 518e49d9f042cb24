"""A family chooses short messages on its phone, in Arabic (right to left), at 360 px, with no
JavaScript needed; then stops them. Staff set it at the desk."""

from __future__ import annotations

import pytest

from spelotheek.messages.services import opted_in_channels
from tests.browser.conftest import click_and_wait, screenshot
from tests.browser.test_accessibility import AXE, axe_problems
from tests.factories import PASSWORD, PIN, make_family, make_user

pytestmark = [pytest.mark.browser, pytest.mark.one_database]


def test_a_family_chooses_and_stops_short_messages_in_arabic(browser, live_server, db) -> None:
    family, code = make_family(db, "Amira", with_pin=True, language="ar")
    db.commit()
    context = browser.new_context(
        base_url=live_server,
        locale="ar",
        viewport={"width": 360, "height": 740},
        java_script_enabled=False,
    )
    context.add_init_script(path=str(AXE))
    phone = context.new_page()
    phone.goto("/me/messages")
    phone.wait_for_url("**/family/login**")
    phone.locator("#card").fill(code)
    phone.locator("#pin").fill(PIN)
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url("**/me**")
    phone.goto("/me/messages")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # No number yet: asking for WhatsApp says what is missing, in the family's language.
    phone.locator("#whatsapp").check()
    click_and_wait(phone.locator("main form button[type=submit]").first)
    assert phone.locator(".error-summary").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.locator("#phone").fill("0470 12 34 56")
    phone.locator("#whatsapp").check()
    click_and_wait(phone.locator("main form button[type=submit]").first)  # back to the same page
    phone.wait_for_url("**/me/messages")
    assert opted_in_channels(db, family.id) == ["whatsapp"]
    assert "0470 12 34 56" in phone.locator("main").inner_text()
    screenshot(phone, "messages-family-ar")
    click_and_wait(phone.locator("button[name=stop]"))
    phone.wait_for_url("**/me/messages")
    db.rollback()
    assert opted_in_channels(db, family.id) == []


def test_the_pages_pass_axe(browser, live_server, db) -> None:
    family, code = make_family(db, "Amira", with_pin=True, language="ar", phone="0470123456")
    staff = make_user(db, role="staff", email="desk@example.test")
    db.commit()
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto("/family/login")
    page.locator("#card").fill(code)
    page.locator("#pin").fill(PIN)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/me**")
    for path in ("/me", "/me/messages"):
        page.goto(path)
        assert axe_problems(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    desk = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740})
    desk.add_init_script(path=str(AXE))
    office = desk.new_page()
    office.goto("/login")
    office.locator("#email").fill(staff.email)
    office.locator("#password").fill(PASSWORD)
    click_and_wait(office.locator("main button[type=submit]"))
    office.goto(f"/families/{family.id}/messages")
    assert axe_problems(office) == []
    assert office.evaluate("document.documentElement.scrollWidth") <= 360

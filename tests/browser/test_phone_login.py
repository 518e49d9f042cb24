"""The family card's QR code opened on a phone, in Arabic: only the PIN is asked (issue 21).

The code travels in the address's fragment, leaves the address at once and is posted once in
the form's body: no request the server sees carries it in its address or its Referer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from spelotheek.db import utcnow
from spelotheek.families.models import FamilyDevice
from spelotheek.messages.services import set_channels
from tests.browser.conftest import click_and_wait, screenshot
from tests.browser.test_accessibility import AXE, axe_problems
from tests.factories import PIN, make_family

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server: str):
    """A phone-sized Chromium page whose browser asks for Arabic, with axe-core loaded."""
    context = browser.new_context(
        base_url=live_server,
        locale="ar",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        extra_http_headers={"Accept-Language": "ar"},
    )
    context.add_init_script(path=str(Path(AXE)))  # not the site's: the CSP does not apply
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_card_qr_opens_a_pin_page_and_the_code_never_reaches_an_address(
    phone, live_server, db, backend
) -> None:
    family, code = make_family(db, "أمينة", with_pin=True, language="ar")
    db.commit()
    seen: list[tuple[str, str]] = []
    phone.on("request", lambda r: seen.append((r.url, r.headers.get("referer") or "")))

    phone.goto(f"/c#{code}")  # what the phone's camera opens
    phone.locator("#card-read").wait_for()
    assert phone.evaluate("location.hash") == ""
    assert code not in phone.evaluate("location.href")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("html").get_attribute("lang") == "ar"
    assert phone.locator("#card").is_hidden()  # only the PIN is asked
    assert phone.evaluate("document.activeElement.id") == "pin"
    assert not axe_problems(phone)
    screenshot(phone, f"phone-login-ar-{backend}")

    phone.locator("#pin").fill(PIN)
    phone.locator("#stay").check()
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url("**/me")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert "أمينة" in phone.locator("h1").inner_text()
    assert not axe_problems(phone)
    screenshot(phone, f"phone-login-me-ar-{backend}")

    # Back in the history: the page without the code, never the code.
    phone.go_back()
    assert code not in phone.evaluate("location.href")
    for url, referer in seen:
        assert code not in url and code not in referer, (url, referer)
    db.rollback()
    assert db.scalars(select(FamilyDevice.family_id)).all() == [family.id]


def test_a_wrong_pin_on_the_phone_says_so_in_arabic(phone, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    phone.goto(f"/c#{code}")
    phone.locator("#card-read").wait_for()
    phone.locator("#pin").fill("9999")
    click_and_wait(phone.locator("main button[type=submit]"))
    summary = phone.locator(".error-summary")
    summary.wait_for()
    assert phone.locator("html").get_attribute("dir") == "rtl"
    # The code read from the card is kept: the deferred script hides its field again.
    phone.locator("#card").wait_for(state="hidden")
    text = summary.inner_text()
    assert "do not match" not in text and any("\u0600" <= c <= "\u06ff" for c in text)  # Arabic
    assert not axe_problems(phone)
    phone.locator("#pin").fill(PIN)
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url("**/me")


def test_without_javascript_the_code_is_typed(browser, live_server, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    context = browser.new_context(
        base_url=live_server, locale="ar", viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/c")
    assert page.locator("#card").is_visible() and page.locator("#pin").is_visible()
    page.locator("#card").fill(code)
    page.locator("#pin").fill(PIN)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/me")
    context.close()


def test_a_lost_card_link_logs_in_and_asks_for_a_new_pin(phone, db) -> None:
    family, _ = make_family(db, with_pin=True, phone="+32470123456")
    set_channels(db, family, {"sms"}, utcnow())
    db.commit()
    phone.goto("/family/login")
    click_and_wait(phone.locator("a[href='/family/lost']"))
    phone.locator("#phone").fill("0470 12 34 56")
    click_and_wait(phone.locator("main button[type=submit]"))
    phone.locator("[role=status]").wait_for()
    assert not axe_problems(phone)
    from spelotheek.messages.models import Message

    db.rollback()
    body = db.scalars(select(Message.body)).one()
    path = body[body.index("/family/link/") :].split()[0]
    phone.goto(path)
    assert not axe_problems(phone)
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url("**/family/pin")
    assert not axe_problems(phone)
    phone.locator("#pin").fill("2580")
    phone.locator("#again").fill("2580")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url("**/me")

"""The family's own slip in Chromium on a 390-px phone: made by tapping, in Arabic (right to
left) with the Dutch column left to right; axe-core clean; and made without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.conftest import click_and_wait, screenshot
from tests.browser.test_accessibility import AXE, axe_problems, choose_language
from tests.browser.test_accessibility_layout import check_page
from tests.factories import make_service

pytestmark = [pytest.mark.browser, pytest.mark.one_database]

PHONE = {"width": 390, "height": 800}


def _make_slip(page) -> None:
    """Tap two pictures, write a few words, choose the service and an interpreter, send."""
    page.locator("label.slip-tile:has(input[value=income])").click()
    page.locator("label.slip-tile:has(input[value=talk])").click()
    page.locator("#own_words").fill("Ik begrijp de brief van de huur niet.")
    page.locator("#interpreter").select_option("ar")
    page.locator("label[for=slowly]").click()
    click_and_wait(page.locator("main button[type=submit]"))
    page.locator("table.slip-table").wait_for()


def test_the_slip_in_arabic_on_a_phone(app, db, browser, live_server) -> None:  # noqa: F811
    service = make_service(db, "Budgethulp")
    db.commit()
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="nl-BE")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    choose_language(page, "ar")
    page.goto(f"/help/slip?service={service.uuid}")
    problems = [f"form: {p}" for p in axe_problems(page)] + check_page(page, "form")
    screenshot(page, "ar-390px-network-slip-form")

    assert page.locator("#own_words").get_attribute("maxlength") == "500"
    page.locator("label[for=reading]").click()  # no question yet: refused, the tick stays
    click_and_wait(page.locator("main button[type=submit]"))
    page.locator(".error-summary").wait_for()
    assert page.locator("#reading").is_checked()
    page.locator("label[for=reading]").click()
    problems += [f"refused: {p}" for p in axe_problems(page)]

    _make_slip(page)
    assert page.locator("html").get_attribute("dir") == "rtl"
    dutch = page.locator('td[lang="nl"]')
    assert dutch.count() == page.locator('td[lang="ar"]').count() >= 4
    assert dutch.first.get_attribute("dir") == "ltr"
    assert page.locator('td[lang="nl"]:has-text("Inkomen en geld")').count() == 1
    assert page.locator('td[lang="ar"]:has-text("الدخل والمال")').count() == 1
    assert page.locator("text=Ik begrijp de brief van de huur niet.").count() == 1
    assert page.locator("[data-print]").is_visible()  # the print button comes with scripts
    problems += [f"slip: {p}" for p in axe_problems(page)] + check_page(page, "slip")
    screenshot(page, "ar-390px-network-slip")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    context.close()
    assert not problems, "\n".join(problems)


def test_the_slip_is_made_without_javascript(browser, live_server) -> None:  # noqa: F811
    context = browser.new_context(
        base_url=live_server, viewport=PHONE, locale="tr-TR", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/help/slip")
    _make_slip(page)
    assert page.locator('td[lang="tr"]:has-text("Gelir ve para")').count() == 1
    assert page.locator('td[lang="nl"]:has-text("Inkomen en geld")').count() == 1
    assert page.url.endswith("/help/slip")  # the answers went in the body, not the address
    assert not page.locator("[data-print]").is_visible()  # no dead button without scripts
    context.close()

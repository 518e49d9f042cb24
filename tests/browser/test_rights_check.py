"""The rights check in Chromium on a phone-sized window: in Arabic (right to left) and in Dutch,
every screen axe-clean, no sideways scrolling, and the answers never in the address."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import AXE, axe_problems, choose_language
from tests.factories import make_right, make_service

pytestmark = [pytest.mark.browser, pytest.mark.one_database]

PHONE = {"width": 390, "height": 844}


def _rights(db) -> None:
    place = make_service(db, name="Sociaal huis", phone="09 266 11 11")
    make_right(
        db,
        code="water",
        title="Korting op je waterfactuur",
        title_texts={"ar": "تخفيض على فاتورة الماء"},
        how="Vraag het aan bij het sociaal huis.",
        what_to_bring="Je identiteitskaart",
        conditions=[{"kind": "municipality", "postcodes": ["9000"]}],
        services=[place],
    )
    make_right(
        db,
        code="rate",
        domain="childcare",
        title="Lager tarief in de kinderopvang",
        conditions=[{"kind": "income_under", "monthly_euros": 1800}],
    )
    db.commit()


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("nl", "ltr")])
def test_the_whole_check_on_a_phone(app, db, browser, live_server, code, direction) -> None:
    _rights(db)
    context = browser.new_context(base_url=live_server, locale="nl-BE", viewport=PHONE)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    choose_language(page, code)
    problems: list[str] = []
    seen_urls: list[str] = []

    def look(name: str) -> None:
        assert page.locator("html").get_attribute("dir") == direction
        problems.extend(f"[{code}] {name}: {p}" for p in axe_problems(page))
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= PHONE["width"], f"{name} scrolls sideways ({wide}px)"
        seen_urls.append(page.url)

    page.goto("/help/check")
    look("start")
    page.locator("main form button[type=submit]").click()
    page.locator("input[name=step][value=children]").wait_for(state="attached")
    look("children")
    screenshot(page, f"{code}-network-check-question")
    page.locator("button[name=answer][value='2']").click()
    page.locator("input[name=step][value=ages]").wait_for(state="attached")
    look("ages")
    page.locator("#age-0").fill("1")
    page.locator("#age-1").fill("7")
    page.locator("button[name=answer][value=next]").click()
    page.locator("input[name=step][value=expecting]").wait_for(state="attached")
    look("expecting")
    page.locator("button[name=answer][value=no]").click()
    page.locator("input[name=step][value=postcode]").wait_for(state="attached")
    look("postcode")
    # A wrong postcode is refused with the screen again (the browser's own check is skipped
    # by posting a value of the right length but the wrong shape).
    page.locator("#postcode").fill("90a0")
    page.locator("button[name=answer][value=next]").click()
    page.locator(".check-error").wait_for()
    look("postcode refused")
    page.locator("#postcode").fill("9000")
    page.locator("button[name=answer][value=next]").click()
    page.locator("input[name=step][value=allowance]").wait_for(state="attached")
    look("allowance")
    page.locator("button[name=answer][value=skip]").click()
    page.locator("input[name=step][value=single]").wait_for(state="attached")
    look("single")
    # Back, then forward again.
    page.locator("button[name=go][value=back]").click()
    page.locator("input[name=step][value=allowance]").wait_for(state="attached")
    page.locator("button[name=answer][value=yes]").click()
    page.locator("input[name=step][value=single]").wait_for(state="attached")
    page.locator("button[name=answer][value=no]").click()
    page.locator("input[name=step][value=income]").wait_for(state="attached")
    look("income")
    page.locator("button[name=answer][value='1500-1999']").click()
    page.locator(".check-right").first.wait_for()
    look("result")
    screenshot(page, f"{code}-network-check-result")
    assert page.locator(".check-right").count() == 2
    assert page.locator(".check-maybe").count() >= 1
    page.locator("form[action='/help/check/print'] button").click()
    page.locator(".check-sheet").wait_for()
    look("print")
    context.close()
    for url in seen_urls:
        assert "9000" not in url and "1500" not in url and "?" not in url, url
    assert not problems, "\n".join(problems)


def test_a_family_keeps_its_result_and_finds_it_on_its_page(app, db, browser, live_server):
    from tests.factories import PIN, make_family

    _rights(db)
    _family, code = make_family(db, "Nour", with_pin=True)
    db.commit()
    context = browser.new_context(base_url=live_server, locale="nl-BE", viewport=PHONE)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/family/login")
    page.locator("#card").fill(code)
    page.locator("#pin").fill(PIN)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/me")
    page.goto("/help/check")
    page.locator("main form button[type=submit]").click()
    for step in ("children", "expecting", "postcode", "allowance", "single", "income"):
        page.locator(f"input[name=step][value={step}]").wait_for(state="attached")
        if step == "postcode":
            page.locator("#postcode").fill("9000")
            page.locator("button[name=answer][value=next]").click()
        else:
            page.locator("button[name=answer][value=skip]").click()
    page.locator(".check-right").first.wait_for()
    page.locator("form[action='/help/check/keep'] button").click()
    page.wait_for_url("**/me/rights")
    assert page.locator(".check-right").count() == 2
    problems = axe_problems(page)
    screenshot(page, "nl-network-my-rights")
    page.goto("/me")
    assert page.locator("#my-rights-heading").count() == 1
    problems += axe_problems(page)
    page.goto("/me/rights/print")
    problems += axe_problems(page)
    context.close()
    assert not problems, "\n".join(problems)

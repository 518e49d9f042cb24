"""A partner keeps its entries on a phone: log in, land on the organisation, add a service and
its hours, without JavaScript problems for axe-core (WCAG 2.1 AA, serious and critical)."""

from __future__ import annotations

from spelotheek.network.models import Organization
from tests.browser.conftest import click_and_wait, screenshot
from tests.browser.test_accessibility import AXE, axe_problems
from tests.factories import PASSWORD, make_service, make_user


def test_a_partner_keeps_its_entries_on_a_phone(app, browser, live_server) -> None:
    session = app.extensions["sessionmaker"]()
    partner = make_user(session, role="partner", email="partner@example.org", language="nl")
    own = session.get(Organization, partner.organization_id)
    service = make_service(session, name="Opvoedingsondersteuning", organization=own)
    session.commit()
    context = browser.new_context(
        base_url=live_server, locale="nl-BE", viewport={"width": 390, "height": 844}
    )
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/login")
    page.fill("input[name=email]", "partner@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/network/manage/organizations/*")
    problems = [f"organisation: {p}" for p in axe_problems(page)]
    screenshot(page, "network-manage-organisation")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the organisation page is {width}px wide"
    click_and_wait(page.locator("a[href$='/services/new']"))
    problems += [f"new service: {p}" for p in axe_problems(page)]
    screenshot(page, "network-manage-service")
    page.goto(f"/network/manage/services/{service.id}")
    click_and_wait(page.locator("a[href*='/places/']").first)
    problems += [f"hours: {p}" for p in axe_problems(page)]
    screenshot(page, "network-manage-hours")
    page.locator("select[name='rows-0-weekday']").select_option("2")
    page.fill("input[name='rows-0-opens']", "09:00")
    page.fill("input[name='rows-0-closes']", "08:00")
    click_and_wait(page.locator("main form button.primary"))
    assert page.locator(".error-summary").is_visible()
    problems += [f"hours refused: {p}" for p in axe_problems(page)]
    context.close()
    session.close()
    assert not problems, "\n".join(problems)

"""One warm handover from worker to family (a phone, in Turkish) to partner and back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spelotheek.families import services as family_services
from spelotheek.handovers.models import Handover
from tests.browser.conftest import click_and_wait, screenshot
from tests.browser.test_accessibility import AXE, axe_problems
from tests.factories import PASSWORD, PIN, make_family, make_service, make_user
from tests.meetups.conftest import make_series

pytestmark = pytest.mark.browser


def _staff_login(page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    click_and_wait(page.locator("main button[type=submit]"))


def test_one_handover_from_worker_to_family_to_partner_and_back(
    browser, live_server, db, backend
) -> None:
    family, code = make_family(db, "Elif", with_pin=True, phone="0470 12 34 56", language="tr")
    family_services.add_child(db, None, family, 2023, 4)
    service = make_service(db, "Spreekuur huur")
    make_series(db, title="Ontmoetingsmoment voor ouders met jonge kinderen in de Brugse Poort")
    worker = make_user(db, role="staff", email="worker@example.test")
    partner = make_user(
        db, role="partner", email="partner@example.test", organization_id=service.organization_id
    )
    db.commit()

    # The worker, on a phone too, prepares the handover from the family's page.
    staff_context = browser.new_context(
        base_url=live_server, locale="en-GB", viewport={"width": 390, "height": 844}
    )
    staff = staff_context.new_page()
    _staff_login(staff, worker.email)
    staff.goto(f"/families/{family.id}")
    staff.locator(f"a[href$='/handovers/new/{family.id}']").click()
    staff.wait_for_url(f"**/handovers/new/{family.id}")
    staff.wait_for_load_state("load")  # measured with its style sheets in
    assert staff.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(staff, f"handover-prepare-{backend}")
    staff.locator("#service_id").select_option(str(service.id))
    staff.locator("#question").fill("Kira için yardım arıyorum.")
    for share in ("first_name", "phone", "question"):
        staff.locator(f"input[name=shares][value={share}]").check()
    staff.locator("input[name=warm_way][value=call]").check()
    staff.locator("#call_time").fill("14:00 sonra")
    staff.locator("#call_language").select_option("tr")
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url("**/handovers/*")
    handover = db.scalars(select(Handover)).one()
    db.rollback()

    # The family scans the slip's code on its phone, logs in, reads it in Turkish, says yes.
    phone_context = browser.new_context(
        base_url=live_server, locale="tr-TR", viewport={"width": 390, "height": 844}
    )
    phone_context.add_init_script(path=str(AXE))
    phone = phone_context.new_page()
    phone.goto(f"/h/{handover.slip_code}")
    phone.wait_for_url("**/family/login**")
    phone.locator("#card").fill(code)
    phone.locator("#pin").fill(PIN)
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(f"**/me/handovers/{handover.id}")
    assert phone.locator("html").get_attribute("lang") == "tr"
    assert "0470 12 34 56" in phone.locator("main").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_problems(phone) == []
    screenshot(phone, f"handover-family-tr-{backend}")
    phone.goto(f"/me/handovers/{handover.id}/change")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.go_back()
    click_and_wait(phone.locator("#approve-handover"))  # back to the same page
    phone.wait_for_url(f"**/me/handovers/{handover.id}")

    # The partner sees what the family chose, and says it contacted the family.
    partner_context = browser.new_context(base_url=live_server, locale="en-GB")
    desk = partner_context.new_page()
    _staff_login(desk, partner.email)
    desk.goto("/partner/handovers")
    click_and_wait(desk.locator(f"a[href$='/partner/handovers/{handover.id}']"))
    shown = desk.locator("main").inner_text()
    assert "0470 12 34 56" in shown and "Kira için yardım arıyorum." in shown
    desk.locator("input[name=status][value=contacted]").check()
    click_and_wait(desk.locator("main form button[type=submit]"))  # back to the same page
    desk.wait_for_url(f"**/partner/handovers/{handover.id}")
    screenshot(desk, f"handover-partner-{backend}")

    # The status comes back to the worker and to the family's own page.
    staff.goto("/handovers")
    assert "Contacted the family" in staff.locator("main").inner_text()
    phone.reload()
    assert phone.locator("#partner-status").get_attribute("data-status") == "contacted"
    assert phone.locator("html").get_attribute("lang") == "tr"
    screenshot(phone, f"handover-family-answered-{backend}")
    for context in (staff_context, phone_context, partner_context):
        context.close()

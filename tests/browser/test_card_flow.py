"""A staff member logs in, registers a family and prints its card; the QR decodes to the code."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from tests.browser.conftest import click_and_wait, screenshot
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_staff_registers_a_family_and_the_printed_qr_decodes_to_the_card(
    page, live_server, db, backend
) -> None:
    staff = make_user(db, role="staff", email="desk@example.test")
    db.commit()

    page.goto("/login")
    page.locator("#email").fill(staff.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/desk")  # desk people land on the desk

    page.goto("/families/new")
    page.locator("#display_name").fill("Yusuf")
    click_and_wait(page.locator("main form button[type=submit]"))

    code = page.locator("#card-code").inner_text().strip()
    assert len(code.replace("-", "")) == 27
    qr = page.locator("#family-card .qr")
    qr.wait_for()
    image = Image.open(io.BytesIO(qr.screenshot())).convert("L")
    decoded = zxingcpp.read_barcodes(image)
    # The card login page with the code after "#": a phone's camera opens it (issue 21).
    assert [d.text for d in decoded] == [f"{live_server}/c#{code.replace('-', '')}"]
    assert "Yusuf" not in decoded[0].text
    screenshot(page, f"family-card-{backend}")

    # The same code finds the family through the API the desk uses.
    response = page.request.get(f"/api/v1/cards/{code}")
    assert response.status == 200
    assert response.json()["display_name"] == "Yusuf"

    # The picture to save follows "Print the name on the card" (issue 24 item 12).
    page.goto("/families/new")
    page.locator("#display_name").fill("Zoë")
    click_and_wait(page.locator("main form button[type=submit]"))
    link = page.locator("#card-picture-link")
    named = link.get_attribute("href")
    assert named == link.get_attribute("data-with-name")
    page.locator("#show-name").uncheck()
    without = link.get_attribute("data-without-name")
    assert link.get_attribute("href") == without != named
    assert page.locator("#card-picture").get_attribute("src") == without
    page.locator("#show-name").check()
    assert link.get_attribute("href") == named

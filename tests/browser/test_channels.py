"""Invitation cards in Chromium: a card in Turkish opens its first-visit page on a 390-px phone,
axe-core clean and without a cookie; the printed card's QR code reads back as the page's
address with only the channel's code and the language in it."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import AXE, axe_problems
from tests.browser.test_accessibility_layout import check_page
from tests.channels.conftest import make_channel, make_place
from tests.factories import PASSWORD, make_user
from tests.meetups.conftest import make_series

pytestmark = [pytest.mark.browser, pytest.mark.one_database]


def test_a_turkish_card_opens_its_first_visit_page_on_a_phone(db, browser, live_server) -> None:
    place = make_place(db, "Spelotheek Brugse Poort")
    place.accessibility = "Ingang gelijkvloers."
    make_series(db, place, hosts="Sara en Mehmet", languages="Nederlands, Türkçe")
    channel = make_channel(db, location=place)
    db.commit()
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, locale="nl-BE"
    )
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"/hello/{channel.code}/tr")
    assert page.locator("html").get_attribute("lang") == "tr"
    heading = page.locator("h1").inner_text()
    assert "İlk ziyaretiniz" in heading and "Spelotheek Brugse Poort" in heading
    text = page.locator("main").inner_text()
    assert "Ücretsiz. Kayıt gerekmez." in text  # free, no sign-up
    assert "Sizi kim karşılıyor" in text and "Sara en Mehmet" in text  # who is there
    problems = axe_problems(page)
    problems += check_page(page, f"/hello/{channel.code}/tr")
    screenshot(page, "tr-390px-hello")
    assert context.cookies() == []  # the card's language stays with this page
    context.close()
    assert not problems, "\n".join(problems)


def test_the_printed_cards_qr_code_reads_back_as_the_page_address(page, db, live_server) -> None:
    channel = make_channel(db, location=make_place(db))
    staff = make_user(db, role="staff", email="cards@example.test")
    db.commit()
    page.goto("/login")
    page.locator("#email").fill(staff.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/desk")
    page.goto(f"/channels/{channel.id}/cards?language=ar&size=a6&count=4")
    card = page.locator(".invite").first
    assert card.get_attribute("lang") == "ar" and card.get_attribute("dir") == "rtl"
    qr = page.locator(".invite .qr").first
    image = Image.open(io.BytesIO(qr.screenshot())).convert("L")
    decoded = [d.text for d in zxingcpp.read_barcodes(image)]
    assert decoded == [f"{live_server}/hello/{channel.code}/ar"]
    screenshot(page, "channel-cards-a6-ar")
    page.emulate_media(media="print")
    sheet = page.locator(".invite-sheet").first.bounding_box()
    assert sheet is not None and round(sheet["width"]) == round(210 / 25.4 * 96)

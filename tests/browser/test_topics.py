"""A parent proposes a topic by tapping one picture (no typing) on a phone-sized screen; a
staff member accepts it and it appears on the public "You asked — we did" page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, screenshot
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_propose_by_tapping_a_picture_then_staff_accept_it(page, db, backend) -> None:
    staff = make_user(db, role="staff", email="staff@example.test")
    db.commit()
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto("/topics/propose")
    tile = page.locator("label.tile:has(input[value=health]) img")
    box = tile.locator("xpath=..").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    tile.click()  # one tap on the picture, nothing typed
    expect(page.locator("input[value=health]")).to_be_checked()
    screenshot(page, f"topics-propose-{backend}")
    page.locator("form.propose button[type=submit]").click()
    page.wait_for_url("**/topics/receipt/**")
    receipt = page.url
    expect(page.locator("img[src*='/topic-health.svg']").first).to_be_visible()

    page.goto("/topics")
    assert page.locator("li.topic-accepted").count() == 0  # not public before a staff decision

    page.goto("/login")
    page.locator("#email").fill(staff.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/desk")  # desk people land on the desk
    page.goto("/topics/moderate")
    page.locator("a[href$='/manage']").first.click()
    page.locator("form[action$='/accept'] button").click()
    expect(page.locator(".flash").first).to_be_visible()

    click_and_wait(page.locator("form[action$='/logout'] button"))  # before going on: logged out
    page.goto("/topics")
    expect(page.locator("form[action$='/logout']")).to_have_count(0)
    accepted = page.locator("li.topic-accepted")
    expect(accepted).to_have_count(1)
    expect(accepted.locator("img[src*='/topic-health.svg']")).to_be_visible()
    accepted.locator("form[action$='/support'] button").click()
    expect(page.locator("li.topic-accepted .topic-mine")).to_be_visible()
    screenshot(page, f"topics-public-{backend}")
    page.goto(receipt)
    expect(page.locator(".topic-status")).not_to_have_text("")

"""A host counts a busy morning on a phone-sized screen (360×740), one tap at a time."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from spelotheek.meetups import timetable
from spelotheek.meetups.rules import rule_text
from spelotheek.meetups.views import today
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD, make_user
from tests.meetups.conftest import make_series

pytestmark = pytest.mark.browser


def test_a_host_counts_on_a_phone(page, db, backend) -> None:
    from datetime import time

    series = make_series(
        db,
        rrule=rule_text("weekly", today().weekday()),
        first_day=today(),
        starts=time(0, 1),
        ends=time(23, 59),
        capacity=3,
    )
    host = make_user(db, role="volunteer", email="host@example.test")
    db.commit()
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto("/login")
    page.locator("#email").fill(host.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/desk")  # desk people land on the desk

    page.goto("/meetups/host")
    page.get_by_role("link", name="Tellen").or_(
        page.get_by_role("link", name="Count")
    ).first.click()
    page.wait_for_url("**/count")
    capacity = page.locator("#capacity")
    assert "0/3" in capacity.inner_text().replace(" ", "").replace("\n", "")
    assert not page.locator("#full-badge").is_visible()

    mother_plus = page.locator("#counter-mothers button.plus")
    box = mother_plus.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert box["x"] + box["width"] <= 360  # fits the phone's width
    url_before = page.url
    mother_plus.click()
    page.locator("#counter-fathers button.plus").click()
    for _ in range(3):
        page.locator("#counter-children button.plus").click()
    page.locator("#counter-children output").filter(has_text="3").wait_for()
    assert page.url == url_before  # counted in place, no reloads
    page.locator("#counter-first_visits button.minus").click()
    expect(page.locator("#counter-message")).not_to_be_empty()
    assert page.locator("#counter-first_visits output").inner_text() == "0"  # never below zero
    page.locator("#counter-adults button.plus").click()
    page.locator("#full-badge").wait_for(state="visible")
    assert "3/3" in capacity.inner_text().replace(" ", "").replace("\n", "")
    screenshot(page, f"meetups-counter-{backend}")

    counts = timetable.get_occurrence(db, series.id, today()).counts
    assert (counts.adults, counts.mothers, counts.fathers, counts.children) == (3, 1, 1, 3)
    assert counts.first_visits == 0

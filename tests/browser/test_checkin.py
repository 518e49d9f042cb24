"""The three-picture check-in on a phone (390 px): three taps, a thank-you, no axe problems."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from spelotheek.meetups.rules import rule_text
from spelotheek.meetups.timetable import today
from spelotheek.welcome import checkin
from tests.browser.conftest import click_and_wait, screenshot
from tests.browser.test_accessibility import AXE, axe_problems
from tests.factories import PASSWORD, make_user
from tests.meetups.conftest import make_series

pytestmark = pytest.mark.browser


def test_three_taps_then_thank_you_on_a_phone(browser, live_server, db, backend) -> None:
    series = make_series(
        db,
        rrule=rule_text("weekly", today().weekday()),
        first_day=today(),
        starts=time(0, 1),
        ends=time(23, 59),
    )
    host = make_user(db, role="volunteer", email="door@example.test")
    db.commit()
    context = browser.new_context(base_url=live_server, locale="nl-BE")
    context.add_init_script(path=str(Path(AXE)))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/login")
    page.locator("#email").fill(host.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/desk")

    page.goto(f"/meetups/{series.id}/{today().isoformat()}/checkin")
    problems = axe_problems(page)
    screenshot(page, f"checkin-question-{backend}")
    for answer in ("yes", "bit", "no"):
        button = page.locator(f"button[name=answer][value={answer}]")
        box = button.bounding_box()
        assert box is not None and box["height"] >= 88 and box["x"] + box["width"] <= 390
        # A picture and a visible word: the button's name is never only an image.
        assert button.inner_text().strip()
    for answer in ("yes", "bit", "yes"):
        click_and_wait(page.locator(f"button[name=answer][value={answer}]"))
    page.locator("#checkin-thanks").wait_for()
    problems += axe_problems(page)
    screenshot(page, f"checkin-thanks-{backend}")
    page.locator("#checkin-next").click()
    page.locator("#checkin-question").wait_for()
    assert "1" in page.locator(".checkin-progress").inner_text()
    context.close()
    assert not problems, "\n".join(problems)

    tally = checkin.date_tally(db, series.id, today())
    assert (tally["welcome"]["yes"], tally["follow"]["bit"], tally["again"]["yes"]) == (1, 1, 1)

"""The signals bundle on a 360-px phone: a staff member's pages fit, pass axe, and the agenda
prints on A4 without the site's frame."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from spelotheek.signals import meetings, services
from tests.browser.conftest import click_and_wait
from tests.browser.test_accessibility import AXE, axe_problems
from tests.factories import PASSWORD, make_user
from tests.signals.helpers import NOW, TODAY, make_barriers

pytestmark = pytest.mark.browser
LONG = "Speelgoedbibliotheek" * 10  # 200 characters and no place to break


def test_signal_pages_fit_a_phone_and_pass_axe(browser, live_server, db, tmp_path: Path) -> None:
    staff = make_user(db, role="staff", email="signals@example.test")
    signal = services.create_signal(db, staff.id, LONG, TODAY, NOW)
    services.add_step(db, staff.id, signal, LONG[:300], "CAW", TODAY, NOW)
    services.set_status(db, staff.id, signal, "in_action", LONG, NOW)
    make_barriers(db, LONG)
    meeting = meetings.plan_meeting(
        db, staff.id, NOW + timedelta(days=3), NOW + timedelta(days=3, hours=2), LONG[:160], NOW
    )
    db.commit()
    context = browser.new_context(
        base_url=live_server, locale="nl-BE", viewport={"width": 360, "height": 740}
    )
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/login")
    page.locator("#email").fill(staff.email)
    page.locator("#password").fill(PASSWORD)
    click_and_wait(page.locator("main button[type=submit]"))
    problems = []
    for path in (
        "/signals",
        f"/signals/{signal.id}",
        "/signals/barriers",
        "/signals/meetings",
        f"/signals/meetings/{meeting.id}/agenda",
        f"/signals/meetings/{meeting.id}/minutes",
    ):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            problems.append(f"{path}: {width} px wide")
        problems += [f"{path}: {p}" for p in axe_problems(page)]
    page.goto(f"/signals/meetings/{meeting.id}/agenda")
    page.emulate_media(media="print")
    assert page.locator(".no-print").first.is_hidden()
    pdf = page.pdf(path=str(tmp_path / "agenda.pdf"), prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    context.close()
    assert not problems, "\n".join(problems)

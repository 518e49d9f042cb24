"""A midwife logs in, opens her group and records who came to the first session."""

from __future__ import annotations

from datetime import date, timedelta

import pyotp
import pytest
from sqlalchemy import select

from spelotheek.groups import participants
from spelotheek.groups.models import Attendance
from tests.browser.conftest import click_and_wait, screenshot
from tests.factories import PASSWORD, make_family, make_user
from tests.groups.helpers import make_group

pytestmark = pytest.mark.browser


def test_a_midwife_records_attendance(page, db, backend) -> None:
    midwife = make_user(db, role="facilitator", email="mw@example.test")
    secret = pyotp.random_base32()  # facilitators must use two-step login
    midwife.totp_secret = secret
    # The first session was last week: attendance waits until a session's day (issue 24).
    today = date.today()
    first_day = today - timedelta(days=7 + today.weekday())
    group = make_group(db, [midwife], name="Group spring", first_day=first_day)
    family, _ = make_family(db, "Amira")
    participants.enrol(
        db,
        midwife.id,
        group,
        family,
        due_year=2030,
        due_month=7,
        consent=True,
        now=group.sessions[0].starts_at - timedelta(days=7),
    )
    db.commit()

    page.goto("/login")
    page.locator("#email").fill(midwife.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/login/code")
    page.locator("#code").fill(pyotp.TOTP(secret).now())
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/")
    page.goto("/groups")
    click_and_wait(page.get_by_role("link", name="Group spring"))
    click_and_wait(page.locator(".sessions .session").first.locator("a").nth(1))
    page.locator("fieldset.person input[value=present]").check()
    page.locator("fieldset.person input[type=checkbox]").check()
    screenshot(page, f"groups-attendance-{backend}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/groups/{group.id}")
    db.rollback()
    rows = db.scalars(select(Attendance)).all()
    assert [(r.status, r.partner_present) for r in rows] == [("present", True)]
    screenshot(page, f"groups-show-{backend}")

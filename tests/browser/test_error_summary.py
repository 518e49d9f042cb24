"""After a failed submit on a phone the errors are on screen: a summary at the top of the form
has the focus, and each line names its field and leads to it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.one_database]

# Each line of the summary: its text, and the text of the label of the field it links to.
SUMMARY_LINES = """() => [...document.querySelectorAll(".error-summary a")].map(a => {
  const target = document.getElementById(a.hash.slice(1));
  const label = target && (document.querySelector(`label[for="${target.id}"]`));
  const legend = target && target.closest("fieldset")?.querySelector("legend");
  const name = target && target.type === "radio" ? legend : label || legend;
  return {text: a.textContent.trim(), label: name ? name.textContent.trim() : null};
})"""


@pytest.fixture
def phone(browser, live_server):
    """A 360 px phone reading the site in English."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 360, "height": 740}, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def check_summary(page, form: str) -> None:
    """The summary is focused, in view, and every line names the field it links to."""
    summary = page.locator(f"{form} .error-summary")
    summary.wait_for()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    box = summary.bounding_box()
    assert box["y"] >= 0 and box["y"] + 40 <= 740, box  # its heading is on screen
    lines = page.evaluate(SUMMARY_LINES)
    assert lines, page.locator(form).inner_html()
    for line in lines:
        assert line["label"] and line["text"].startswith(line["label"]), line


@pytest.mark.parametrize("javascript", [True, False])
def test_an_empty_call_me_form_shows_what_to_fix_on_screen(app, browser, live_server, javascript):
    load_demo(app)  # the offer lists groups, so the form sits far down the page
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": 360, "height": 740},
        locale="en-GB",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto("/groups/offer")
    page.locator("form:has(#phone) button[type=submit]").click()
    page.wait_for_load_state()
    check_summary(page, "form:has(#phone)")
    assert "Your phone number" in page.locator(".error-summary").inner_text()
    screenshot(page, f"error-summary-call-me-js-{javascript}")
    context.close()


def test_an_empty_topic_proposal_shows_what_to_fix_on_screen(phone) -> None:
    phone.goto("/topics/propose")
    phone.locator("form.propose button[type=submit]").click()
    phone.wait_for_load_state()
    check_summary(phone, "form.propose")
    screenshot(phone, "error-summary-topic")

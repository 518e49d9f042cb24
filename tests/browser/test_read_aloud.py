"""The "read aloud" button appears only where the browser can speak, and reads the page's
<main> in the page's language. speechSynthesis.speak is replaced by a recorder (observing what
the page asks the browser to say; the page's own code runs unchanged)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

RECORD_SPEECH = """
window.__spoken = [];
window.__cancelled = 0;
if (!('speechSynthesis' in window)) {
  // Headless builds without a speech engine: give the page the standard object to talk to.
  var engine = {getVoices: function () { return []; }};
  Object.defineProperty(window, 'speechSynthesis', {value: engine});
}
window.speechSynthesis.speak = function (u) { window.__spoken.push({lang: u.lang, text: u.text}); };
window.speechSynthesis.cancel = function () { window.__cancelled += 1; };
"""


@pytest.mark.parametrize("locale, lang", [("en-GB", "en"), ("ar", "ar")])
def test_the_button_reads_main_in_the_page_language_and_stops(
    browser, live_server, locale, lang
) -> None:
    context = browser.new_context(
        base_url=live_server, locale=locale, viewport={"width": 360, "height": 740}
    )
    context.add_init_script(RECORD_SPEECH)
    page = context.new_page()
    page.goto("/privacy")
    assert page.evaluate("document.documentElement.lang") == lang
    button = page.locator("#read-aloud")
    assert button.is_visible()
    before = button.inner_text()
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1 and spoken[0]["lang"] == lang
    main_text = page.locator("main h1").inner_text().strip()
    assert main_text in spoken[0]["text"]
    assert before.strip() not in spoken[0]["text"]  # the button is not read out itself
    assert button.get_attribute("aria-pressed") == "true" and button.inner_text() != before
    screenshot(page, f"read-aloud-{lang}")
    button.click()
    assert page.evaluate("window.__cancelled") >= 2 and button.inner_text() == before
    assert len(page.evaluate("window.__spoken")) == 1
    context.close()


def test_without_javascript_there_is_no_visible_button(browser, live_server) -> None:
    context = browser.new_context(base_url=live_server, locale="nl-BE", java_script_enabled=False)
    page = context.new_page()
    page.goto("/privacy")
    assert page.locator("#read-aloud").count() == 1
    assert not page.locator("#read-aloud").is_visible()
    context.close()


VOICES = """
window.__voices = %s;
if (!('speechSynthesis' in window)) {
  Object.defineProperty(window, 'speechSynthesis', {value: {}});
}
window.speechSynthesis.getVoices = function () { return window.__voices; };
"""


@pytest.mark.parametrize(
    ("voices", "offered"),
    [
        ('[{"lang": "en-GB", "localService": false, "name": "online"}]', False),
        ('[{"lang": "en-GB", "localService": true, "name": "on the phone"}]', True),
    ],
)
def test_a_familys_own_page_is_read_only_by_a_voice_on_the_phone(
    browser, live_server, db, voices: str, offered: bool
) -> None:
    from tests.factories import PIN, make_family

    _, code = make_family(db, with_pin=True, language="en")
    db.commit()
    context = browser.new_context(base_url=live_server, locale="en-GB")
    context.add_init_script(RECORD_SPEECH)
    context.add_init_script(VOICES % voices)
    page = context.new_page()
    page.goto("/family/login")
    page.locator("#card").fill(code)
    page.locator("#pin").fill(PIN)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/me")
    button = page.locator("#read-aloud")
    assert button.is_visible() == offered
    assert page.evaluate("window.__spoken") == []  # nothing is read until the family asks
    context.close()

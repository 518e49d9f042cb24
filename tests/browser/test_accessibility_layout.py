"""Small screens and fingers: at 320 px wide nothing scrolls sideways, every control is at
least 44 × 44 px, and keyboard focus is always visible — on the main public pages and the desk,
left-to-right and right-to-left.

320 CSS px is also what a 640 px phone shows at 200% zoom (and a 1280 px screen at 400%, the
WCAG 1.4.10 reflow case), so these tests cover zooming too."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import choose_language, load_demo
from tests.factories import PASSWORD, make_family, make_user
from tests.loans.factories import item_of, make_location, make_toy

pytestmark = [pytest.mark.browser, pytest.mark.one_database]

PUBLIC = [
    "/",
    "/toys",
    "/meetups",
    "/privacy",
    "/family/login",
    "/login",
    "/groups/offer",
    "/help",
    "/help/income",
    "/help/search?q=hulp",
]

# Too small, unless the control is a link inside running text (WCAG 2.5.5 "inline" exception:
# an `a` displayed inline whose parent block holds more text than the link itself) or a check
# box / radio button inside its label, where the whole label is the target.
SMALL_TARGETS = """() => {
  const problems = [];
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary');
  for (const el of controls) {
    const style = getComputedStyle(el);
    let box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not shown
    if (style.visibility === 'hidden' || el.closest('.visually-hidden, .skip-link')) continue;
    if ((el.type === 'checkbox' || el.type === 'radio') && el.closest('label')) {
      box = el.closest('label').getBoundingClientRect();
    }
    if (box.width >= 43.5 && box.height >= 43.5) continue;
    if (el.tagName === 'A' && style.display === 'inline') {
      const own = el.textContent.trim().length;
      const around = el.parentElement.textContent.trim().length;
      if (around > own + 3) continue;  // a link in a sentence
    }
    const name = (el.textContent || el.value || el.name || '').trim().slice(0, 30);
    const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
    problems.push(`${el.tagName.toLowerCase()} "${name}" ${size}`);
  }
  return problems;
}"""

SIDEWAYS = "() => document.scrollingElement.scrollWidth - window.innerWidth"

# Tab through the page; every element that gets focus must show an outline or a ring.
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  const name = (el.textContent || el.name || '').trim().slice(0, 30);
  return outline || ring ? '' : el.tagName + ' ' + name;
}"""


def check_page(page, label: str, tabs: int = 30) -> list[str]:
    """Sideways scrolling, small targets and invisible focus on the open page."""
    problems = []
    overflow = page.evaluate(SIDEWAYS)
    if overflow > 0:
        problems.append(f"{label}: scrolls sideways by {overflow} px")
    problems += [f"{label}: small target {p}" for p in page.evaluate(SMALL_TARGETS)]
    page.locator("body").focus()
    for _ in range(tabs):
        page.keyboard.press("Tab")
        hidden = page.evaluate(FOCUS_SHOWN)
        if hidden is None:
            break
        if hidden:
            problems.append(f"{label}: focus not visible on {hidden}")
    return problems


@pytest.fixture
def narrow(browser, live_server):
    """A phone-sized page: 320 px wide, like the smallest phones families use."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 320, "height": 640}, locale="nl-BE"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_public_pages_fit_a_small_phone(app, narrow, language) -> None:
    load_demo(app)
    choose_language(narrow, language)
    first_visit = narrow.locator("a[href*='/first-visit']").first.get_attribute("href")
    narrow.goto("/toys")
    toy = narrow.locator(".toy-card a").first.get_attribute("href")
    problems: list[str] = []
    for path in [*PUBLIC, first_visit, toy]:
        narrow.goto(path)
        problems += check_page(narrow, f"[{language}] {path}")
    screenshot(narrow, f"{language}-320px-toy")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_desk_fits_a_small_screen_and_works_by_keyboard(narrow, db, language) -> None:
    volunteer = make_user(db, role="volunteer", email="narrow@example.test", language=language)
    family, code = make_family(db, "Amira")
    toy = make_toy(db, "Houten trein", parts=[("wagons", 4)], location=make_location(db))
    label = item_of(toy).label
    db.commit()

    narrow.goto("/login")
    narrow.locator("#email").fill(volunteer.email)
    narrow.locator("#password").fill(PASSWORD)
    narrow.keyboard.press("Enter")
    narrow.wait_for_url("**/desk")  # desk people land on the desk
    narrow.goto("/desk")
    assert narrow.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    problems = check_page(narrow, f"[{language}] desk")
    narrow.locator("#code").focus()
    narrow.keyboard.type(code)
    narrow.keyboard.press("Enter")
    narrow.locator("#family-panel h2", has_text="Amira").wait_for()
    narrow.keyboard.type(label)
    narrow.keyboard.press("Enter")
    narrow.locator("#family-panel li", has_text="Houten trein").wait_for()
    problems += check_page(narrow, f"[{language}] desk with a family", tabs=40)
    screenshot(narrow, f"{language}-320px-desk")
    assert not problems, "\n".join(problems)

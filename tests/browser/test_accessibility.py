"""axe-core in Chromium on every public and family page, in every language the site ships.

The page list comes from the routes the app registers: every GET page that an anonymous
visitor or a family may open. Pages with ids in their address are found by following links
from the other pages; a page that is neither found nor listed in FLOW_PAGES fails the test,
so a new page is never left out without anyone noticing.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask

from spelotheek.auth.access import declared_access
from spelotheek.auth.roles import ANONYMOUS, FAMILY
from spelotheek.cli import main
from spelotheek.demo import DEMO_CARD, DEMO_PIN
from spelotheek.settings import LANGUAGES
from tests.browser.conftest import click_and_wait, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.one_database]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
NOT_PAGES = re.compile(r"^/(api/|static/)|\.(ics|jpg|png|json|csv|svg)$")
# Pages reached only inside a flow, with the reason they are not opened on their own here.
FLOW_PAGES = {
    "main.health": "JSON for monitoring, not a page",
    "main.live": "JSON for the load balancer (liveness), not a page",
    "main.ready": "JSON for the load balancer (readiness), not a page",
    "auth.code": "second login step for staff; covered by the staff login in test_groups.py",
    "topics.receipt": "a private link made when a topic is proposed (topics feature tests)",
    "groups.index": "forwards visitors and families to groups.offer, which is checked here",
    "handovers.slip_open": "a printed slip's QR code: forwards to the family's handover page",
    "channels.hello": "an invitation card's QR code (channel code and language): in test_channels",
    "families_portal.login_link": "a one-time link sent by text (browser/test_phone_login.py)",
    "families_portal.new_pin": "only right after a login link (browser/test_phone_login.py)",
}
# Screenshots for reviewers: the key pages in every language.
KEY_PAGES = {
    "main.home",
    "loans.catalogue",
    "loans.toy",
    "meetups.index",
    "meetups.occurrence",
    "topics.index",
    "places.first_visit",
    "families_portal.me",
}
AXE_RUN = """async (tags) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def load_demo(app: Flask) -> None:
    """Demo locations, toys, meetings, groups and families, so pages have content."""
    result = app.test_cli_runner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output


def _page_endpoints(app: Flask) -> dict[str, str]:
    """Every GET page an anonymous visitor or a family may open: endpoint → who opens it."""
    pages: dict[str, str] = {}
    with app.app_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in (rule.methods or ()) or NOT_PAGES.search(rule.rule):
                continue
            allowed = declared_access(rule.endpoint) or frozenset()
            if ANONYMOUS in allowed:
                pages[rule.endpoint] = ANONYMOUS
            elif FAMILY in allowed:
                pages[rule.endpoint] = FAMILY
    return pages


def _links(html: str) -> list[str]:
    return [urlsplit(h).path for h in re.findall(r'href="([^"#]+)"', html) if h.startswith("/")]


def find_pages(app: Flask, family_login) -> dict[str, tuple[str, str]]:
    """endpoint → (who, address) for every page, found by following links from simple pages."""
    wanted = _page_endpoints(app)
    adapter = app.url_map.bind("localhost")
    clients = {ANONYMOUS: app.test_client(), FAMILY: app.test_client()}
    family_login(clients[FAMILY])
    found: dict[str, tuple[str, str]] = {}
    queue = [
        (who, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint in wanted and not rule.arguments
        for who in [wanted[rule.endpoint]]
    ]
    seen: set[str] = set()
    while queue:
        who, path = queue.pop(0)
        if (who, path) in seen or len(seen) > 400:
            continue
        seen.add((who, path))
        try:
            endpoint, _ = adapter.match(path, method="GET")
        except Exception:  # noqa: BLE001,S112  (a link outside the app's routes)
            continue
        if endpoint not in wanted or endpoint in found:
            continue
        response = clients[who].get(path, headers={"Accept-Language": "en"})
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        found[endpoint] = (who, path)
        html = response.get_data(as_text=True)
        queue.extend(
            (wanted.get(adapter.match(p)[0], who), p) for p in _safe(adapter, _links(html))
        )
    missing = sorted(set(wanted) - set(found) - set(FLOW_PAGES))
    assert not missing, f"pages not reached by any link; add them or to FLOW_PAGES: {missing}"
    return found


def _safe(adapter, paths: list[str]) -> list[str]:
    good = []
    for path in paths:
        try:
            adapter.match(path, method="GET")
        except Exception:  # noqa: BLE001,S112  (a path that does not route is left out)
            continue
        good.append(path)
    return good


def family_login_client(client) -> None:
    """Log the demo family in through its own form (card code and PIN)."""
    form = client.get("/family/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    response = client.post(
        "/family/login", data={"csrf_token": token, "card": DEMO_CARD, "pin": DEMO_PIN}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def family_login_browser(page) -> None:
    """The same, typed into the browser."""
    page.goto("/family/login")
    page.locator("#card").fill(DEMO_CARD)
    page.locator("#pin").fill(DEMO_PIN)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/me")


def choose_language(page, code: str) -> None:
    """Switch language with the form in the page header, as a visitor does."""
    page.goto("/")
    # The page may already be in that language: wait for the answer to the post, not the tag.
    click_and_wait(page.locator(f".language-switch button[value={code}]"))
    page.locator(f"html[lang={code}]").wait_for(state="attached")


def axe_problems(page) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations on the open page."""
    page.wait_for_load_state()  # never on a document being replaced
    violations = page.evaluate(AXE_RUN, WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


# One test per language, so that parallel workers share the sweep.
@pytest.mark.parametrize("code", LANGUAGES)
def test_no_serious_accessibility_problems_on_any_page_in_any_language(
    app, browser, live_server, code: str
):
    load_demo(app)
    pages = find_pages(app, family_login_client)
    assert set(KEY_PAGES) <= set(pages)
    problems: list[str] = []
    info = LANGUAGES[code]
    context = browser.new_context(base_url=live_server, locale="nl-BE")
    # An init script is not subject to the page's CSP: the site never serves axe itself.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    choose_language(page, code)
    for who in (ANONYMOUS, FAMILY):
        if who == FAMILY:
            family_login_browser(page)
        for endpoint, (owner, path) in sorted(pages.items()):
            if owner != who:
                continue
            answer = page.goto(path)
            # The page itself: an error page at its address would be checked in its place.
            assert answer is not None and answer.status == 200, (path, answer and answer.status)
            assert page.locator("html").get_attribute("dir") == info["dir"], path
            problems += [f"[{code}] {path}: {p}" for p in axe_problems(page)]
            if endpoint in KEY_PAGES:
                screenshot(page, f"{code}-{endpoint.replace('.', '-')}")
    context.close()
    assert not problems, "\n".join(problems)


def test_the_page_list_follows_the_routes(app) -> None:
    """Every flow page listed above still exists, so the list cannot go stale."""
    registered = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(FLOW_PAGES) <= registered


def test_axe_does_find_problems(browser, live_server) -> None:
    """The check can fail: a picture without alt text and an unlabelled field are reported."""
    context = browser.new_context(base_url=live_server)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto("/privacy")
    page.evaluate(
        """() => {
        const main = document.querySelector("main");
        main.insertAdjacentHTML("beforeend", '<img src="/static/img/home.svg"><input id="x">');
    }"""
    )
    problems = axe_problems(page)
    context.close()
    assert any(p.startswith("image-alt (critical)") for p in problems), problems
    assert any(p.startswith("label (critical)") for p in problems), problems

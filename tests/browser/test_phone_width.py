"""No page is wider than a 360 px phone, for any role, in any of the five languages.

The pages come from the routes the app registers: every GET page each role may open. Pages
with ids in their address are found by following links from the others, on demo data with
an unbroken 500-character word in the free-text fields people fill in, so a new page is swept
without anyone adding it here. With SCREENS=1 the pages fixed for phones are also saved as
small PNGs under docs/screens/360/ for reviewers.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from spelotheek.auth.access import declared_access
from spelotheek.auth.models import User
from spelotheek.auth.roles import ANONYMOUS, FAMILY, PRINCIPALS
from spelotheek.demo import DEMO_CARD, DEMO_USERS
from spelotheek.families import cardcode
from spelotheek.families.models import Card
from spelotheek.network.demo import PARTNER_EMAIL
from spelotheek.settings import LANGUAGES
from tests.browser.test_accessibility import load_demo
from tests.factories import family_id, login_as, staff_id

pytestmark = [pytest.mark.browser, pytest.mark.one_database, pytest.mark.framable]

WIDTH, HEIGHT = 360, 740
LONG_WORD = "Speelgoedbibliotheek" * 25  # 500 characters and no place to break
NOT_PAGES = re.compile(r"^/(api/|static/)|\.(ics|jpg|png|json|csv|svg)$")
# Pages not swept, with the reason.
# Pages that forward some roles elsewhere (the target is swept): endpoint → those roles.
FORWARDED = {
    "groups.index": {"anonymous", "family", "volunteer", "staff", "partner"},
    "network.manage": {"partner"},  # to its own organisation's page
}
NOT_SWEPT = {
    "main.health": "JSON for monitoring, not a page",
    "main.live": "JSON for the load balancer (liveness), not a page",
    "main.ready": "JSON for the load balancer (readiness), not a page",
    "auth.code": "second login step, only inside a login",
    "auth.confirm": "asks for the password again, only on the way to a guarded action",
    "topics.receipt": "a private link made when a topic is proposed",
    "families_portal.erase_me": "the confirmation page is swept in the family data tests",
    "handovers.slip_open": "a printed slip's QR code: forwards to the family's handover page",
    "channels.hello": "an invitation card's QR code, in the card's language: test_channels.py",
    "channels.cards": "A4 sheets of invitation cards for the printer, opened by a GET form",
    "families_portal.login_link": "a one-time link sent by text (browser/test_phone_login.py)",
    "families_portal.new_pin": "only right after a login link (browser/test_phone_login.py)",
}
# Pages printed on paper (A4 posters and label sheets), not read on a phone.
PRINTED = {"meetups.poster", "loans.labels", "reach.printable", "handovers.slip"}
# The pages fixed for phones, saved as screenshots with SCREENS=1: endpoint → (role, file name).
SCREENS = {
    "meetups.occurrence": (ANONYMOUS, "meeting-date"),
    "families_portal.me": (FAMILY, "me"),
    "families_portal.my_data": (FAMILY, "me-data"),
    "groups.participants": ("coordinator", "participants"),
    "loans.lists": ("staff", "desk-lists"),
    "users.index": ("coordinator", "users"),
    "audit.index": ("coordinator", "audit"),
    "meetups.manage": ("staff", "meetings-manage"),
}
SCREENS_DIR = Path(__file__).resolve().parents[2] / "docs" / "screens" / str(WIDTH)
# How much wider than the screen a page is, and the outermost elements that stick out. Style is
# asked only of what sticks out and its parents (asking it of every element was a quarter of the
# sweep's time).
SIDEWAYS = """(win) => {
  const doc = win.document;
  // Measured after the frame's load event: its style sheets and pictures are in, or failed.
  const sheetless = [...doc.querySelectorAll("link[rel=stylesheet]")].filter(l => !l.sheet);
  const width = win.innerWidth;
  const all = [...doc.body.querySelectorAll("*")];
  // Boxes that scroll or clip their content: what is inside them does not widen the page.
  const clips = el => win.getComputedStyle(el).overflowX !== "visible";
  const inBox = el => {
    for (let up = el.parentElement; up && up !== doc.body; up = up.parentElement) {
      if (clips(up)) return true;
    }
    return false;
  };
  // Right-to-left pages do not scroll to the left: what sticks out there is cut off unseen.
  let over = doc.documentElement.scrollWidth - width;
  const culprits = [];
  for (const el of all) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || (box.right <= width + 0.5 && box.left >= -0.5) || inBox(el)) continue;
    over = Math.max(over, Math.round(-box.left));
    if (culprits.some(c => c.el.contains(el))) continue;
    const name = el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
    culprits.push({el, name: `${name} ${Math.round(box.left)}..${Math.round(box.right)}`});
  }
  if (over > 0 && !culprits.length) {  // text sticking out of a box that fits
    for (const el of all) {
      if (el.scrollWidth > el.clientWidth + 1 && !clips(el)) {
        culprits.push({el, name: el.tagName.toLowerCase() + ": " + el.textContent.slice(0, 20)});
      }
    }
  }
  const [answer] = win.performance.getEntriesByType("navigation");
  return {over, dir: doc.documentElement.dir, culprits: culprits.slice(-3).map(c => c.name),
          status: answer.responseStatus, sheetless: sheetless.map(l => l.href),
          scrollbar: width - doc.documentElement.clientWidth};
}"""
# Pages loaded side by side, each in a frame the size of the phone. A navigation of Chromium
# costs 35-45 ms even for a page served in 6; loaded one after the other, that was most of the
# sweep. The frames share the page's cookies and cache, and their media queries and layout
# follow the frame's size as a phone's follow its screen.
SIDE_BY_SIDE = 8
LOAD_TIMEOUT_MS = 10_000
LOAD_IN_FRAMES = (
    """async ([paths, width, height, timeout]) => {
  const sideways = """
    + SIDEWAYS
    + """;
  document.body.replaceChildren();
  return Promise.all(paths.map(path => {
    const frame = document.createElement("iframe");
    frame.style.cssText = `width:${width}px;height:${height}px;border:0;display:block`;
    // A page that never finishes loading fails the test by name instead of hanging the run.
    const loaded = new Promise((done, fail) => {
      frame.addEventListener("load", done, {once: true});
      setTimeout(() => fail(new Error(`${path} did not load in ${timeout} ms`)), timeout);
    });
    frame.src = path;
    document.body.append(frame);
    return loaded.then(() => ({
      path: frame.contentWindow.location.pathname, ...sideways(frame.contentWindow)}));
  }));
}"""
)


@pytest.fixture
def app_settings() -> dict[str, object]:
    # Demo accounts without an authenticator app, as `make run` serves them. The sweep opens a
    # family's record pages in five languages within a minute: above the limit on reading
    # family records, which then answers 429 (tested in the families' tests, not here).
    return {"REQUIRE_TWO_STEP_ROLES": (), "FAMILY_READ_LIMIT": "1000 per minute"}


def add_long_words(db) -> None:
    """The unbroken word in every free-text field a family or staff member fills in."""
    from spelotheek.families.models import Family
    from spelotheek.meetups.models import MeetupSeries as Series
    from spelotheek.topics.models import Topic

    family = demo_family(db)
    family.display_name = LONG_WORD[:60]
    family.email = f"{LONG_WORD[:200]}@example.org"
    for topic in db.scalars(select(Topic)).all()[:3]:
        topic.text = LONG_WORD
        topic.summary = LONG_WORD
        topic.proposer_family_id = family.id
    series = db.scalars(select(Series)).first()
    series.description = LONG_WORD
    series.title = LONG_WORD[:120]
    others = db.scalars(select(Family).where(Family.id != family.id)).all()
    others[0].display_name = LONG_WORD[:60]
    db.commit()


def demo_family(db):
    """The demo family (the one whose card and PIN `make run` prints)."""
    card = db.scalars(select(Card).where(Card.token_hash == cardcode.token_hash(DEMO_CARD))).one()
    return card.family


def identities(db) -> dict[str, str | None]:
    """The session identity of one demo account per role."""
    found: dict[str, str | None] = {ANONYMOUS: None, FAMILY: family_id(demo_family(db))}
    for email, _name, role in [*DEMO_USERS, (PARTNER_EMAIL, "", "partner")]:
        found[role] = staff_id(db.scalars(select(User).where(User.email == email)).one())
    assert set(found) == set(PRINCIPALS)
    return found


def logged_in_client(app: Flask, identity: str | None, language: str = "en"):
    """A test client of that identity, reading the site in that language."""
    client = app.test_client()
    if identity:
        login_as(client, identity)
    with client.session_transaction() as session:
        session["lang"] = language
    return client


def wanted_pages(app: Flask, role: str) -> set[str]:
    """Every GET page the role may open."""
    with app.app_context():
        return {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if "GET" in (rule.methods or ())
            and not NOT_PAGES.search(rule.rule)
            and role in (declared_access(rule.endpoint) or ())
            and rule.endpoint not in NOT_SWEPT
            and role not in FORWARDED.get(rule.endpoint, ())
        }


def find_pages(app: Flask, role: str, identity: str | None, seeds: list[str]) -> dict[str, str]:
    """endpoint → address for every page of the role, found by following links."""
    wanted = wanted_pages(app, role)
    adapter = app.url_map.bind("localhost")
    client = logged_in_client(app, identity)
    queue = [r.rule for r in app.url_map.iter_rules() if r.endpoint in wanted and not r.arguments]
    queue += seeds
    found: dict[str, str] = {}
    seen: set[str] = set()
    while queue and len(seen) < 600:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            endpoint, _ = adapter.match(path, method="GET")
        except Exception:  # noqa: BLE001,S112  (a link outside the app's routes)
            continue
        forwards = role in FORWARDED.get(endpoint, ())  # followed, not swept
        if (endpoint not in wanted and not forwards) or endpoint in found:
            continue
        response = client.get(path)
        if response.status_code in (302, 303) and response.location:
            queue.append(urlsplit(response.location).path)  # where a forwarding page leads
            continue
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        found[endpoint] = path
        html = response.get_data(as_text=True)
        queue += [urlsplit(h).path for h in re.findall(r'href="(/[^"#]*)"', html)]
    missing = sorted(wanted - set(found))
    assert not missing, f"{role}: pages not reached by any link; add data or NOT_SWEPT: {missing}"
    return found


def save_screen(page, name: str) -> None:
    """A small PNG of the page's content (from the top of main), where the fixes are."""
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    top = page.evaluate("() => document.querySelector('main').getBoundingClientRect().top")
    height = min(page.evaluate("() => document.documentElement.scrollHeight") - top, 800)
    clip = {"x": 0, "y": top, "width": WIDTH, "height": height}
    page.screenshot(path=str(SCREENS_DIR / f"{name}.png"), clip=clip, full_page=True)


# One test per role, so that parallel workers share the sweep.
@pytest.mark.parametrize("role", PRINCIPALS)
def test_no_page_is_wider_than_a_phone(app, db, browser, live_server, role: str) -> None:
    load_demo(app)
    add_long_words(db)
    identity = identities(db)[role]
    # Reached from the desk after a card scan (a form post), not from a link.
    seeds = [f"/reach/profile/{demo_family(db).id}"]
    pages = find_pages(app, role, identity, seeds)
    cookie = app.config["SESSION_COOKIE_NAME"]
    screens = os.environ.get("SCREENS") == "1"
    problems: list[str] = []
    # One browser context for all languages, so its cache keeps the style sheets, scripts and
    # pictograms (fingerprinted, kept a year). No request routing: Playwright turns the
    # browser's cache off when any route is set, and every page then fetched them all again
    # (three quarters of the sweep's time).
    context = browser.new_context(base_url=live_server, viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    page.set_default_timeout(10_000)
    swept = sorted((e, p) for e, p in pages.items() if e not in PRINTED)
    for language, info in LANGUAGES.items():
        client = logged_in_client(app, identity, language)
        value = client.get_cookie(cookie).value
        context.add_cookies([{"name": cookie, "value": value, "url": live_server}])
        page.goto("/help", wait_until="domcontentloaded")  # same origin as the frames
        for start in range(0, len(swept), SIDE_BY_SIDE):
            batch = swept[start : start + SIDE_BY_SIDE]
            paths = [path for _, path in batch]
            measured = page.evaluate(LOAD_IN_FRAMES, [paths, WIDTH, HEIGHT, LOAD_TIMEOUT_MS])
            for path, found in zip(paths, measured, strict=True):
                # The page itself, not a forward to a login or an error page at its address.
                assert found["path"] == urlsplit(path).path, (role, path, found["path"])
                assert found["status"] == 200, (role, path, found["status"])
                assert not found["sheetless"], (role, path, "style sheets failed to load")
                assert found["dir"] == info["dir"], (role, path)
                # Headless Chromium hides scroll bars, as phones do; a headed run would not.
                assert found["scrollbar"] == 0, (role, path, "a scroll bar narrows the frame")
                if found["over"] > 0:
                    problems.append(
                        f"[{language}] {role} {path}: {found['over']} px too wide, "
                        f"sticking out: {', '.join(found['culprits'])}"
                    )
        if screens and language in ("nl", "ar"):
            for endpoint, path in swept:
                if SCREENS.get(endpoint, ("",))[0] == role:
                    page.goto(path, wait_until="load")
                    save_screen(page, f"{SCREENS[endpoint][1]}-{language}")
    context.close()
    assert not problems, "\n".join(problems)


def test_the_lists_follow_the_routes(app) -> None:
    """Every page named above still exists, so the lists cannot go stale."""
    registered = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(NOT_SWEPT) | PRINTED | set(SCREENS) <= registered

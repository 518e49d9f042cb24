"""Every page a person may use is reachable by clicking, from where they land, in three clicks.

The crawl follows `<a href>` and GET forms on demo data, for each kind of visitor. A GET page
without parameters must be reached; a page with parameters at least once (one family, one
group, one toy …). Pages reached another way are in the commented allow-list below.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from spelotheek.auth.access import declared_access
from spelotheek.auth.models import User
from spelotheek.auth.roles import ANONYMOUS, FAMILY, GROUPS, PRINCIPALS
from spelotheek.demo import DEMO_CARD, DEMO_USERS, load_demo
from spelotheek.families import cardcode
from spelotheek.families.models import Card
from spelotheek.network.demo import PARTNER_EMAIL
from tests.factories import family_id, login_as, staff_id

CLICKS = 3
# Where each visitor starts: anonymous visitors and staff land on home after logging in,
# a family on its own page.
LANDING = {FAMILY: "/me"}
# Pages people reach without clicking through the site, and why.
REACHED_OTHERWISE = {
    "static": "files the pages load",
    "main.health": "monitoring",
    "main.live": "the load balancer's liveness probe",
    "main.ready": "the load balancer's readiness probe (deploy/nginx.conf.template)",
    "api.*": "the JSON API: programs call it, its document is /api/v1/openapi.json",
    "groups.feed": "a private calendar-feed URL the family copies into its calendar app",
    "meetups.calendar_series": "an iCal feed (download / subscribe link in a calendar app)",
    "meetups.calendar_date": "an iCal download",
    "meetups.calendar_location": "an iCal feed",
    "meetups.calendar_all": "an iCal feed",
    "topics.receipt": "the private link shown once after proposing a topic",
    "loans.photo": "a toy photo (an image on the toy pages)",
    "places.entrance_photo": "a photo (an image on the first-visit page)",
    "audit.export": "a CSV download",
    "reach.export_csv": "a CSV download",
    "topics.export_topics": "a CSV download",
    "signals.export": "a CSV download",
    "signals.meeting_ics": "a calendar download",
    "loans.export_toys": "a CSV download",
    "groups.access_log": "a CSV download",
    "auth.confirm": "asked for by the site before sensitive pages (fresh login)",
    "auth.code": "the second step of a login, reached by logging in",
    "families.data": "a family's data, after a stated reason (reached by its form, a POST)",
    "handovers.slip_open": "the QR code on a printed handover slip",
    "channels.hello": "the QR code on a printed invitation card",
    "families_portal.card_login": "the family card's QR code, opened by a phone's camera",
    "families_portal.login_link": "the one-time login link sent by SMS or WhatsApp",
    "families_portal.new_pin": "right after logging in with a login link",
}
# Pages one kind of visitor reaches through a form that is not a GET, and how.
REACHED_BY_A_POST = {
    ("volunteer", "reach.staff_profile"): "the desk panel links it after a card scan",
    # Not a POST: the group's participant list links each family's kept rights (a 4th click).
    ("facilitator", "network.family_rights"): "linked from the group's participant list",
    # Also a 4th click: the participant list links "link a family card" for each participant
    # who joined without one.
    ("facilitator", "groups.link_card"): "linked from the group's participant list",
    ("coordinator", "groups.link_card"): "linked from the group's participant list",
}
# A partner account's menu shows only the directory (issue 19): the public pages stay open to it
# as to anyone, but it need not find them by clicking.
PARTNER_MENU = ("main.", "network.", "auth.")
# Pages that only send this visitor on to another page (a typed or printed /groups).
FORWARDS = {(p, "groups.index") for p in PRINCIPALS if p not in GROUPS}
# Not offered to who is logged in (a lost card's login link too).
LOGIN_PAGES = {"auth.login", "families_portal.login", "families_portal.lost_card"}
PER_ENDPOINT = 2  # instances of one page with parameters worth following (one toy is enough)


class _Links(HTMLParser):
    """The targets of links and GET forms on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.targets.append(found["href"] or "")
        if tag == "form" and (found.get("method") or "get").lower() == "get":
            self.targets.append(found.get("action") or "")


def _allowed_otherwise(endpoint: str) -> bool:
    return endpoint in REACHED_OTHERWISE or endpoint.split(".")[0] + ".*" in REACHED_OTHERWISE


def _must_reach(app: Flask, principal: str) -> set[str]:
    """Endpoints with a GET page this principal may use."""
    wanted = set()
    with app.app_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in (rule.methods or set()) or _allowed_otherwise(rule.endpoint):
                continue
            if principal != ANONYMOUS and rule.endpoint in LOGIN_PAGES:
                continue
            allowed = declared_access(rule.endpoint) or set()
            public = ANONYMOUS in allowed and not rule.endpoint.startswith(PARTNER_MENU)
            if principal == "partner" and public:
                continue
            if principal in allowed:
                wanted.add(rule.endpoint)
    return wanted


def _crawl(app: Flask, client, start: str) -> dict[str, tuple[int, str]]:
    """endpoint → (clicks, first URL) for every page reached within CLICKS clicks."""
    adapter = app.url_map.bind("localhost")
    reached: dict[str, tuple[int, str]] = {}
    seen: set[str] = set()
    per_endpoint: dict[str, int] = {}
    queue = deque([(start, 0)])
    while queue:
        url, clicks = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        try:
            endpoint, _args = adapter.match(parts.path, method="GET")
        except HTTPException:
            continue
        if endpoint == "static" or per_endpoint.get(endpoint, 0) >= PER_ENDPOINT:
            continue
        per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
        response = client.get(url)
        location = response.headers.get("Location", "")
        if response.status_code in (302, 303) and not location.startswith(
            ("/login", "/family/login")
        ):
            # A page that sends this visitor on (/groups to the offer) answers them too.
            reached.setdefault(endpoint, (clicks, url))
            queue.appendleft((location, clicks))
            continue
        if response.status_code != 200:
            continue
        reached.setdefault(endpoint, (clicks, url))
        if clicks == CLICKS or "text/html" not in response.content_type:
            continue
        links = _Links()
        links.feed(response.get_data(as_text=True))
        for target in links.targets:
            split = urlsplit(target)
            if split.netloc not in ("", "localhost") or split.scheme not in ("", "http"):
                continue
            path = split.path or parts.path
            queue.append((path + (f"?{split.query}" if split.query else ""), clicks + 1))
    return reached


@pytest.fixture(scope="module")
def _demo_day() -> date:
    return date(2026, 12, 6)


def _identity(db, principal: str) -> str | None:
    if principal == ANONYMOUS:
        return None
    if principal == FAMILY:
        card = db.scalar(select(Card).where(Card.token_hash == cardcode.token_hash(DEMO_CARD)))
        return family_id(card.family)
    # The demo partner is made with its organisation by the network's demo.
    users = [*DEMO_USERS, (PARTNER_EMAIL, "", "partner")]
    email = next(e for e, _n, role in users if role == principal)
    return staff_id(db.scalar(select(User).where(User.email == email)))


@pytest.mark.one_database
def test_every_page_is_reachable_by_clicking(app: Flask, db, _demo_day: date) -> None:
    assert load_demo(db, _demo_day)
    problems = []
    for principal in PRINCIPALS:
        client = app.test_client()
        identity = _identity(db, principal)
        if identity:
            login_as(client, identity)
        reached = _crawl(app, client, LANDING.get(principal, "/"))
        by_post = {e for p, e in (*REACHED_BY_A_POST, *FORWARDS) if p == principal}
        missing = sorted(_must_reach(app, principal) - set(reached) - by_post)
        if missing:
            problems.append(f"{principal}: {', '.join(missing)}")
    assert not problems, "\n".join(problems)


def test_the_allow_list_names_real_pages(app: Flask) -> None:
    endpoints = set(app.view_functions)
    for name in REACHED_OTHERWISE:
        assert name in endpoints or any(e.startswith(name[:-1]) for e in endpoints), name


def test_groups_shows_the_public_offer_to_who_does_not_lead_a_group(client) -> None:
    response = client.get("/groups")
    assert response.status_code == 302 and response.headers["Location"] == "/groups/offer"
    home = client.get("/").get_data(as_text=True)
    assert 'href="/groups/offer"' in home  # in the menu, for everyone who may not see groups

"""Light pages: every public page weighs at most 60 KB over the wire (HTML + CSS + JS,
compressed, photos left out) and works without JavaScript."""

from __future__ import annotations

import gzip
import re

import pytest

from tests.browser.conftest import click_and_wait
from tests.browser.test_accessibility import family_login_client, find_pages, load_demo

pytestmark = pytest.mark.one_database

LIMIT = 60 * 1024
GZIP = {"Accept-Encoding": "gzip"}


def transferred(client, path: str) -> int:
    """Bytes on the wire for one response, asking for gzip like every browser does."""
    with client.get(path, headers=GZIP) as response:
        assert response.status_code == 200, path
        body = response.get_data()
        encoding = response.headers.get("Content-Encoding")
    # Anything of size is compressed; tiny responses may travel as they are.
    if len(body) >= 500:
        assert encoding == "gzip", path
        assert gzip.decompress(body)
    return len(body)


def page_weight(client, path: str) -> tuple[int, list[str]]:
    """The page plus the style sheets and scripts it loads, compressed."""
    html = client.get(path).get_data(as_text=True)
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assets += re.findall(r'<script src="([^"]+)"', html)
    return transferred(client, path) + sum(transferred(client, a) for a in assets), assets


def test_every_public_page_stays_under_60_kb(app) -> None:
    load_demo(app)
    pages = find_pages(app, family_login_client)
    client = app.test_client()
    weights = {}
    for who, path in sorted(pages.values()):
        if who != "anonymous":
            continue
        weight, assets = page_weight(client, path)
        assert any(a.startswith("/static/css/site.css?v=") for a in assets), assets
        weights[path] = weight
    assert len(weights) >= 10
    heavy = {path: weight for path, weight in weights.items() if weight > LIMIT}
    assert not heavy, heavy


def test_compression_is_on_for_public_pages_and_assets(client) -> None:
    for path in ("/", "/privacy", "/static/css/site.css", "/static/js/desk.js"):
        with client.get(path, headers=GZIP) as response:
            assert response.headers["Content-Encoding"] == "gzip", path
            assert "Accept-Encoding" in response.headers["Vary"]
    plain = client.get("/privacy")
    assert "Content-Encoding" not in plain.headers


def test_pages_with_personal_data_are_not_compressed(client, db) -> None:
    """BREACH: a logged-in page is sent as it is (see spelotheek/compression.py)."""
    from tests.factories import family_id, login_as, make_family

    family, _ = make_family(db, "Amira")
    db.commit()
    login_as(client, family_id(family))
    response = client.get("/me", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert "Amira" in response.get_data(as_text=True)
    with client.get("/static/css/site.css", headers=GZIP) as css:
        assert css.headers["Content-Encoding"] == "gzip"


@pytest.mark.browser
def test_public_pages_work_without_javascript(app, browser, live_server) -> None:
    load_demo(app)
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        _browse_without_javascript(context.new_page())
    finally:
        context.close()


def _browse_without_javascript(page) -> None:
    page.set_default_timeout(10_000)
    page.goto("/")
    click_and_wait(page.locator(".language-switch button[value=en]"))  # a plain form post
    page.locator("html[lang=en]").wait_for(state="attached")
    click_and_wait(page.locator(".main-nav a[href='/toys']"))
    page.locator("#q").fill("a")
    page.locator(".toy-filter button[type=submit]").click()
    page.wait_for_url("**/toys?q=a*")
    page.locator(".toy-card a").first.click()
    page.wait_for_url("**/toys/*")
    assert page.locator("h1").is_visible()
    page.goto("/")
    page.locator("a[href*='/first-visit']").first.click()
    page.wait_for_url("**/first-visit")
    assert page.locator("h1").inner_text().strip().startswith("Your first visit")
    page.locator(".main-nav a[href='/meetups']").click()
    page.wait_for_url("**/meetups")
    assert page.locator("main h1").is_visible()

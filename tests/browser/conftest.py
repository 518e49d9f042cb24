"""Browser tests: a live server in a thread and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


def framable(start_response):
    """start_response that lets the site's own pages frame its pages; other headers are kept."""

    def start(status, headers, exc_info=None):
        kept = []
        for name, value in headers:
            if name.lower() == "x-frame-options":
                continue
            if name.lower() == "content-security-policy":
                value = value.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
            kept.append((name, value))
        return start_response(status, kept, exc_info)

    return start


@pytest.fixture
def live_server(app: Flask, request: pytest.FixtureRequest) -> Iterator[str]:
    """The app served by waitress on a free port; yields its base URL.

    Tests marked framable may load the pages in frames of a page of the same site.
    """
    from waitress import wasyncore
    from waitress.server import create_server

    frames = request.node.get_closest_marker("framable") is not None

    def without_file_wrapper(environ, start_response):
        # Waitress' file wrapper leaves a static file open when the browser cancels its request
        # (a page left before its pictograms arrived); the garbage collector then closes it
        # with a ResourceWarning that fails whichever test runs. Werkzeug's own wrapper is
        # closed by waitress in every case.
        environ.pop("wsgi.file_wrapper", None)
        return app(environ, framable(start_response) if frames else start_response)

    server = create_server(
        without_file_wrapper, host="127.0.0.1", port=0, threads=4, ident="spelotheek-test"
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    app.config["BASE_URL"] = base  # links the pages write (posters, feeds) lead back here
    try:
        yield base
    finally:
        # Closed inside the serving loop, which then ends: closing the sockets from this
        # thread raced the loop's select() ("bad file descriptor" now and then at teardown).
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout=5)
        server.task_dispatcher.shutdown()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the run; skipped without it unless REQUIRE_BROWSER=1."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
        pytest.skip("no Chromium installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server: str):
    """A fresh browser page (own cookies) pointed at the live server."""
    context = browser.new_context(base_url=live_server, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def click_and_wait(locator) -> None:
    """Click what loads a new page, and wait for it: later steps must not meet the old one."""
    # Playwright's click no longer waits for the navigation it starts; a check right after it
    # can read the old page, or run while its document is being replaced.
    with locator.page.expect_navigation():
        locator.click()


def screenshot(page, name: str) -> Path | None:
    """With SCREENS=1, save a screenshot for reviewers under test-output/screenshots/."""
    # Nothing checks these pictures, and a full-page one costs 0.2-0.3 s: a seventh of the
    # accessibility sweep. The phone-width sweep saves its own with the same switch.
    if os.environ.get("SCREENS") != "1":
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

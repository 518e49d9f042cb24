"""The directory's pages in Chromium on a 390-px phone, in Dutch and Arabic (right to left):
axe-core clean, nothing scrolls sideways, targets finger-sized, focus visible. The demo data
has no network yet, so the pages are filled here (the site-wide sweep finds them once it has)."""

from __future__ import annotations

import pytest

from spelotheek.network.texts import refresh_search_text
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import AXE, axe_problems, choose_language
from tests.browser.test_accessibility_layout import check_page
from tests.factories import make_right, make_service

pytestmark = [pytest.mark.browser, pytest.mark.one_database]


def _directory(db) -> list:
    services = []
    for n in range(3):
        service = make_service(
            db,
            name=f"Budgethulp {n}",
            phone="09 123 45 67",
            languages=["nl", "ar"],
            cost="reduced",
            cost_details="Minder betalen met verhoogde tegemoetkoming.",
            what_to_bring="Je identiteitskaart.",
            audience="Gezinnen met kinderen.",
            interpreter=True,
        )
        service.places[0].location.transit_stop = "Halte Zuid"
        service.places[0].location.step_free = True
        refresh_search_text(service)
        services.append(service)
    make_right(db, services=services, gives="Tot 100 euro.", how="Vraag het aan.")
    db.commit()
    return services


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_directory_pages_on_a_phone(app, db, browser, live_server, language) -> None:  # noqa: F811
    services = _directory(db)
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 800}, locale="nl-BE"
    )
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    choose_language(page, language)
    problems: list[str] = []
    paths = {
        "index": "/help",
        "domain": "/help/income?near=9000&when=week&language=xx",
        "search": "/help/search?q=budgethulp",
        "service": f"/help/services/{services[0].uuid}",
        "right": "/help/rights/water-premium",
        "print": "/help/income/print",
    }
    for name, path in paths.items():
        page.goto(path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        problems += [f"[{language}] {path}: {p}" for p in axe_problems(page)]
        problems += check_page(page, f"[{language}] {path}")
        screenshot(page, f"{language}-390px-network-{name}")
    context.close()
    assert not problems, "\n".join(problems)

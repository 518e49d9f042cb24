"""What staff write, in every language (issue 24 item 10): the demo centre's texts show in
the page's language, or marked "only in ..." with a lang attribute, never silently another."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import inspect, select

from spelotheek.cli import main
from spelotheek.content import in_language, texts_of, translations_from
from spelotheek.groups.models import GroupSession, TemplateStep
from spelotheek.locations.models import Location
from spelotheek.meetups.models import MeetupOccurrence, MeetupSeries
from spelotheek.settings import LANGUAGES
from tests.factories import login_as, make_user, staff_id

pytestmark = pytest.mark.one_database
MARKED = re.compile(r'<span lang="(\w+)">.*?</span>', re.DOTALL)


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def test_in_language_prefers_the_wanted_language_then_the_source() -> None:
    texts = {"nl": "Babbelochtend", "fr": "Matinée papotage", "ar": "  "}
    assert in_language(texts, "fr") == ("Matinée papotage", "fr")
    assert in_language(texts, "ar") == ("Babbelochtend", "nl")  # blank is missing
    assert in_language({"en": "Only English"}, "tr") == ("Only English", "en")
    assert in_language(None, "tr") == ("", "tr")


def test_a_form_stores_no_empty_and_no_source_translation() -> None:
    assert translations_from({"nl": "x", "fr": " ", "en": "Play", "xx": "?"}) == {"en": "Play"}
    assert translations_from({"fr": ""}) is None


def _all_texts(db) -> list[dict[str, str]]:
    """Every translated text of the demo, per record and field, as {language: text}."""
    found = []
    for model in (MeetupSeries, MeetupOccurrence, Location, TemplateStep, GroupSession):
        fields = [
            c.key[: -len("_texts")] for c in inspect(model).columns if c.key.endswith("_texts")
        ]
        for row in db.scalars(select(model)):
            for field in fields:
                if getattr(row, field):
                    found.append(texts_of(row, field))
    return found


def _pages(client, lang: str) -> dict[str, str]:
    """The pages that show staff-written content, as a visitor in `lang` sees them."""
    headers = {"Accept-Language": lang}
    home = client.get("/", headers=headers).get_data(as_text=True)
    listing = client.get("/meetups", headers=headers).get_data(as_text=True)
    links = set(re.findall(r'href="(/meetups/\d+(?:/[\w-]+)?)"', listing))
    links |= set(re.findall(r'href="(/places/[^"]+)"', home))
    pages = {"/": home, "/meetups": listing}
    for link in sorted(links):
        answer = client.get(link, headers=headers)
        if answer.status_code == 200 and answer.mimetype == "text/html":
            pages[link] = answer.get_data(as_text=True)
    groups = client.get("/groups", headers=headers).get_data(as_text=True)
    for path in ["/groups/templates", *sorted(set(re.findall(r'href="(/groups/\d+)"', groups)))]:
        pages[path] = client.get(path, headers=headers).get_data(as_text=True)
    return pages


def test_the_demo_shows_each_language_its_own_text_or_the_marker(app, db) -> None:
    assert app.test_cli_runner().invoke(main, ["demo"]).exit_code == 0
    texts = _all_texts(db)
    # Dutch first, with all five; themes planned from a parent's topic stay in its language.
    assert sum(set(t) == set(LANGUAGES) for t in texts) >= 25
    coordinator = make_user(db, role="coordinator", language="nl")
    db.commit()
    for lang in LANGUAGES:
        client = app.test_client()
        login_as(client, staff_id(coordinator))
        with client.session_transaction() as session:
            session["lang"] = lang
        pages = _pages(client, lang)
        assert len(pages) > 6
        shown = 0
        for path, html in pages.items():
            unmarked = unescape(MARKED.sub("", html))
            for by_language in texts:
                for other, text in by_language.items():
                    if other != lang and text != by_language.get(lang):
                        assert text not in unmarked, f"{lang} {path} shows {other}: {text}"
                shown += by_language.get(lang, "-") in unescape(html)
        assert shown > 10, lang


def test_a_text_only_in_dutch_is_marked_with_its_language(app, client, db) -> None:
    from tests.meetups.conftest import make_series  # noqa: PLC0415

    location = Location(name="Huis", address="Straat 1", postcode="9000", city="Gent")
    db.add(location)
    db.flush()
    series = make_series(db, location, title="Voorleesuurtje")
    db.commit()
    page = client.get(f"/meetups/{series.id}", headers={"Accept-Language": "fr"})
    html = page.get_data(as_text=True)
    assert '<span lang="nl">Voorleesuurtje</span>' in html
    assert "néerlandais" in html  # "only in Dutch", the language named in French


def test_staff_write_a_translation_and_see_it_again_when_changing(app, client, db) -> None:
    from tests.meetups.conftest import make_location  # noqa: PLC0415

    location = make_location(db)
    user = make_user(db, role="staff", language="nl")
    db.commit()
    login_as(client, staff_id(user))
    form = {
        "title": "Papa's zaterdag",
        "title_fr": "Samedi des papas",
        "title_en": " ",
        "location_id": str(location.id),
        "pattern": "weekly",
        "weekday": "5",
        "nth": "1",
        "first_day": "2026-01-01",
        "starts": "10:00",
        "ends": "12:00",
        "capacity": "12",
        "min_age": "0",
        "max_age": "5",
    }
    assert 'name="title_fr"' in client.get("/meetups/new").get_data(as_text=True)
    assert client.post("/meetups/new", data=form).status_code == 302
    series = db.scalars(select(MeetupSeries)).one()
    assert series.title_texts == {"fr": "Samedi des papas"}
    edit = client.get(f"/meetups/{series.id}/edit").get_data(as_text=True)
    assert "Samedi des papas" in edit
    shown = app.test_client().get(f"/meetups/{series.id}", headers={"Accept-Language": "fr"})
    assert "Samedi des papas" in shown.get_data(as_text=True)

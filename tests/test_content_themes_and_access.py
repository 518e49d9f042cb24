"""What staff write, in every language, part two (issue 24 item 10): a meeting date's theme, a
group session's theme and a location's access notes are written per language in their forms
and shown in the reader's language, or in Dutch marked "only in Dutch"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from spelotheek.cli import main
from spelotheek.content import texts_of
from spelotheek.groups import participants
from spelotheek.groups.models import GroupSession, TemplateStep
from spelotheek.locations.models import Location
from spelotheek.meetups.models import MeetupOccurrence
from spelotheek.settings import LANGUAGES
from spelotheek.topics.models import Topic
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.groups.helpers import make_group
from tests.meetups.conftest import make_location, make_series

pytestmark = pytest.mark.one_database
ONLY_IN_DUTCH = '<span lang="nl">{}</span> <small class="only-in">'


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _reader(app, lang: str, identity: str | None = None):
    """A client reading in `lang` (logged in as `identity` when given)."""
    client = app.test_client()
    if identity:
        login_as(client, identity)
    with client.session_transaction() as session:
        session["lang"] = lang
    return client


def _fresh(db) -> None:
    db.rollback()
    db.expire_all()


def test_a_dates_theme_is_written_per_language_and_read_in_its_own(app, client, db) -> None:
    series = make_series(db, make_location(db), title="Speelochtend")
    staff = make_user(db, role="staff", language="nl")
    db.commit()
    login_as(client, staff_id(staff))
    day = date.today() + timedelta(days=7)
    day += timedelta(days=(5 - day.weekday()) % 7)  # the series meets on Saturdays
    edit = f"/meetups/{series.id}/{day.isoformat()}/edit"
    assert 'name="theme_fr"' in client.get(edit).get_data(as_text=True)
    form = {
        "day": day.isoformat(),
        "starts": "10:00",
        "ends": "12:00",
        "theme": "Buiten spelen",
        "theme_fr": "Jouer dehors",
        "theme_en": "Playing outside",
        "theme_tr": " ",
    }
    assert client.post(edit, data=form).status_code == 302
    _fresh(db)
    row = db.scalars(select(MeetupOccurrence)).one()
    assert row.theme == "Buiten spelen"
    assert row.theme_texts == {"fr": "Jouer dehors", "en": "Playing outside"}
    assert "Jouer dehors" in client.get(edit).get_data(as_text=True)  # found again to change

    page = f"/meetups/{series.id}/{day.isoformat()}"
    french = _reader(app, "fr").get(page).get_data(as_text=True)
    assert "Jouer dehors" in french and "Buiten spelen" not in french
    turkish = _reader(app, "tr").get(page).get_data(as_text=True)
    assert ONLY_IN_DUTCH.format("Buiten spelen") in turkish and "Jouer dehors" not in turkish

    # Emptying a translation in the form removes it; the theme stays.
    assert client.post(edit, data={**form, "theme_fr": ""}).status_code == 302
    _fresh(db)
    assert db.scalars(select(MeetupOccurrence)).one().theme_texts == {"en": "Playing outside"}


def test_a_session_theme_is_written_per_language_and_shown_to_participants(app, db) -> None:
    facilitator = make_user(db, role="facilitator", language="nl")
    group = make_group(db, [facilitator])
    family, _ = make_family(db, "Amira")
    participants.enrol(
        db,
        facilitator.id,
        group,
        family,
        due_year=2030,
        due_month=7,
        consent=True,
        now=group.sessions[0].starts_at - timedelta(days=7),
    )
    first = group.sessions[0]
    db.commit()
    staff = _reader(app, "nl", staff_id(facilitator))
    edit = f"/groups/{group.id}/sessions/{first.id}"
    assert 'name="theme_ar"' in staff.get(edit).get_data(as_text=True)
    form = {
        "day": "2030-01-07",
        "start": "10:00",
        "duration_minutes": "120",
        "room": "Zaal 2",
        "theme": "Kennismaken met de verloskundige",
        "theme_fr": "Rencontrer la sage-femme",
        "theme_ar": "التعرف على القابلة",
    }
    assert staff.post(edit, data=form).status_code == 302
    _fresh(db)
    saved = db.get(GroupSession, first.id)
    assert saved.theme_texts == {"fr": "Rencontrer la sage-femme", "ar": "التعرف على القابلة"}
    assert "Rencontrer la sage-femme" in staff.get(edit).get_data(as_text=True)

    french = _reader(app, "fr", family_id(family)).get("/me").get_data(as_text=True)
    assert "Rencontrer la sage-femme" in french
    assert "Kennismaken met de verloskundige" not in french
    turkish = _reader(app, "tr", family_id(family)).get("/me").get_data(as_text=True)
    assert ONLY_IN_DUTCH.format("Kennismaken met de verloskundige") in turkish


def test_staff_write_a_locations_access_notes_in_every_language(app, client, db) -> None:
    location = make_location(db)
    series = make_series(db, location, title="Speelochtend")
    coordinator = make_user(db, role="coordinator", language="nl")
    db.commit()
    login_as(client, staff_id(coordinator))
    visit = client.get(f"/places/{location.id}/first-visit").get_data(as_text=True)
    assert f'href="/places/{location.id}/access"' in visit  # staff find the form
    page = f"/places/{location.id}/access"
    assert 'name="accessibility_tr"' in client.get(page).get_data(as_text=True)
    form = {
        "accessibility": "Ingang gelijkvloers, lift naar boven.",
        "accessibility_fr": "Entrée de plain-pied, ascenseur.",
        "accessibility_ar": "مدخل في مستوى الشارع، مصعد.",
    }
    assert client.post(page, data=form).status_code == 302
    _fresh(db)
    saved = db.get(Location, location.id)
    assert saved.accessibility == "Ingang gelijkvloers, lift naar boven."
    assert saved.accessibility_texts == {
        "fr": "Entrée de plain-pied, ascenseur.",
        "ar": "مدخل في مستوى الشارع، مصعد.",
    }
    assert "Entrée de plain-pied" in client.get(page).get_data(as_text=True)

    for path in (f"/places/{location.id}/first-visit", f"/meetups/{series.id}", "/"):
        french = _reader(app, "fr").get(path).get_data(as_text=True)
        assert "Entrée de plain-pied, ascenseur." in french, path
        assert "Ingang gelijkvloers" not in french, path
        turkish = _reader(app, "tr").get(path).get_data(as_text=True)
        assert ONLY_IN_DUTCH.format("Ingang gelijkvloers, lift naar boven.") in turkish, path


@pytest.mark.parametrize("role", ["anonymous", "family", "volunteer", "facilitator"])
def test_only_the_office_writes_access_notes(app, client, db, role: str) -> None:
    location = make_location(db)
    if role == "family":
        login_as(client, family_id(make_family(db, "Amira")[0]))
    elif role != "anonymous":
        login_as(client, staff_id(make_user(db, role=role)))
    db.commit()
    client.post(f"/places/{location.id}/access", data={"accessibility": "Trap"})
    _fresh(db)
    assert db.get(Location, location.id).accessibility == "Ramp"
    visit = client.get(f"/places/{location.id}/first-visit").get_data(as_text=True)
    assert f"/places/{location.id}/access" not in visit


def test_the_demo_writes_themes_and_access_notes_in_all_five_languages(app, db) -> None:
    """Dutch first, every language filled: no theme or access note of the demo is Dutch only
    (themes planned from a parent's topic proposal stay in that parent's words)."""
    assert app.test_cli_runner().invoke(main, ["demo"]).exit_code == 0
    topics = db.scalars(select(Topic)).all()
    planned_dates = {t.occurrence_id for t in topics}
    planned_sessions = {t.group_session_id for t in topics}
    rows = [
        *db.scalars(select(Location)),
        *db.scalars(select(TemplateStep)),
        *(s for s in db.scalars(select(GroupSession)) if s.id not in planned_sessions),
        *(o for o in db.scalars(select(MeetupOccurrence)) if o.id not in planned_dates),
    ]
    field_of = {Location: "accessibility"}
    written = [
        (row, texts_of(row, field_of.get(type(row), "theme")))
        for row in rows
        if getattr(row, field_of.get(type(row), "theme"))
    ]
    assert sum(isinstance(row, Location) for row, _ in written) >= 2
    assert sum(isinstance(row, GroupSession) for row, _ in written) >= 10
    assert any(isinstance(row, MeetupOccurrence) for row, _ in written)
    for row, texts in written:
        assert set(texts) == set(LANGUAGES), (type(row).__name__, texts)
        assert all(text.strip() for text in texts.values()), texts

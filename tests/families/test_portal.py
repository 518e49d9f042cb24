"""A family logs in with its card and PIN and changes its own choices."""

from __future__ import annotations

import pytest

from spelotheek.families import cardcode
from spelotheek.families.models import Family
from tests.factories import PIN, make_family


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def test_family_logs_in_and_sees_its_page(client, db) -> None:
    family, code = make_family(db, "Omar", with_pin=True)
    db.commit()
    response = client.post("/family/login", data={"card": cardcode.format_code(code), "pin": PIN})
    assert response.status_code == 302 and response.headers["Location"] == "/me"
    page = client.get("/me", headers={"Accept-Language": "en"}).data.decode()
    assert "Hello, Omar" in page and family.active_card.hint in page


def test_a_wrong_pin_is_refused_plainly(client, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    response = client.post(
        "/family/login", data={"card": code, "pin": "0000"}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert "The card code and PIN do not match" in response.data.decode()


def test_family_login_is_throttled_per_card(client, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    for _ in range(5):
        client.post("/family/login", data={"card": code, "pin": "0000"})
    assert client.post("/family/login", data={"card": code, "pin": PIN}).status_code == 429


def test_family_changes_language_and_consent(client, db) -> None:
    family, code = make_family(db, with_pin=True)
    db.commit()
    client.post("/family/login", data={"card": code, "pin": PIN})
    client.post("/me", data={"language": "ar", "reminder_consent": "y"})
    page = client.get("/me").data.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    db.expire_all()
    saved = db.get(Family, family.id)
    assert saved.language == "ar" and saved.reminder_consent


def test_staff_pages_are_closed_to_families(client, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    client.post("/family/login", data={"card": code, "pin": PIN})
    assert client.get("/families/").status_code == 403


def test_the_page_title_is_only_a_title(client, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    client.post("/family/login", data={"card": code, "pin": PIN})
    page = client.get("/me", headers={"Accept-Language": "en"}).get_data(as_text=True)
    title = page[page.index("<title>") : page.index("</title>")]
    assert "<section" not in title and "My family" in title
    assert page.count("See everything we keep about you") == 1

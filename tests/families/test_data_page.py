"""The "everything we keep about you" page reads like a page, not like a JSON file (issue 24/12);
the JSON download stays as machines expect it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from spelotheek.families import datapage
from spelotheek.families import services as family_services
from spelotheek.groups import participants as group_participants
from spelotheek.topics import services as topics
from tests.factories import PIN, login_as, make_family, make_user, staff_id
from tests.groups.helpers import make_group

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
RAW_KEY = re.compile(r"<dt>\s*[a-z]+_[a-z_]+\s*</dt>")  # display_name, reminder_consent, ...
RAW_TIME = re.compile(r"\d{2}:\d{2}:\d{2}(\.\d+)?(\+00:00)?|\d{4}-\d{2}-\d{2}T")


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _family_with_a_bit_of_everything(db):
    """A family with a card, a child, a pregnancy group, a proposed topic and consent."""
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    family, code = make_family(
        db, "Meryem", with_pin=True, reminder_consent=True, email="m@example.org"
    )
    family_services.add_child(db, None, family, 2024, 5)
    group_participants.enrol(
        db, midwife.id, group, family, due_year=2030, due_month=7, consent=True, now=NOW
    )
    topics.propose(db, text="Sleep", theme="parenting", family_id=family.id)
    db.commit()
    return family, code


def _page(client, code: str, language: str) -> str:
    client.post("/family/login", data={"card": code, "pin": PIN})
    response = client.get("/me/data", headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.text


def test_the_page_shows_words_not_field_names_nor_machine_times(client, db) -> None:
    _, code = _family_with_a_bit_of_everything(db)
    page = _page(client, code, "en")
    assert not RAW_KEY.findall(page), RAW_KEY.findall(page)
    assert not RAW_TIME.findall(page), RAW_TIME.findall(page)
    for label in ("Name on the card", "Reminders by message", "A PIN is set", "Born"):
        assert label in page, label
    assert ">yes<" in page.replace(" ", "") or "Yes" in page
    # codes are words: a card "active", a topic "new", a theme "parenting"
    assert "In use" in page and "Waiting for a look" in page and "Raising children" in page
    assert "Take part in the pregnancy group" in page  # the consent, as a sentence
    assert "July 2030" in page  # the due month, as people write it


def test_dates_follow_the_visitor_s_language_and_brussels_time(client, db) -> None:
    _, code = _family_with_a_bit_of_everything(db)
    page = _page(client, code, "nl")
    assert "juli 2030" in page  # Babel's Dutch month name
    assert not RAW_TIME.findall(page), RAW_TIME.findall(page)


def test_the_json_download_stays_as_machines_read_it(client, db) -> None:
    _, code = _family_with_a_bit_of_everything(db)
    client.post("/family/login", data={"card": code, "pin": PIN})
    data = client.get("/me/data?format=json").get_json()
    assert data["family"]["display_name"] == "Meryem"
    assert data["family"]["reminder_consent"] is True
    assert datetime.fromisoformat(data["family"]["created_at"]).tzinfo is not None
    assert data["groups"][0]["due"] == "2030-07"


def test_a_staff_export_says_in_words_that_health_data_is_withheld(client, db) -> None:
    family, _ = _family_with_a_bit_of_everything(db)
    login_as(client, staff_id(make_user(db, role="staff")))
    db.commit()
    page = client.post(
        f"/families/{family.id}/data",
        data={"reason": "family_asked"},
        headers={"Accept-Language": "en"},
    ).text
    assert "withheld" not in page and "shown only to the family and the facilitators" not in page
    assert "Only the family and the facilitators of its group can see it." in page
    assert not RAW_KEY.findall(page)


def test_unknown_fields_of_a_new_feature_are_still_readable(app) -> None:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        shown = datapage.readable(
            {"bikes": [{"frame_size_cm": 40, "lent_at": "2026-11-26T09:05:01.123456+00:00"}]}
        )
    (section,) = shown
    assert section.title == "Bikes"
    (size, lent) = section.value[0]
    assert size == ("Frame size cm", "40")
    assert lent[0] == "Lent at" and "10:05" in lent[1] and "123456" not in lent[1]
    assert datapage.humanise("last_active_at") == "Last active at"


def test_times_are_local_and_have_no_microseconds(app) -> None:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        (section,) = datapage.readable({"loans": [{"lent_at": "2026-07-01T08:05:01.5+00:00"}]})
    ((_, shown),) = list(section.value[0])
    assert "10:05" in shown and "2026" in shown and "01.5" not in shown


def test_the_consent_a_family_gave_is_shown_as_the_same_sentence() -> None:
    from spelotheek.groups.privacy import CONSENT_PURPOSE
    from spelotheek.registry import EXPORT_VALUES

    assert EXPORT_VALUES["groups.for"][CONSENT_PURPOSE]._args[0] == CONSENT_PURPOSE

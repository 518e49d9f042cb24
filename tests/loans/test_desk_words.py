"""Words and rights at the desk agree (issue 24, item 4): refusals in the desk's terms, a
volunteer lands on the desk after login, and the README promises each role only what it gets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from spelotheek.auth.services import create_api_token
from spelotheek.db import utcnow
from spelotheek.families import cardcode, cards
from spelotheek.loans.models import Item
from tests.factories import PASSWORD, login_as, make_family, make_user, staff_id
from tests.loans.factories import make_location, make_toy


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


EN = {"Accept-Language": "en"}
README = Path(__file__).resolve().parents[2] / "README.md"


def _codes(db) -> dict[str, str]:
    """One code of each kind the desk does not know (or no longer accepts)."""
    family, old_code = make_family(db, "Amira")
    cards.reissue_card(db, None, family, utcnow())
    known = make_toy(db, location=make_location(db)).items[0].label
    unknown_label = "SP" + ("2345678" if known != "SP234567" else "3456789")[:6]
    unknown_card = cardcode.encode(12345)  # the right shape and check character
    typo = unknown_card[:-1] + ("0" if unknown_card[-1] != "0" else "1")
    db.commit()
    return {
        "toy label": unknown_label,
        "family card": unknown_card,
        "typo": typo,
        "revoked": old_code,
        "neither": "ZZZZ9999",
    }


WORDS = {
    "toy label": "toy label",
    "family card": "family card",
    "typo": "typing error",
    "revoked": "replaced",
    "neither": "toy label or family card",
}


def test_unknown_codes_are_named_in_the_desks_words(client, db) -> None:
    login_as(client, staff_id(make_user(db, role="volunteer")))
    codes = _codes(db)
    page = client.get("/desk").get_data(as_text=True)
    csrf = page.split('data-csrf="')[1].split('"')[0]
    for kind, code in codes.items():
        client.post("/desk/scan", data={"code": code})
        shown = client.get("/desk", headers=EN).get_data(as_text=True)
        answer = client.post(
            "/api/v1/desk/scan", json={"code": code}, headers={**EN, "X-CSRFToken": csrf}
        ).get_json()
        for message in (answer["message"], shown):
            assert "signal-refused" in shown and answer["signal"] == "refused", kind
            assert "ask at the desk" not in message.lower(), kind  # we are the desk
            assert WORDS[kind] in message, (kind, answer["message"])


def _login(client, email: str, next_url: str = ""):
    return client.post("/login", data={"email": email, "password": PASSWORD, "next": next_url})


@pytest.mark.parametrize(("role", "landing"), [("volunteer", "/desk"), ("staff", "/desk")])
def test_desk_people_land_on_the_desk_after_login(client, db, role: str, landing: str) -> None:
    user = make_user(db, role=role)
    db.commit()
    assert _login(client, user.email).headers["Location"] == landing
    client.post("/logout")
    assert _login(client, user.email, "/toys").headers["Location"] == "/toys"  # next still wins


def test_the_readme_promises_the_desk_lists_only_to_whom_they_answer(client, db) -> None:
    """Every README line that names /desk/lists names who may open it; that role gets in."""
    lines = [line for line in README.read_text().splitlines() if "/desk/lists" in line]
    assert lines
    for role in ("volunteer", "staff"):
        user = make_user(db, role=role)
        db.commit()
        login_as(client, staff_id(user))
        allowed = client.get("/desk/lists").status_code == 200
        for line in lines:
            promised = re.search(r"`/desk/lists`[^|]*\(([^)]*)\)", line)
            assert promised, line  # the line says for whom, right after the path
            assert (role in promised.group(1)) == allowed, (role, line)


API_CODES = {
    "family card": ("card_not_found", "family card"),
    "typo": ("card_not_found", "typing error"),
    "revoked": ("card_revoked", "replaced"),
    "neither": ("card_not_found", "not a family card code"),
    "toy label": ("card_not_found", "not a family card code"),  # the card field: still a card
}


def test_the_device_api_answers_in_the_desks_words(client, db) -> None:
    """A scanner or till app is in the hands of the person at the desk: its refusals of a card
    never send them to the desk, and the error codes devices read stay as they were."""
    token = create_api_token(db, None, make_user(db, role="volunteer"), "desk")
    codes = _codes(db)
    item = db.scalars(select(Item)).first()
    device = {**EN, "Authorization": f"Bearer {token}"}
    for kind, code in codes.items():
        wanted_code, words = API_CODES[kind]
        answers = [
            client.post("/api/v1/loans", json={"card": code, "item": item.label}, headers=device),
            client.post("/api/v1/holds", json={"card": code, "toy": item.toy_id}, headers=device),
            client.get(f"/api/v1/cards/{code}", headers=device),
        ]
        for answer in answers:
            body = answer.get_json()
            assert body["error"] == wanted_code, (kind, answer.request.path, body)
            assert "ask at the desk" not in body["message"].lower(), (kind, body)
            assert words in body["message"], (kind, answer.request.path, body)


def test_every_staff_scan_says_card_refusals_in_the_scanners_words(client, db) -> None:
    """A meeting's host, a midwife enrolling, staff proposing a topic for a family: each scans
    the card themselves, so no refusal sends them "to the desk"."""
    from html import unescape

    from spelotheek.meetups.timetable import today
    from tests.groups.helpers import make_group
    from tests.meetups.test_views import _todays_series

    staff = make_user(db, role="staff", language="en")
    midwife = make_user(db, role="facilitator", language="en")
    series = _todays_series(db)
    group = make_group(db, [midwife])
    codes = _codes(db)
    db.commit()
    host, enrols = app_client(client), app_client(client)
    login_as(host, staff_id(staff))
    login_as(enrols, staff_id(midwife))
    meeting = f"/meetups/{series.id}/{today().isoformat()}/scan"
    said = {
        "family card": "We do not know this family card",
        "typo": "typing error",
        "revoked": "replaced by a new one",
        "neither": "not a family card code",
    }
    for kind, words in said.items():
        code = codes[kind]
        pages = {
            "meeting": host.post(
                meeting, data={"scan-code": code}, headers=EN, follow_redirects=True
            ),
            "group": enrols.post(
                f"/groups/{group.id}/enrol",
                data={"card": code, "due": "2030-07", "consent": "y"},
                headers=EN,
            ),
            "topic": host.post(
                "/topics/propose", data={"text": "Slapen", "card": code}, headers=EN
            ),
        }
        for where, page in pages.items():
            text = unescape(page.get_data(as_text=True))
            assert "ask at the desk" not in text.lower(), (where, kind)
            assert words in text, (where, kind, page.status_code)


def app_client(client):
    """Another browser on the same app."""
    return client.application.test_client()

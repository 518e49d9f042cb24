"""The card's QR page, phones that stay logged in and login links, through the views."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import func, select

from spelotheek.audit import AuditEvent
from spelotheek.auth.login import DEVICE_KEY
from spelotheek.db import utcnow
from spelotheek.families import cardcode, loginlinks
from spelotheek.families.cardimage import qr_text
from spelotheek.families.models import Family, FamilyDevice, LoginLink
from spelotheek.loans.views.desk import FAMILY_KEY
from spelotheek.messages.models import Message
from spelotheek.messages.services import set_channels
from tests.factories import PIN, login_as, make_family, make_user, staff_id


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


EN = {"Accept-Language": "en"}


def _stay(client, code: str, stay: bool = True, url: str = "/c"):
    data = {"card": code, "pin": PIN}
    if stay:
        data["stay"] = "y"
    return client.post(url, data=data)


def _away(client, seconds: int) -> None:
    """As if the last request and the login were `seconds` ago."""
    with client.session_transaction() as session:
        session["auth_at"] -= seconds
        session["seen_at"] -= seconds


# --- the QR page ---------------------------------------------------------------------------


def test_the_qr_holds_the_page_address_with_the_code_after_the_hash(app) -> None:
    with app.test_request_context():
        text = qr_text("ABC")
    assert text == app.config["BASE_URL"] + "/c#ABC"


def test_the_qr_page_asks_for_the_pin_and_sends_no_referrer(client) -> None:
    response = client.get("/c", headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert 'src="/static/js/card-login.js?v=' in page and "<script>" not in page
    assert 'name="card"' in page and 'name="pin"' in page  # without JavaScript: type the code
    assert "Stay logged in on this phone (90 days)" in page


def test_the_code_goes_in_the_body_and_the_right_pin_logs_in(client, db) -> None:
    family, code = make_family(db, "Omar", with_pin=True)
    db.commit()
    response = client.post("/c", data={"card": code, "pin": PIN})
    assert response.status_code == 302 and response.headers["Location"] == "/me"
    assert code not in response.headers["Location"]
    assert "Hello, Omar" in client.get("/me", headers=EN).get_data(as_text=True)


def test_a_wrong_pin_opens_nothing_and_counts_with_the_card_login(client, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    refused = client.post("/c", data={"card": code, "pin": "9999"}, headers=EN)
    assert refused.status_code == 400
    assert "The card code and PIN do not match" in refused.get_data(as_text=True)
    assert client.get("/me").status_code == 302  # not logged in
    for _ in range(2):
        client.post("/c", data={"card": code, "pin": "9999"})
    for _ in range(2):
        client.post("/family/login", data={"card": code, "pin": "9999"})
    # Five wrong tries in all, on either page: the card is locked on both.
    locked = client.post("/c", data={"card": code, "pin": PIN}, headers=EN)
    assert locked.status_code == 429 and "Too many tries" in locked.get_data(as_text=True)
    assert client.post("/family/login", data={"card": code, "pin": PIN}).status_code == 429


def test_without_a_card_code_the_page_says_so(client) -> None:
    response = client.post("/c", data={"card": "", "pin": PIN}, headers=EN)
    assert response.status_code == 400
    assert "Please type the code on your card." in response.get_data(as_text=True)


# --- phones that stay logged in --------------------------------------------------------------


def test_a_phone_that_stays_logged_in_survives_the_idle_time_and_the_day(client, db) -> None:
    family, code = make_family(db, with_pin=True)
    db.commit()
    response = _stay(client, code)
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("spelotheek="))
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    assert expires > utcnow() + timedelta(days=89)  # the cookie outlives SESSION_MAX_HOURS
    device = db.scalars(select(FamilyDevice).where(FamilyDevice.family_id == family.id)).one()
    assert device.expires_at - device.created_at == timedelta(days=90)
    _away(client, 3 * 24 * 3600)  # three days, beyond FAMILY_IDLE_MINUTES and SESSION_MAX_HOURS
    assert client.get("/me").status_code == 200


def test_an_ordinary_login_still_ends_after_the_idle_time(client, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    _stay(client, code, stay=False, url="/family/login")
    assert client.get("/me").status_code == 200
    _away(client, 2 * 3600)
    assert client.get("/me").status_code == 302


def test_the_phone_session_ends_after_its_days(client, db) -> None:
    family, code = make_family(db, with_pin=True)
    db.commit()
    _stay(client, code, url="/family/login")
    device = db.scalars(select(FamilyDevice).where(FamilyDevice.family_id == family.id)).one()
    device.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    assert client.get("/me").status_code == 302
    with client.session_transaction() as session:
        assert DEVICE_KEY not in session  # the long cookie is forgotten


def test_the_family_sees_its_phones_and_ending_one_logs_it_out(app, db) -> None:
    family, code = make_family(db, with_pin=True)
    db.commit()
    phone, other = app.test_client(), app.test_client()
    _stay(phone, code)
    _stay(other, code)
    page = other.get("/me", headers=EN).get_data(as_text=True)
    assert "Phones that stay logged in" in page and page.count("Logged in since") == 2
    assert "(this phone)" in page
    first = db.scalars(select(FamilyDevice).order_by(FamilyDevice.id)).first()
    assert first is not None
    ended = other.post(f"/me/phones/{first.id}/end", headers=EN)
    assert ended.status_code == 302
    assert phone.get("/me").status_code == 302  # the first phone is logged out
    assert other.get("/me").status_code == 200  # the other one stays
    db.rollback()  # a fresh read: the views wrote in their own transactions
    assert db.scalar(select(func.count()).select_from(FamilyDevice)) == 1


def test_logging_out_on_one_phone_keeps_the_others(app, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    phone, other = app.test_client(), app.test_client()
    _stay(phone, code)
    _stay(other, code)
    phone.post("/logout")
    assert phone.get("/me").status_code == 302
    assert other.get("/me").status_code == 200
    assert db.scalar(select(func.count()).select_from(FamilyDevice)) == 1


def test_the_desk_ends_every_phone_and_it_is_audited(app, db) -> None:
    family, code = make_family(db, with_pin=True)
    user = make_user(db, role="staff", language="en")
    db.commit()
    phone = app.test_client()
    _stay(phone, code)
    staff = app.test_client()
    login_as(staff, staff_id(user))
    page = staff.get(f"/families/{family.id}", headers=EN).get_data(as_text=True)
    assert "1 phone stays logged in." in page
    assert staff.post(f"/families/{family.id}/sessions/end").status_code == 302
    assert phone.get("/me").status_code == 302
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "family_sessions_ended")).one()
    assert event.actor_id == user.id and event.subject_id == family.id


def test_a_family_cannot_end_the_phones_of_another(app, db) -> None:
    _, code = make_family(db, with_pin=True)
    _, bram_code = make_family(db, "Bram", with_pin=True)
    db.commit()
    _stay(app.test_client(), code)
    bram = app.test_client()
    _stay(bram, bram_code, stay=False, url="/family/login")
    device = db.scalars(select(FamilyDevice)).one()
    bram.post(f"/me/phones/{device.id}/end")
    assert db.scalar(select(func.count()).select_from(FamilyDevice)) == 1


# --- a login link by text --------------------------------------------------------------------


def _texting(db, phone: str = "0470 12 34 56") -> tuple[Family, str]:
    family, code = make_family(db, "Amira", with_pin=True, phone=phone)
    set_channels(db, family, {"sms"}, utcnow())
    db.commit()
    return family, code


def _link_from_outbox(db) -> str:
    body = db.scalars(select(Message).where(Message.purpose == "login_link")).one().body
    found = re.search(r"(/family/link/[A-Za-z0-9_-]+)", body)
    assert found
    return found.group(1)


def test_the_login_page_offers_a_link_by_sms(client) -> None:
    page = client.get("/family/login", headers=EN).get_data(as_text=True)
    assert "Lost your card? Get a link by SMS" in page and 'href="/family/lost"' in page


def test_a_known_and_an_unknown_number_get_the_same_answer(client, db) -> None:
    family, _ = _texting(db)
    known = client.post("/family/lost", data={"phone": "+32 470 12 34 56"}, headers=EN)
    unknown = client.post("/family/lost", data={"phone": "0470 99 99 99"}, headers=EN)
    assert known.status_code == unknown.status_code == 200
    strip = re.compile(r'name="csrf_token"[^>]*>|<meta name="csrf-token"[^>]*>')
    assert strip.sub("", known.get_data(as_text=True)) == strip.sub(
        "", unknown.get_data(as_text=True)
    )
    assert "If this number is known, a text is on its way." in known.get_data(as_text=True)
    message = db.scalars(select(Message)).one()
    assert message.family_id == family.id and message.purpose == "login_link"


def test_a_number_that_is_no_number_gets_a_clear_message(client, db) -> None:
    response = client.post("/family/lost", data={"phone": "call me"}, headers=EN)
    assert response.status_code == 400
    assert "This is not a phone number." in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(LoginLink)) == 0


def test_the_link_logs_in_once_on_post_then_offers_a_new_pin(client, db) -> None:
    family, code = _texting(db)
    client.post("/family/lost", data={"phone": "0470123456"})
    path = _link_from_outbox(db)
    preview = client.get(path, headers=EN)  # a link previewer only looks
    assert preview.status_code == 200 and preview.headers["Referrer-Policy"] == "no-referrer"
    assert "Press the button to log in." in preview.get_data(as_text=True)
    assert client.get("/me").status_code == 302  # looking logged nobody in
    response = client.post(path)
    assert response.status_code == 302 and response.headers["Location"] == "/family/pin"
    refused = client.post("/family/pin", data={"pin": "2580", "again": "2581"}, headers=EN)
    assert "The two PINs are not the same." in refused.get_data(as_text=True)
    assert client.post("/family/pin", data={"pin": "2580", "again": "2580"}).status_code == 302
    assert client.get("/me").status_code == 200  # still logged in after the new PIN
    db.rollback()  # a fresh read: the views wrote in their own transactions
    assert db.scalars(select(LoginLink)).one().used_at is not None
    logged_out = client.post("/logout")
    assert logged_out.status_code == 302
    fresh = client.post("/family/login", data={"card": code, "pin": "2580"})
    assert fresh.status_code == 302 and fresh.headers["Location"] == "/me"
    again = client.post(path, headers=EN)  # used once: it opens nothing any more
    assert again.status_code == 410
    assert "This link does not work any more." in again.get_data(as_text=True)
    assert family.id


def test_an_expired_or_wrong_link_opens_nothing(client, db) -> None:
    _texting(db)
    client.post("/family/lost", data={"phone": "0470123456"})
    path = _link_from_outbox(db)
    link = db.scalars(select(LoginLink)).one()
    link.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
    assert client.post("/family/link/" + "A" * 43).status_code == 410
    assert client.get("/me").status_code == 302


def test_the_new_pin_page_is_only_right_after_a_link(client, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    client.post("/family/login", data={"card": code, "pin": PIN})
    response = client.post("/family/pin", data={"pin": "2580", "again": "2580"})
    assert response.status_code == 302 and response.headers["Location"] == "/me"
    with client.session_transaction() as session:
        session["pin_reset_until"] = int(time.time()) - 1
    assert client.get("/family/pin").status_code == 302


def test_asking_for_links_is_limited_per_number(app, db) -> None:
    app.config["LOGIN_LINK_LIMIT"] = "2 per hour"
    _texting(db)
    try:
        # One number, however it is written: another spelling gets no more texts.
        for written in ("0470123456", "+32 470 12 34 56"):
            answer = app.test_client().post("/family/lost", data={"phone": written})
            assert answer.status_code == 200
        again = app.test_client().post("/family/lost", data={"phone": "0032470123456"})
        assert again.status_code == 429
    finally:
        app.config["LOGIN_LINK_LIMIT"] = "3 per hour;6 per day"


def test_a_saved_phone_is_stored_as_e164(client, db) -> None:
    user = make_user(db, role="staff", language="en")
    db.commit()
    login_as(client, staff_id(user))
    client.post("/families/new", data={"display_name": "Nina", "phone": "0470 12 34 56"})
    assert db.scalars(select(Family.phone)).one() == "+32470123456"


# --- the desk reads the new QR -----------------------------------------------------------------


def test_the_desk_reads_the_card_link_on_every_scan_path(app, db) -> None:
    family, code = make_family(db, "Amira")
    user = make_user(db, role="volunteer")
    db.commit()
    link = cardcode.card_link("https://a-rather-long-host-name.spelotheek.example.be/c", code)
    desk = app.test_client()
    login_as(desk, staff_id(user))
    desk.post("/desk/scan", data={"code": link})  # a handheld scanner, without JavaScript
    with desk.session_transaction() as session:
        assert session[FAMILY_KEY] == family.id
    page = desk.get("/desk").get_data(as_text=True)
    assert 'maxlength="300"' in page  # a scanner typing the whole link is not cut short
    csrf = {"X-CSRFToken": page.split('data-csrf="')[1].split('"')[0]}
    # desk.js sends what the handheld scanner or the camera (desk-camera.js) read, as it is.
    answer = desk.post("/api/v1/desk/scan", json={"code": link}, headers=csrf).get_json()
    assert answer["signal"] == "ok" and answer["family"] == family.id
    old = desk.post(
        "/api/v1/desk/scan", json={"code": cardcode.format_code(code)}, headers=csrf
    ).get_json()
    assert old["signal"] == "ok" and old["family"] == family.id  # a printed older card


def test_loginlinks_never_keep_the_token(db) -> None:
    _texting(db)
    loginlinks.send_link(db, "+32470123456", utcnow(), lambda _f, token: f"t {token}", limits=())
    link = db.scalars(select(LoginLink)).one()
    body = db.scalars(select(Message)).one().body
    assert body.split()[1] not in link.token_hash


def test_a_phone_in_use_marks_when_it_was_last_seen_once_an_hour(client, db) -> None:
    family, code = make_family(db, with_pin=True)
    db.commit()
    _stay(client, code)
    device = db.scalars(select(FamilyDevice).where(FamilyDevice.family_id == family.id)).one()
    two_hours_ago = utcnow() - timedelta(hours=2)
    device.last_seen_at = two_hours_ago
    db.commit()
    assert client.get("/me").status_code == 200
    db.rollback()
    db.refresh(device)
    assert device.last_seen_at > two_hours_ago + timedelta(hours=1)
    marked = device.last_seen_at
    assert client.get("/me").status_code == 200
    db.rollback()
    db.refresh(device)
    assert device.last_seen_at == marked  # not written again within the hour

"""Every login and scan field takes any Unicode a keyboard, phone or scanner sends: a card code,
PIN, label or two-step code typed with an en dash, a Turkish 'İ' or Arabic-Indic digits reads
as the same code, and anything else is a plain refusal, never a 5xx."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

import pyotp
import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from spelotheek.auth import twofactor
from spelotheek.auth.services import create_api_token
from spelotheek.db import utcnow
from spelotheek.families import cardcode
from spelotheek.loans.models import Item
from tests.factories import PASSWORD, PIN, login_as, make_family, make_user, staff_id
from tests.loans.factories import item_of, make_toy
from tests.meetups.conftest import make_series

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# What was seen (en dash, Turkish İ, Arabic-Indic digits) and its relatives: other dashes and
# digits, marks that change the direction of text, NUL, ligatures that NFKC expands.
TRICKY = [
    "ABCD–EFGH",
    "İ",
    "İSTANBUL",
    "١٢٣٤",
    "۱۲۳۴",
    "12345²",
    "¹²³⁴⁵⁶",
    "①②③④",
    "\u202e1234",
    "\u200f",
    "\x00",
    "ﷺ" * 20,
    "ß" * 30,
    "\ufeff",
    "𝟏𝟐𝟑𝟒𝟓𝟔",
]
typed_text = st.text() | st.sampled_from(TRICKY) | st.text().map(lambda t: t * 300)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def app_settings() -> dict[str, object]:
    # The limits stay on (their keys are built from what was typed), but high enough that
    # every example reaches the code that reads the field.
    return {
        "WTF_CSRF_ENABLED": False,
        "LOGIN_LIMIT_ADDRESS": "100000 per minute",
        "LOGIN_LIMIT_ACCOUNT": "100000 per minute",
    }


def _office(app, db) -> tuple[FlaskClient, FlaskClient]:
    """A staff member logged in on the pages, and a desk device with a bearer token for the
    API. Commits, so that requests can write."""
    user = make_user(db, role="staff")
    pages, device = app.test_client(), app.test_client()
    login_as(pages, staff_id(user))
    device.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + create_api_token(db, None, user, "desk")
    db.commit()
    return pages, device


def _two_step_user(db):
    user = make_user(db, role="staff")
    secret = twofactor.new_secret()
    assert twofactor.enable(db, user, secret, pyotp.TOTP(secret).now(), utcnow())
    return user, secret


def _fields(app, db) -> list[tuple[str, Callable[[str], object]]]:
    """(name, send) for every login and scan field; send(text) makes one request with it."""
    family, code = make_family(db, "Typed", with_pin=True)
    label = item_of(make_toy(db, copies=1)).label
    user, _secret = _two_step_user(db)
    series = make_series(db, first_day=date(2026, 1, 3))
    db.commit()
    anonymous, pending, two_step = app.test_client(), app.test_client(), app.test_client()
    office, device = _office(app, db)
    login_as(two_step, staff_id(user))

    def second_step(text: str):
        with pending.session_transaction() as session:
            session["pending"] = {
                "uid": user.id,
                "ver": user.session_version,
                "at": int(time.time()),
                "next": "/",
            }
        return pending.post("/login/code", data={"code": text})

    def form(client: FlaskClient, path: str, field: str, **others: str):
        return lambda text: client.post(path, data={**others, field: text})

    def json(path: str, field: str, **others: str):
        return lambda text: device.post(path, json={**others, field: text})

    meeting = f"/meetups/{series.id}/2026-01-03/scan"
    return [
        ("family login: card", form(anonymous, "/family/login", "card", pin=PIN)),
        ("family login: PIN", form(anonymous, "/family/login", "pin", card=code)),
        ("staff login: e-mail", form(anonymous, "/login", "email", password="x")),
        ("second step: code", second_step),
        ("confirm: code", form(two_step, "/login/confirm", "code", password=PASSWORD)),
        ("two-step set-up: code", form(two_step, "/account/two-step", "code")),
        ("desk: scan", form(office, "/desk/scan", "code")),
        ("desk: parts check label", form(office, "/desk/return", "item")),
        ("desk: reserve by reference", form(office, "/desk/hold", "ref")),
        ("library card", form(office, f"/families/{family.id}/library-card", "number")),
        ("PIN at the office", form(office, f"/families/{family.id}/pin", "pin")),
        ("meeting: card scan", form(office, meeting, "scan-code")),
        ("API: desk scan", json("/api/v1/desk/scan", "code")),
        ("API: lend, card", json("/api/v1/loans", "card", item=label)),
        ("API: lend, label", json("/api/v1/loans", "item", card=code)),
        ("API: card lookup", lambda text: device.get("/api/v1/cards/" + text.replace("/", ""))),
    ]


def _no_5xx(name: str, send: Callable[[str], object]) -> Callable[[], None]:
    @FUZZ
    @given(text=typed_text)
    @example(text="ABCD–EFGH")
    @example(text="İSTANBUL")
    @example(text="١٢٣٤٥٦")
    @example(text="12345²")
    def check(text: str) -> None:
        response = send(text)
        assert response.status_code < 500, (name, text, response.status_code)

    return check


def test_every_login_and_scan_field_takes_any_text_without_a_5xx(app, db) -> None:
    failures = []
    for name, send in _fields(app, db):
        try:
            _no_5xx(name, send)()
        except AssertionError as error:
            failures.append(str(error)[:400])
    assert not failures, "\n".join(failures)


def _card_typed_on(code: str, dash: str = "–") -> str:
    """The card code as a phone with Arabic-Indic digits and an en dash keyboard types it."""
    return cardcode.format_code(code).replace("-", dash).translate(ARABIC_INDIC)


def test_a_card_and_pin_typed_with_arabic_indic_digits_and_dashes_log_in(client, db) -> None:
    _, code = make_family(db, "Nour", with_pin=True)
    db.commit()
    response = client.post(
        "/family/login",
        data={"card": _card_typed_on(code), "pin": " " + PIN.translate(ARABIC_INDIC)},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/me"


def test_a_turkish_keyboard_capital_i_reads_as_the_one_it_stands_for(client, db) -> None:
    for attempt in range(200):  # a code with a 1 in it, typed as İ (Turkish keyboard)
        family, code = make_family(db, f"Elif {attempt}", with_pin=True)
        if "1" in code:
            break
    db.commit()
    response = client.post("/family/login", data={"card": code.replace("1", "İ"), "pin": PIN})
    assert response.status_code == 302


def test_what_cannot_be_a_card_code_is_refused_in_plain_words(client, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    english = {"Accept-Language": "en"}
    shape = client.post("/family/login", data={"card": "İ–١", "pin": PIN}, headers=english)
    assert shape.status_code == 400
    assert "This is not a card code" in shape.data.decode()
    wrong = cardcode.ALPHABET[(cardcode.ALPHABET.index(code[3]) + 1) % 32]
    typo = client.post(
        "/family/login", data={"card": code[:3] + wrong + code[4:], "pin": PIN}, headers=english
    )
    assert typo.status_code == 400 and "typing error" in typo.data.decode()
    pin = client.post("/family/login", data={"card": code, "pin": "12a"}, headers=english)
    assert pin.status_code == 400 and "A PIN has 4, 5 or 6 digits." in pin.data.decode()


def test_the_desk_reads_a_card_and_a_label_typed_on_any_keyboard(app, db) -> None:
    family, code = make_family(db, "Aylin")
    toy = make_toy(db, copies=1)
    label = item_of(toy).label
    db.commit()
    _, desk = _office(app, db)
    opened = desk.post("/api/v1/desk/scan", json={"code": _card_typed_on(code, "—")})
    assert opened.status_code == 200 and opened.json["family"] == family.id
    typed_label = " " + label.lower().translate(ARABIC_INDIC)
    lent = desk.post("/api/v1/desk/scan", json={"code": typed_label, "family": family.id})
    assert lent.status_code == 200 and lent.json["code"] == "lent"
    db.expire_all()
    assert db.get(Item, item_of(toy).id).state == "on_loan"


def test_two_step_codes_in_any_script_work_and_odd_digits_are_refused(client, db) -> None:
    user, secret = _two_step_user(db)
    db.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    odd = client.post("/login/code", data={"code": "12345²"})  # isdigit(), not an ASCII digit
    assert odd.status_code == 400
    typed = pyotp.TOTP(secret).at(time.time() + 30).translate(ARABIC_INDIC)
    assert client.post("/login/code", data={"code": typed}).status_code == 302

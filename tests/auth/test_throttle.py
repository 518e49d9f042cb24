"""Tries at a secret are counted before they are checked, per client and per account (issue 18).

Races: 40 parallel wrong tries never check more than the limit. Lock-outs: a stranger who
guesses locks out strangers, not the owner's own phone; the desk unlocks a card in hand.
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from flask import Flask
from sqlalchemy import select

from spelotheek.audit import AuditEvent
from spelotheek.auth import rules, throttle, twofactor
from spelotheek.auth.models import User
from spelotheek.auth.passwords import verify_secret
from spelotheek.families import cardcode
from tests.factories import PASSWORD, PIN, login_as, make_family, make_user, staff_id

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
FIVE = rules.Limit(5, timedelta(minutes=15), backoff=timedelta(minutes=1))


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


# --- the rules -------------------------------------------------------------------------------


def test_limits_read_as_people_write_them() -> None:
    assert rules.parse_limit("5 per 15 minutes") == rules.Limit(5, timedelta(minutes=15))
    assert rules.parse_limit("20/hour").window == timedelta(hours=1)
    for wrong in ("", "five per minute", "0 per minute", "5 per fortnight"):
        with pytest.raises(ValueError):
            rules.parse_limit(wrong)


def test_a_try_is_counted_before_it_is_checked_and_refused_past_the_limit() -> None:
    tries = rules.Tries(NOW)
    for expected in range(1, 6):
        verdict = rules.admit(tries, FIVE, NOW)
        assert verdict.allowed and verdict.tries.attempts == expected
        tries = verdict.tries
    refused = rules.admit(tries, FIVE, NOW + timedelta(minutes=5))
    assert not refused.allowed and refused.wait == timedelta(minutes=10)
    assert rules.admit(tries, FIVE, NOW + timedelta(minutes=15)).allowed  # a new window


def test_wrong_tries_past_the_limit_double_the_wait_up_to_a_day() -> None:
    tries = rules.Tries(NOW)
    waits = []
    for _ in range(30):
        tries = rules.after_failure(tries, FIVE, NOW)
        waits.append(tries.blocked_until - NOW if tries.blocked_until else None)
    assert waits[:4] == [None] * 4
    assert waits[4:8] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert waits[-1] == rules.MAX_BACKOFF
    assert not rules.admit(tries, FIVE, NOW + timedelta(hours=23)).allowed
    forgiven = rules.after_success(tries, forgive=True)
    assert forgiven.failures == 0 and forgiven.blocked_until is None


def test_a_success_gives_its_try_back_without_forgiving_an_address() -> None:
    tries = rules.after_failure(rules.Tries(NOW, attempts=3, failures=2), FIVE, NOW)
    kept = rules.after_success(tries, forgive=False)
    assert kept.attempts == 2 and kept.failures == 3


# --- races -------------------------------------------------------------------------------------


def _in_parallel(app: Flask, count: int, request) -> list:
    """Send `count` requests at once, each from its own client; answers the responses."""
    start = threading.Barrier(count)
    responses: list = [None] * count

    def run(index: int) -> None:
        client = app.test_client()
        start.wait()
        responses[index] = request(client)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return responses


def test_forty_parallel_wrong_pins_check_no_more_than_the_limit(app, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    responses = _in_parallel(
        app, 40, lambda c: c.post("/family/login", data={"card": code, "pin": "0000"})
    )
    statuses = [r.status_code for r in responses]
    checked = statuses.count(400)  # a checked wrong PIN says "do not match" with 400
    assert checked <= 5 and statuses.count(429) == 40 - checked
    assert checked >= 1


def test_forty_parallel_wrong_passwords_check_no_more_than_the_limit(app, db) -> None:
    user = make_user(db)
    db.commit()
    data = {"email": user.email, "password": "not the password"}
    responses = _in_parallel(app, 40, lambda c: c.post("/login", data=data))
    statuses = [r.status_code for r in responses]
    assert statuses.count(400) <= 5 and statuses.count(429) >= 35


def test_the_count_is_kept_in_the_database_under_a_lock(app, db) -> None:
    check = throttle.Check("card:test", FIVE)
    with app.app_context():
        for _ in range(5):
            assert throttle.begin(db, [check], NOW).allowed
            db.commit()
        assert not throttle.begin(db, [check], NOW).allowed
    assert throttle.tries_for(db, "card:test").attempts == 5


# --- lock-outs -----------------------------------------------------------------------------


def _family_login(client, code: str, pin: str, address: str):
    return client.post(
        "/family/login",
        data={"card": code, "pin": pin},
        environ_base={"REMOTE_ADDR": address},
        headers={"Accept-Language": "en"},
    )


def test_a_stranger_guessing_does_not_lock_the_owner_out(app, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    stranger = app.test_client()
    for _ in range(7):
        _family_login(stranger, code, "0000", "203.0.113.9")
    assert _family_login(stranger, code, PIN, "203.0.113.9").status_code == 429
    owner = app.test_client()
    assert _family_login(owner, code, PIN, "198.51.100.20").status_code == 302


def test_many_strangers_lock_strangers_out_but_not_the_owners_own_phone(app, db) -> None:
    family, code = make_family(db, with_pin=True)
    db.commit()
    phone = app.test_client()
    assert _family_login(phone, code, PIN, "198.51.100.20").status_code == 302  # known from now
    phone.post("/logout")
    for n in range(25):  # a botnet: a new address for every try
        _family_login(app.test_client(), code, "0000", f"203.0.113.{n}")
    newcomer = _family_login(app.test_client(), code, PIN, "192.0.2.1")
    assert newcomer.status_code == 429 and "ask at the desk" in newcomer.text
    assert _family_login(phone, code, PIN, "198.51.100.77").status_code == 302


def test_the_desk_sees_a_card_with_many_wrong_tries_and_unlocks_it(app, db) -> None:
    family, code = make_family(db, with_pin=True)
    volunteer = make_user(db, role="volunteer", language="en")
    db.commit()
    for n in range(25):
        _family_login(app.test_client(), code, "0000", f"203.0.113.{n}")
    assert _family_login(app.test_client(), code, PIN, "192.0.2.1").status_code == 429
    desk = app.test_client()
    login_as(desk, staff_id(volunteer))
    desk.post("/desk/scan", data={"code": cardcode.format_code(code)})
    page = desk.get("/desk", headers={"Accept-Language": "en"}).text
    assert "wrong PIN for this card many times" in page
    desk.post("/desk/unlock-card")
    page = desk.get("/desk", headers={"Accept-Language": "en"}).text
    assert "wrong PIN for this card many times" not in page
    assert _family_login(app.test_client(), code, PIN, "192.0.2.1").status_code == 302
    unlocked = db.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == family.id))
    assert "card_unlocked" in list(unlocked)


def test_a_family_at_the_desk_with_few_wrong_tries_sees_no_warning(app, db) -> None:
    _, code = make_family(db, with_pin=True)
    volunteer = make_user(db, role="volunteer", language="en")
    db.commit()
    _family_login(app.test_client(), code, "0000", "203.0.113.1")
    desk = app.test_client()
    login_as(desk, staff_id(volunteer))
    desk.post("/desk/scan", data={"code": cardcode.format_code(code)})
    assert "many times" not in desk.get("/desk", headers={"Accept-Language": "en"}).text


def test_a_forged_known_device_cookie_counts_as_a_stranger(app, db) -> None:
    _, code = make_family(db, with_pin=True)
    db.commit()
    forger = app.test_client()
    forger.set_cookie("spelotheek_device", "eyJpZCI6IngiLCJhY2NvdW50cyI6W119.forged.sig")
    for _ in range(5):
        _family_login(forger, code, "0000", "203.0.113.9")
    assert _family_login(forger, code, PIN, "203.0.113.9").status_code == 429


def test_staff_accounts_are_throttled_per_client_too(app, db) -> None:
    user = make_user(db)
    db.commit()
    stranger = app.test_client()
    for _ in range(5):
        stranger.post(
            "/login",
            data={"email": user.email, "password": "nope nope nope"},
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
        )
    owner = app.test_client().post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.3"},
    )
    assert owner.status_code == 302


# --- two-step login and passwords ------------------------------------------------------------


def _with_two_step(db, role: str = "coordinator") -> tuple[User, str]:
    user = make_user(db, role=role, language="en")
    secret = twofactor.new_secret()
    twofactor.enable(db, user, secret, pyotp.TOTP(secret).at(NOW), NOW)
    db.commit()
    return user, secret


def _new_secret_on_page(client) -> str:
    page = client.get("/account/two-step").text
    return re.search(r'<code class="card-code">([A-Z2-7]+)</code>', page).group(1)


def test_replacing_the_two_step_secret_needs_the_password_and_a_current_code(client, db) -> None:
    user, secret = _with_two_step(db)
    login_as(client, staff_id(user))
    new = _new_secret_on_page(client)
    new_code = pyotp.TOTP(new).now()
    attempts = [
        {"code": new_code},
        {"code": new_code, "password": PASSWORD},
        {"code": new_code, "password": "wrong password", "current_code": pyotp.TOTP(secret).now()},
    ]
    for data in attempts:
        assert client.post("/account/two-step", data=data).status_code == 400
        db.rollback(), db.expire_all()  # a new snapshot: the app committed in between
        assert db.get(User, user.id).totp_secret == secret
    done = client.post(
        "/account/two-step",
        data={"code": new_code, "password": PASSWORD, "current_code": pyotp.TOTP(secret).now()},
    )
    assert done.status_code == 200 and "recovery" in done.text.lower()
    db.rollback(), db.expire_all()  # a new snapshot: the app committed in between
    assert db.get(User, user.id).totp_secret == new


def test_changing_the_password_needs_a_current_code_when_two_step_is_on(client, db) -> None:
    user, secret = _with_two_step(db)
    login_as(client, staff_id(user))
    data = {"current": PASSWORD, "new": "a new long password"}
    assert client.post("/account/password", data=data).status_code == 400
    db.rollback(), db.expire_all()  # a new snapshot: the app committed in between
    assert verify_secret(db.get(User, user.id).password_hash, PASSWORD)
    data["code"] = pyotp.TOTP(secret).now()
    assert client.post("/account/password", data=data).status_code == 302


def test_guessing_the_current_password_is_throttled(client, db) -> None:
    user = make_user(db, language="en")
    db.commit()
    login_as(client, staff_id(user))
    for _ in range(5):
        guess = {"current": "guess guess", "new": "x" * 12}
        response = client.post("/account/password", data=guess)
        assert response.status_code == 400
    right = {"current": PASSWORD, "new": "a new long password"}
    refused = client.post("/account/password", data=right)
    assert refused.status_code == 429 and "Too many tries" in refused.text
    db.rollback(), db.expire_all()  # a new snapshot: the app committed in between
    assert verify_secret(db.get(User, user.id).password_hash, PASSWORD)


def test_guessing_through_the_confirm_page_is_throttled(client, db) -> None:
    user = make_user(db, language="en")
    db.commit()
    login_as(client, staff_id(user))
    for _ in range(5):
        client.post("/login/confirm", data={"password": "guess guess"})
    assert client.post("/login/confirm", data={"password": PASSWORD}).status_code == 429


def test_throttle_keys_hold_no_card_code_or_e_mail(app, db) -> None:
    from spelotheek.auth.models import LoginThrottle

    user = make_user(db)
    _, code = make_family(db, with_pin=True)
    db.commit()
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": "nope nope nope"})
    client.post("/family/login", data={"card": code, "pin": "0000"})
    keys = " ".join(db.scalars(select(LoginThrottle.key)))
    assert keys and user.email not in keys and code not in keys and "127.0.0.1" not in keys


def test_a_family_whose_old_pin_is_now_called_weak_still_logs_in(client, db) -> None:
    from spelotheek.auth.passwords import hash_secret

    family, code = make_family(db, with_pin=True)
    family.pin_hash = hash_secret("1234")  # set before easy PINs were refused
    db.commit()
    assert client.post("/family/login", data={"card": code, "pin": "1234"}).status_code == 302

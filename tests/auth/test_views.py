"""Staff login, logout, session expiry and throttling through the client."""

from __future__ import annotations

import time

import pytest

from tests.factories import PASSWORD, login_as, make_user, staff_id


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _login(client, email: str, password: str = PASSWORD, next_url: str = ""):
    return client.post("/login", data={"email": email, "password": password, "next": next_url})


def test_login_starts_a_new_session_and_goes_to_next(client, db) -> None:
    user = make_user(db)
    db.commit()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = _login(client, user.email, next_url="/families/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/families/"
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == staff_id(user)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil", "javascript:x"]
)
def test_next_must_stay_on_the_site(client, db, target: str) -> None:
    user = make_user(db)
    db.commit()
    response = _login(client, user.email, next_url=target)
    assert response.headers["Location"] == "/desk"  # staff land on the desk


def test_a_wrong_password_says_so_plainly(client, db) -> None:
    user = make_user(db)
    db.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = _login(client, user.email, "wrong password")
    assert response.status_code == 400
    assert b"do not match an active account" in response.data


def test_login_page_uses_the_field_names_password_managers_expect(client) -> None:
    html = client.get("/login", headers={"Accept-Language": "en"}).data.decode()
    assert 'name="email"' in html and 'autocomplete="username"' in html
    assert 'name="password"' in html and 'autocomplete="current-password"' in html


def test_failed_logins_are_throttled_per_account_with_a_clear_message(client, db) -> None:
    user = make_user(db)
    db.commit()
    for _ in range(5):
        assert _login(client, user.email, "wrong password").status_code == 400
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert b"Too many tries" in response.data or b"Te veel pogingen" in response.data
    # another account from the same address is not locked out by this one
    other = make_user(db)
    db.commit()
    assert _login(client, other.email).status_code == 302


def test_logout_ends_every_copy_of_the_session(app, db) -> None:
    user = make_user(db)
    db.commit()
    first, copy = app.test_client(), app.test_client()
    _login(first, user.email)
    cookie = first.get_cookie("spelotheek")
    copy.set_cookie("spelotheek", cookie.value)
    assert copy.get("/families/").status_code == 200
    first.post("/logout")
    assert copy.get("/families/").status_code == 302


def test_session_cookie_flags(client, db) -> None:
    user = make_user(db)
    db.commit()
    response = _login(client, user.email)
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_secure_cookies_outside_debug() -> None:
    from spelotheek.config import load

    settings = load(
        {"SECRET_KEY": "x" * 32, "DATABASE_URL": "sqlite://", "BASE_URL": "https://example.org"}
    )
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_idle_staff_sessions_end_after_30_minutes(client, db) -> None:
    user = make_user(db)
    db.commit()
    login_as(client, staff_id(user))
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 31 * 60
    response = client.get("/families/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_sessions_end_after_12_hours_even_when_active(client, db) -> None:
    user = make_user(db)
    db.commit()
    login_as(client, staff_id(user))
    with client.session_transaction() as session:
        session["auth_at"] = int(time.time()) - 12 * 3600 - 1
    assert client.get("/families/").status_code == 302


def test_changing_the_password_ends_other_sessions(app, db) -> None:
    user = make_user(db)
    db.commit()
    mine, other = app.test_client(), app.test_client()
    _login(mine, user.email)
    _login(other, user.email)
    response = mine.post(
        "/account/password", data={"current": PASSWORD, "new": "a new long password"}
    )
    assert response.status_code == 302
    assert mine.get("/families/").status_code == 200
    assert other.get("/families/").status_code == 302

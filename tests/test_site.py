"""Site-wide behaviour: security headers, errors, health, languages."""

from __future__ import annotations

import pytest
from flask import Flask

from spelotheek import create_app
from spelotheek.config import MissingSecretKey
from spelotheek.settings import LANGUAGES
from tests.conftest import settings_for


@pytest.mark.parametrize(
    "path", ["/", "/privacy", "/login", "/nope", "/health", "/api/v1/openapi.json"]
)
def test_security_headers_on_every_response(client, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_with_personal_data_are_not_cached(client, db) -> None:
    from tests.factories import family_id, login_as, make_family

    assert client.get("/login").headers["Cache-Control"] == "no-store"
    family = make_family(db, "Cache")[0]
    db.commit()
    login_as(client, family_id(family))
    for path in ("/", "/me"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_no_asset_comes_from_another_site(client) -> None:
    import re

    html = client.get("/").data.decode()
    assets = re.findall(r'<(?:img|script)[^>]+src="([^"]+)"', html)
    assets += re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets)


def test_health_says_the_database_answers(client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_and_pages_say_503_when_the_database_is_gone(tmp_path) -> None:
    app = create_app(settings_for(f"sqlite:///{tmp_path}/missing/dir/db.sqlite"))
    client = app.test_client()
    health = client.get("/health")
    assert health.status_code == 503 and health.get_json()["database"] == "unreachable"
    page = client.get("/", headers={"Accept-Language": "en"})
    assert page.status_code == 503
    assert "not available for a moment" in page.data.decode()


def test_friendly_404_page_in_the_visitors_language(client) -> None:
    response = client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "We could not find this page." in response.data.decode()


def test_api_errors_are_json(client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert set(response.get_json()) == {"error", "message"}


def test_dutch_is_the_default_and_the_browser_language_is_used(client) -> None:
    assert 'lang="nl"' in client.get("/").data.decode()
    assert (
        'lang="fr"' in client.get("/", headers={"Accept-Language": "fr-BE,fr;q=0.9"}).data.decode()
    )


def test_a_chosen_language_wins_over_the_browser_and_arabic_is_right_to_left(client) -> None:
    client.get("/")
    token = _csrf(client)
    client.post("/language", data={"lang": "ar", "next": "/privacy", "csrf_token": token})
    html = client.get("/", headers={"Accept-Language": "en"}).data.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_the_language_switch_names_each_language_in_itself(client) -> None:
    html = client.get("/").data.decode()
    for code, info in LANGUAGES.items():
        assert f'lang="{code}"' in html and info["name"] in html


def test_language_switch_only_redirects_within_the_site(client) -> None:
    client.get("/")
    response = client.post(
        "/language",
        data={"lang": "en", "next": "https://evil.example/", "csrf_token": _csrf(client)},
    )
    assert response.headers["Location"] == "/"


def test_production_refuses_to_start_without_a_secret_key(monkeypatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SPELOTHEEK_DEMO", raising=False)
    with pytest.raises(MissingSecretKey):
        create_app({"DATABASE_URL": "sqlite://"})


def test_postgres_urls_use_psycopg_3(app: Flask) -> None:
    from spelotheek.config import normalise_database_url

    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path) -> None:
    from spelotheek.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path}/pragmas.sqlite")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()


def _csrf(client) -> str:
    import re

    html = client.get("/login").data.decode()  # a page with a form (public pages start no session)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_text_a_database_cannot_store_is_refused_plainly(client, db) -> None:
    from spelotheek.auth.services import create_api_token
    from tests.factories import make_user

    token = create_api_token(db, None, make_user(db, role="staff"))
    db.commit()
    headers = {"Accept-Language": "en", "Authorization": f"Bearer {token}"}
    for body in ({"display_name": "a\x00b"}, {"display_name": "\ud83d"}):
        response = client.post("/api/v1/families", json=body, headers=headers)
        assert response.status_code == 400
        assert response.get_json()["error"] == "invalid_characters"
    page = client.get("/?q=%00", headers={"Accept-Language": "en"})
    assert page.status_code == 400 and "cannot be saved" in page.get_data(as_text=True)


def test_absurd_page_numbers_do_not_crash(client) -> None:
    assert client.get("/api/v1/toys?page=176799339921638068982906880").status_code == 200
    assert client.get("/toys?page=99999999999999999999999").status_code == 200


def test_the_desk_pages_own_api_calls_answer_in_the_chosen_language(client, db) -> None:
    from tests.factories import login_as, make_user, staff_id

    login_as(client, staff_id(make_user(db, role="volunteer", language="ar")))
    db.commit()
    answer = client.get("/api/v1/cards/UNKNOWN-CODE", headers={"Accept-Language": "nl"})
    assert answer.status_code == 404
    english = client.get("/api/v1/cards/UNKNOWN-CODE", headers={"Accept-Language": "en"})
    assert answer.get_json()["message"] == english.get_json()["message"]  # not the browser's
    assert "We do not know this card" not in answer.get_json()["message"]  # Arabic, not English


def test_the_privacy_page_states_the_configured_retention_periods(app, client) -> None:
    app.config.update(
        RETENTION_LOANS_MONTHS=7,
        RETENTION_INACTIVE_FAMILY_MONTHS=30,
        RETENTION_NOTICE_MONTHS=3,
        RETENTION_PERINATAL_MONTHS=9,
        RETENTION_AUDIT_MONTHS=11,
    )
    page = client.get("/privacy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "7 months after you bring the toy back" in page
    assert "do not come for 30 months" in page and "3 months later" in page
    assert "9 months after the group ends" in page and "kept 11 months" in page


def test_the_privacy_page_says_what_is_shared_and_the_legal_limits(client) -> None:
    page = client.get("/privacy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "never pass on" not in page  # the old promise the law does not let us keep
    shared = page[page.index('id="shared"') : page.index('id="law"')]
    for words in ("you say yes first", "midwives of your group", "phone number and the text"):
        assert words in shared, words
    law = page[page.index('id="law"') :]
    for words in ("life or health is in serious danger", "A child in danger", "court orders"):
        assert words in law, words


def test_the_privacy_page_names_what_issue_21_keeps(app, client) -> None:
    from spelotheek.interpreters import rules as interpreter_rules
    from spelotheek.welcome import rules as welcome_rules

    app.config.update(RETENTION_MESSAGES_DAYS=45)
    page = client.get("/privacy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for words in ("stay logged in on your phone", "welcome buddy", "we only count how often"):
        assert words in page, words
    assert "is kept 45 days" in page
    # Buddy and interpreter requests share the one number the page names.
    assert welcome_rules.REQUEST_KEPT_DAYS == interpreter_rules.KEPT_DAYS
    assert f"deleted {welcome_rules.REQUEST_KEPT_DAYS} days after the date" in page

"""The Host header never reaches a page: absolute links come from BASE_URL, and in production a
request for an unknown host is refused (issue 18, item 11)."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from spelotheek import create_app
from spelotheek.config import BadBaseUrl, load
from spelotheek.groups import feeds, participants
from spelotheek.paths import ROOT
from tests.conftest import settings_for
from tests.factories import family_id, make_family, make_user, staff_id
from tests.groups.helpers import make_group
from tests.meetups.conftest import make_location, make_series

BASE = "https://spelotheek.example.be"
EVIL = "evil.example"
FORGED = {"Host": EVIL}


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"BASE_URL": BASE}


def _forged_client(app: Flask, who: str | None) -> FlaskClient:
    """A client whose session cookie and CSRF token belong to the forged host."""
    client = app.test_client()
    if who:
        now = int(time.time())
        with client.session_transaction(headers=FORGED) as session:
            session.update({"_user_id": who, "_fresh": True, "auth_at": now, "seen_at": now})
    return client


def _csrf(client: FlaskClient) -> dict[str, str]:
    # A page with a form: public pages start no session for an anonymous visitor.
    page = client.get("/topics/propose", headers=FORGED).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token
    return {"X-CSRFToken": token.group(1), **FORGED}


@pytest.fixture
def site(db) -> dict[str, object]:
    """A place with a meeting, a group with a participant and a private feed, a coordinator."""
    place = make_location(db)
    series = make_series(db, place, first_day=date.today() - timedelta(days=14))
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    family, _code = make_family(db, "Amira")
    enrolment, _ = participants.enrol(
        db,
        midwife.id,
        group,
        family,
        due_year=2030,
        due_month=7,
        consent=True,
        now=group.sessions[0].starts_at - timedelta(days=7),
    )
    token = feeds.new_feed_token(db, enrolment)
    coordinator = make_user(db, role="coordinator")
    db.commit()
    saturday = date.today() + timedelta(days=(5 - date.today().weekday()) % 7)
    return {
        "place": place.id,
        "series": series.id,
        "day": saturday.isoformat(),
        "enrolment": enrolment.id,
        "token": token,
        "family": family_id(family),
        "coordinator": staff_id(coordinator),
    }


def _link_pages(site: dict[str, object]) -> list[tuple[str | None, str, str, bool]]:
    """(who, method, path, writes an absolute link) of the pages where one could appear."""
    s, p, d = site["series"], site["place"], site["day"]
    return [
        (None, "GET", "/meetups.ics", True),
        (None, "GET", f"/meetups/{s}.ics", True),
        (None, "GET", f"/meetups/locations/{p}.ics", True),
        (None, "GET", f"/meetups/{s}/{d}/calendar.ics", True),
        (None, "GET", f"/meetups/{s}", True),  # webcal:// link
        (None, "GET", "/meetups/subscribe", True),
        (None, "GET", "/meetups/poster", True),
        (None, "GET", f"/meetups/poster?location={p}", True),
        (None, "GET", f"/groups/feed/{site['token']}.ics", False),  # UIDs name no host
        (site["family"], "POST", f"/me/groups/{site['enrolment']}/feed", True),  # a new link: last
        (None, "GET", "/api/v1/openapi.json", False),  # servers: a path on this host
    ]


def _assert_no_forged_host(response, where: str) -> None:
    assert response.status_code < 500, where
    assert EVIL not in response.get_data(as_text=True), where
    for name, value in response.headers.items():
        assert EVIL not in value, f"{where}: {name}"


def test_pages_with_links_ignore_a_forged_host(app: Flask, site) -> None:
    for who, method, path, writes_link in _link_pages(site):
        client = _forged_client(app, who)
        headers = _csrf(client) if method == "POST" else FORGED
        response = client.open(path, method=method, headers=headers)
        assert response.status_code == 200, path
        _assert_no_forged_host(response, path)
        # The links are still there, absolute, made from BASE_URL.
        assert ("spelotheek.example.be/" in response.get_data(as_text=True)) == writes_link, path


def test_the_api_receipt_link_ignores_a_forged_host(app: Flask) -> None:
    client = _forged_client(app, None)
    response = client.post("/api/v1/topics", json={"text": "Slapen"}, headers=_csrf(client))
    assert response.status_code == 201
    _assert_no_forged_host(response, "POST /api/v1/topics")
    assert response.get_json()["receipt_url"].startswith(f"{BASE}/topics/receipt/")


def test_redirects_made_by_the_framework_do_not_name_the_host(client) -> None:
    """A missing trailing slash: the framework's redirect used to be absolute, with the Host."""
    response = client.get("/families", headers=FORGED)
    assert response.status_code == 308
    assert response.headers["Location"] == "/families/"


def test_no_page_answers_with_a_forged_host(app: Flask, site) -> None:
    """Every page without parameters, for a visitor and for the coordinator."""
    paths = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.arguments and rule.endpoint != "static"
    )
    assert len(paths) > 30
    for who in (None, site["coordinator"]):
        for path in paths:
            client = _forged_client(app, who)
            _assert_no_forged_host(client.get(path, headers=FORGED), f"{who} {path}")


def test_absolute_links_are_made_only_from_base_url() -> None:
    """Code that builds a URL from the request's host would bring the problem back."""
    reflecting = re.compile(r"_external\s*=|host_url|url_root|request\.host\b|request\.url\b")
    found = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for folder in ("spelotheek", "templates")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in {".py", ".html", ".txt", ".ics"} and path.name != "hosts.py"
        for line in path.read_text(encoding="utf-8").splitlines()
        if reflecting.search(line)
    ]
    assert found == []


def _production(**extra: object) -> Flask:
    settings = {
        "SECRET_KEY": "x" * 32,
        "DATABASE_URL": "sqlite://",
        "SERVER_NAME": None,
        "BASE_URL": BASE + "/",
        **extra,
    }
    return create_app(settings)


def test_production_refuses_an_unknown_host_in_the_visitors_language() -> None:
    client = _production(ALLOWED_HOSTS=("www.spelotheek.example.be",)).test_client()
    refused = client.get("/privacy", headers={"Host": EVIL, "Accept-Language": "fr"})
    assert refused.status_code == 400
    assert "Quelque chose" in refused.get_data(as_text=True)
    _assert_no_forged_host(refused, "refused")
    api = client.get("/api/v1/openapi.json", headers=FORGED)
    assert api.status_code == 400 and api.get_json()["error"] == "bad_request"
    for host in ("spelotheek.example.be", "SPELOTHEEK.example.be:443", "www.spelotheek.example.be"):
        assert client.get("/privacy", headers={"Host": host}).status_code == 200, host
    # A load balancer's probe names the machine's address; it writes no link.
    assert client.get("/health", headers={"Host": "10.0.0.7:8000"}).status_code in (200, 503)


def test_production_needs_its_address(monkeypatch) -> None:
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.delenv("SPELOTHEEK_DEMO", raising=False)
    production = {"SECRET_KEY": "x" * 32, "DATABASE_URL": "sqlite://"}
    with pytest.raises(BadBaseUrl, match="BASE_URL is not set"):
        load(production)
    for wrong in ("spelotheek.example.be", "ftp://x.example", "https://x.example/spelotheek"):
        with pytest.raises(BadBaseUrl):
            load({**production, "BASE_URL": wrong})
    assert load({**production, "BASE_URL": "https://X.example/"})["BASE_URL"] == "https://x.example"
    monkeypatch.setenv("BASE_URL", "https://spelotheek.example.be")
    monkeypatch.setenv("ALLOWED_HOSTS", "www.spelotheek.example.be, Old.example")
    assert load(production)["HOSTS_SERVED"] == (
        "spelotheek.example.be",
        "www.spelotheek.example.be",
        "old.example",
    )


def test_demo_and_development_answer_any_host_and_link_to_make_run(monkeypatch) -> None:
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    settings = load({"DEMO": True, "DATABASE_URL": "sqlite://"})
    assert settings["BASE_URL"] == "http://127.0.0.1:5000" and settings["HOSTS_SERVED"] is None
    monkeypatch.setenv("PORT", "8000")  # make run PORT=8000
    assert load({"DEBUG": True, "DATABASE_URL": "sqlite://"})["BASE_URL"].endswith(":8000")
    app = create_app(settings_for("sqlite://", BASE_URL=None, TESTING=False, DEMO=True))
    assert app.test_client().get("/privacy", headers={"Host": "127.0.0.1:5000"}).status_code == 200

"""What is refused at the door: JSON nested deeper than any of ours (a 400 problem, RFC 9457,
on every route that takes a body, before anything parses it — never a RecursionError and a
500), JSON sent to a page, numbers no database column holds, text no database stores."""

from __future__ import annotations

import json

import pytest

from spelotheek.auth.roles import Role
from spelotheek.inputs import MAX_JSON_DEPTH
from tests.factories import login_as, make_family, make_user, staff_id
from tests.walk import WRITES, Visitors, routes, url_of

DEEP = "[" * 10_000 + "]" * 10_000
PROBLEM_KEYS = {"type", "title", "status", "detail", "error", "message"}


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"REQUIRE_TWO_STEP_ROLES": ()}  # CSRF stays on: the refusal comes before it


def _visitors(app, db) -> Visitors:
    users = {role: make_user(db, role=role) for role in Role}
    family, _ = make_family(db, "Deep")
    return Visitors.for_accounts(app, db, users, family)


def _assert_problem(response, where: str) -> dict:
    assert response.status_code == 400, (where, response.status_code, response.data[:200])
    assert response.content_type == "application/problem+json", where
    body = json.loads(response.data)
    assert set(body) >= PROBLEM_KEYS, where
    assert body["status"] == 400 and body["error"] == "json_too_deep", where
    assert body["detail"] == body["message"] and body["title"], where
    return body


def test_every_route_that_takes_a_body_refuses_deep_json_as_a_problem(app, db) -> None:
    visitors = _visitors(app, db)
    walked = 0
    for route in routes(app):
        if route.method not in WRITES:
            continue
        response = visitors.send(
            route, url_of(route.rule, {}), data=DEEP, content_type="application/json"
        )
        _assert_problem(response, str(route))
        walked += 1
    assert walked > 80  # the walk reached the site's forms and the API


@pytest.mark.parametrize("content_type", ["application/json", "application/merge-patch+json"])
def test_deep_json_from_a_browser_session_is_refused_before_the_csrf_check(
    app, db, content_type: str
) -> None:
    visitors = _visitors(app, db)
    for path in ("/api/v1/families", "/families/new"):
        client = app.test_client()  # a staff member's browser: a session, no CSRF token
        login_as(client, visitors.identities[Role.STAFF])
        response = client.post(path, data=DEEP, content_type=content_type)
        _assert_problem(response, path)


def test_the_limit_is_counted_in_levels_and_strings_do_not_count(app, db) -> None:
    visitors = _visitors(app, db)
    route = next(r for r in routes(app) if r.rule.endpoint == "api.propose_topic")
    url = url_of(route.rule, {})

    def nested(levels: int) -> str:
        return '{"text": "' + "[" * 100 + '", "x": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"

    within = visitors.send(route, url, data=nested(MAX_JSON_DEPTH), content_type="application/json")
    assert within.status_code != 400 or within.json["error"] != "json_too_deep"
    beyond = nested(MAX_JSON_DEPTH + 1)
    _assert_problem(visitors.send(route, url, data=beyond, content_type="application/json"), url)
    # Also when the body comes as bytes in another encoding JSON allows.
    utf16 = beyond.encode("utf-16")
    _assert_problem(visitors.send(route, url, data=utf16, content_type="application/json"), url)


@pytest.mark.parametrize("body", ['"just a string"', "[1, 2]", '{"display_name": {"a": 1}}'])
def test_json_sent_to_a_page_is_refused_plainly(app, db, body: str) -> None:
    # Flask-WTF would take any JSON value as a page form's fields; the pages read forms only.
    visitors = _visitors(app, db)
    route = next(
        r for r in routes(app) if r.rule.endpoint == "families.create" and r.method == "POST"
    )
    response = visitors.send(
        route, url_of(route.rule, {}), data=body, content_type="application/json"
    )
    assert response.status_code == 415 and response.content_type == "application/problem+json"
    assert json.loads(response.data)["error"] == "form_expected"


@pytest.mark.parametrize("number", ["99999999999999999999999", "-2147483649", "1e999", "NaN"])
def test_json_numbers_a_database_cannot_hold_are_refused(app, db, number: str) -> None:
    visitors = _visitors(app, db)
    route = next(r for r in routes(app) if r.rule.endpoint == "api.desk_scan")
    body = '{"code": "x", "family": ' + number + "}"
    response = visitors.send(
        route, url_of(route.rule, {}), data=body, content_type="application/json"
    )
    assert response.status_code == 400 and response.json["error"] == "number_out_of_range"


def test_every_value_of_a_repeated_field_is_checked(client) -> None:
    response = client.get("/toys?q=blocks&q=%00", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "cannot be saved" in response.data.decode()


@pytest.mark.parametrize("digits", ["9" * 400, "-" + "9" * 101, " " + "1" * 5000])
def test_a_typed_number_no_one_means_is_refused_plainly(client, db, digits: str) -> None:
    # WTForms makes it an int that NumberRange compares as a float: an OverflowError, a 500.
    coordinator = make_user(db, role="coordinator")
    db.commit()
    login_as(client, staff_id(coordinator))
    response = client.post(
        "/network/manage/rights/new",
        data={"income_under": digits, "child_under": digits},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "too large" in response.data.decode()


def test_long_texts_with_digits_in_them_still_go_through(client) -> None:
    number_like = "1" * 100
    response = client.get(f"/toys?q={number_like}", headers={"Accept-Language": "en"})
    assert response.status_code == 200

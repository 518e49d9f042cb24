"""The authorisation matrix: every route × every kind of visitor.

A new route fails here until it declares who may use it; a declared route must let its
principals in and keep everyone else out.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from spelotheek.auth.access import declared_access
from spelotheek.auth.roles import ANONYMOUS, FAMILY, PRINCIPALS
from tests.factories import family_id, login_as, make_family, make_user, staff_id

# Routes that end the session they run in are requested last so they do not spoil others.
SAMPLE_VALUES = {"int": "999999", "string": "0000", "path": "x"}
LOGIN_PATHS = ("/login", "/family/login")
SESSION_ENDERS = ("families_portal.erase_me", "auth.logout")


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _sample_url(rule) -> str:
    url = rule.rule
    for converter, name in re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule.rule):
        value = SAMPLE_VALUES.get(converter or "string", "1")
        url = re.sub(rf"<[^>]*\b{name}>", value, url)
    return url


def _routes(app: Flask):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_declares_its_access(app: Flask) -> None:
    with app.app_context():
        missing = [r.endpoint for r, _ in _routes(app) if declared_access(r.endpoint) is None]
    assert missing == []


def test_every_declaration_names_known_principals(app: Flask) -> None:
    with app.app_context():
        for rule, _ in _routes(app):
            assert declared_access(rule.endpoint) <= set(PRINCIPALS), rule.endpoint


def _identities(db) -> dict[str, str | None]:
    identities: dict[str, str | None] = {ANONYMOUS: None}
    for role in PRINCIPALS:
        if role not in (ANONYMOUS, FAMILY):
            identities[role] = staff_id(make_user(db, role=role))
    family, _ = make_family(db, "Matrix")
    identities[FAMILY] = family_id(family)
    db.commit()
    return identities


def test_matrix(app: Flask, db) -> None:
    identities = _identities(db)
    with app.app_context():
        routes = [(r, m, declared_access(r.endpoint)) for r, m in _routes(app)]
    # Logging out and erasing oneself end the session; run them last for each principal.
    routes.sort(
        key=lambda item: (
            SESSION_ENDERS.index(item[0].endpoint) + 1 if item[0].endpoint in SESSION_ENDERS else 0
        )
    )
    problems = []
    for principal, identity in identities.items():
        client = app.test_client()
        for rule, method, allowed in routes:
            if identity:
                login_as(client, identity)
            response = client.open(_sample_url(rule), method=method)
            location = response.headers.get("Location", "")
            # The access check sends anonymous visitors to a login page with ?next=.
            refused = response.status_code in (401, 403) or (
                response.status_code == 302
                and location.startswith(LOGIN_PATHS)
                and "next=" in location
            )
            if principal in allowed and refused:
                problems.append(f"{principal} refused on {method} {rule.rule}")
            if principal not in allowed and not refused:
                problems.append(
                    f"{principal} let in on {method} {rule.rule} ({response.status_code})"
                )
            if principal not in allowed and principal != ANONYMOUS and response.status_code != 403:
                problems.append(
                    f"{principal} on {method} {rule.rule}: {response.status_code}, not 403"
                )
    assert not problems, "\n".join(problems)


def test_refusals_are_audited_without_personal_content(app: Flask, db) -> None:
    from sqlalchemy import select

    from spelotheek.audit import AuditEvent

    volunteer = make_user(db, role="volunteer", name="Vera Volunteer")
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(volunteer))
    assert client.get("/families/").status_code == 403
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "permission_denied")).one()
    assert event.actor_id == volunteer.id
    assert "Vera" not in event.detail and "families.index" in event.detail

"""Every state-changing route refuses a browser request without a CSRF token."""

from __future__ import annotations

from flask import Flask

from spelotheek.auth.access import declared_access
from spelotheek.auth.roles import ANONYMOUS, FAMILY
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.test_authorisation import _sample_url

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# The language switch takes an anonymous visitor's choice without a token (no session, so public
# pages stay cacheable: see spelotheek/caching.py); a signed-in choice is stored and checked.
TOKEN_ONLY_WHEN_SIGNED_IN = {"main.choose_language"}
# The message provider's server calls these: no cookie and no session, so nothing to forge; each
# call carries an HMAC signature instead (tests/messages/test_callbacks.py), refused without it.
SIGNED_BY_THE_CALLER = {"messages_api.delivery", "messages_api.inbound"}


def _principal_identity(db, principal: str) -> str | None:
    if principal == ANONYMOUS:
        return None
    if principal == FAMILY:
        return family_id(make_family(db, "Csrf")[0])
    return staff_id(make_user(db, role=principal))


def test_every_write_without_a_token_is_refused(app: Flask, db) -> None:
    with app.app_context():
        writes = [
            (rule, method, declared_access(rule.endpoint))
            for rule in app.url_map.iter_rules()
            for method in (rule.methods or set()) & WRITE_METHODS
        ]
    assert writes, "the site has state-changing routes"
    identities: dict[str, str | None] = {}
    problems = []
    for rule, method, allowed in writes:
        # Ask as someone who is allowed, so the refusal can only come from the missing token.
        if rule.endpoint in TOKEN_ONLY_WHEN_SIGNED_IN:
            allowed = allowed - {ANONYMOUS}
        principal = sorted(allowed)[0]
        if principal not in identities:
            identities[principal] = _principal_identity(db, principal)
            db.commit()
        client = app.test_client()
        if identities[principal]:
            login_as(client, identities[principal])
        response = client.open(_sample_url(rule), method=method, data={"x": "1"})
        if rule.endpoint in SIGNED_BY_THE_CALLER:
            if response.status_code not in (401, 404):  # unsigned (404: no secret set)
                problems.append(f"{method} {rule.rule} unsigned: {response.status_code}")
            continue
        if response.status_code != 400:
            problems.append(f"{method} {rule.rule} as {principal}: {response.status_code}")
    assert not problems, "\n".join(problems)

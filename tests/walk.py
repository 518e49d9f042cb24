"""Walking every route of the site as a visitor allowed on it (for the input fuzz tests)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from spelotheek.auth.access import declared_access
from spelotheek.auth.roles import ANONYMOUS, EVERYONE, FAMILY, Role
from spelotheek.auth.services import create_api_token
from tests.factories import family_id, login_as, staff_id

WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Who walks a route that several may use: the widest view first; pages for everyone are
# walked as a visitor who is not logged in, as most people meet them.
PREFERENCE = (
    Role.COORDINATOR,
    Role.STAFF,
    Role.VOLUNTEER,
    Role.FACILITATOR,
    Role.PARTNER,
    FAMILY,
    ANONYMOUS,
)
# Routes that end the session or erase the visitor: walked last, so they spoil nothing.
LAST = (
    "families_portal.erase_me",
    "auth.logout",
    "families.erase",
    "api.erase_family",
    "groups.withdraw",
    "groups.stop",
)
_PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    """One rule and method, and who walks it."""

    rule: Rule
    method: str
    principal: str

    @property
    def api(self) -> bool:
        return self.rule.rule.startswith("/api/")

    def __str__(self) -> str:
        return f"{self.method} {self.rule.rule} as {self.principal}"


def routes(app: Flask) -> list[Route]:
    """Every route and method but static files, each with the principal that walks it."""
    found = []
    with app.app_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            allowed = declared_access(rule.endpoint) or frozenset()
            if allowed == EVERYONE and not rule.rule.startswith("/api/"):
                principal = ANONYMOUS
            else:
                principal = next(str(p) for p in PREFERENCE if str(p) in allowed)
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append(Route(rule, method, principal))
    found.sort(key=lambda r: r.rule.endpoint in LAST)
    return found


def url_of(rule: Rule, values: dict[str, str]) -> str:
    """The rule's URL with each parameter taken from `values` (a number when unknown)."""
    url = rule.rule
    for converter, name in _PARAMETER.findall(rule.rule):
        default = "1" if converter == "int" else "x"
        url = re.sub(rf"<[^>]*\b{name}>", values.get(name, default), url)
    return url


@dataclass
class Visitors:
    """One logged-in identity per principal (staff by role, a family, a device token)."""

    app: Flask
    identities: dict[str, str | None]
    token: str
    _addresses: Iterator[int] = field(default_factory=itertools.count)

    @classmethod
    def for_accounts(cls, app: Flask, db: Session, users: dict[str, object], family) -> Visitors:
        """Visitors for these accounts (role → user) and family; commits."""
        identities: dict[str, str | None] = {ANONYMOUS: None, FAMILY: family_id(family)}
        identities.update({role: staff_id(user) for role, user in users.items()})
        token = create_api_token(db, None, users[Role.COORDINATOR], "fuzz")
        db.commit()
        return cls(app, identities, token)

    def send(self, route: Route, url: str, **request: object) -> TestResponse:
        """One request as the route's principal (a bearer token for the API), from a fresh
        address each time so the per-address limits do not hide what comes after them."""
        client: FlaskClient = self.app.test_client()
        headers = dict(request.pop("headers", None) or {})  # type: ignore[call-overload]
        if route.api and route.principal != ANONYMOUS:
            headers["Authorization"] = f"Bearer {self.token}"
        elif self.identities[route.principal]:
            login_as(client, self.identities[route.principal])
        n = next(self._addresses)
        environ = {"REMOTE_ADDR": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"}
        return client.open(
            url, method=route.method, headers=headers, environ_overrides=environ, **request
        )

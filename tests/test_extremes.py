"""Numbers and dates a visitor chooses, at their extremes, in every address, query and form:
never a 5xx, never a long wait (issue 18, item 2).

The routes come from the URL map and the query names from the code that reads them, so a new
route or a new `request.args` is probed without anyone adding it here.
"""

from __future__ import annotations

import inspect
import re
import time
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask

from spelotheek.auth.access import declared_access
from spelotheek.auth.roles import FAMILY
from spelotheek.meetups.views import today
from spelotheek.urls import record_id
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.groups.helpers import make_group
from tests.loans.factories import make_toy
from tests.meetups.conftest import make_series

SOURCE = Path(__file__).resolve().parents[1] / "spelotheek"
DAYS = ["0001-01-01", "9999-12-31", "9999-01-01", "0000-00-00", "-1", "٢٠٢٦-١٢-٠٦"]
NUMBERS = ["0", "-1", str(2**31), str(10**12), str(2**63), str(10**30), "²", "1e308"]
MONTHS = ["9999-12", "0001-01", "0000-01", "10000-01"]
ALONE = ["9999-12-31", "0001-01-01", "9999-12", str(10**30), "-1"]
SLOW = 1.0  # seconds of CPU for one request (not the wall clock of a shared test machine)
SESSION_ENDERS = {"static", "auth.logout", "families_portal.erase_me", "families.erase"}


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


def query_names() -> set[str]:
    """Every query-string name the code reads (request.args and the helpers that wrap it)."""
    found = set()
    pattern = re.compile(r"(?:args\.get(?:list)?|_day_arg|_int_arg)\(\s*\"(\w+)\"")
    for path in SOURCE.rglob("*.py"):
        found |= set(pattern.findall(path.read_text()))
    return found | {"limit", "offset", "year", "month", "size"}


def test_the_query_names_are_found_in_the_code() -> None:
    assert {"from", "to", "week", "page", "per_page", "location", "toy", "item"} <= query_names()


def _data(db) -> dict[str, object]:
    """One of each thing an address can name, so detail pages get past their 404."""
    now = today()
    series = make_series(db, first_day=now - timedelta(days=70))
    toy = make_toy(db)
    family, _code = make_family(db, "Extreme")
    group = make_group(db, [make_user(db, role="facilitator")], first_day=now + timedelta(days=7))
    db.commit()
    return {
        "series_id": series.id,
        "location_id": series.location_id,
        "toy_id": toy.id,
        "family_id": family.id,
        "group_id": group.id,
        "session_id": group.sessions[0].id,
        "day": (now - timedelta(days=(now.weekday() - 5) % 7)).isoformat(),  # a Saturday
    }


def _get_routes(app: Flask):
    with app.app_context():
        for rule in app.url_map.iter_rules():
            if "GET" in (rule.methods or set()) and rule.endpoint not in SESSION_ENDERS:
                yield rule, declared_access(rule.endpoint) or set()


def _paths(rule, ids: dict[str, object]) -> list[str]:
    """The rule with real ids, then with extreme ones, then with far or odd days and words."""
    names = re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule.rule)
    if not names:
        return [rule.rule]

    def fill(number: str, word: str) -> str:
        url = rule.rule
        for converter, name in names:
            value = (str(ids.get(name, 1)) if number == "id" else number) if converter else word
            url = re.sub(rf"<[^>]*\b{name}>", value, url)
        return url

    paths = [fill("id", word) for word in [str(ids["day"]), *DAYS]]
    paths += [fill(number, "2026-12-05") for number in ("0", str(2**31 - 1))]
    return list(dict.fromkeys(paths))


def _module_source(app: Flask, endpoint: str) -> str:
    return inspect.getsource(inspect.getmodule(app.view_functions[endpoint]))


def _timed(client, url: str, method: str, **kwargs):
    """The answer and the CPU time of this thread (not a browser test's server thread)."""
    started = time.thread_time()
    answer = client.open(url, method=method, **kwargs)
    return answer, time.thread_time() - started


def _check(client, url: str, problems: list[str], method: str = "GET", **kwargs) -> None:
    answer, took = _timed(client, url, method, **kwargs)
    if took > SLOW:
        # A stall comes back every time; a pause of Python's collector in a worker that has
        # run a thousand tests (seen: 1.01 s on a 403) does not.
        answer, took = _timed(client, url, method, **kwargs)
    if answer.status_code >= 500 or took > SLOW:
        problems.append(f"{method} {url}: {answer.status_code} in {took:.2f} s")


def test_extreme_values_in_addresses_and_queries_never_crash_or_stall(app, db) -> None:
    ids = _data(db)
    coordinator = staff_id(make_user(db, role="coordinator"))
    family = family_id(make_family(db, "Probe")[0])
    db.commit()
    names = sorted(query_names())
    problems: list[str] = []
    for rule, allowed in _get_routes(app):
        client = app.test_client()
        who = family if FAMILY in allowed and "coordinator" not in allowed else coordinator
        login_as(client, who)
        for path in _paths(rule, ids):
            _check(client, path, problems)
        if "<" in rule.rule:
            continue  # detail pages: their numbers are in the path
        for value in [*DAYS, *NUMBERS, *MONTHS]:
            _check(client, rule.rule, problems, query_string={n: value for n in names})
        # One name at a time too (a refusal of one must not hide a crash on another), for
        # the names the view's own module reads.
        for name in [n for n in names if f'"{n}"' in _module_source(app, rule.endpoint)]:
            for value in ALONE:
                _check(client, rule.rule, problems, query_string={name: value})
    assert not problems, "\n".join(problems)


class _Forms(HTMLParser):
    """The POST forms of a page: action and fields with their values and input types."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action"), "post": a.get("method") == "post"}
            self._form |= {"fields": {}, "types": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea") and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form["fields"].setdefault(a["name"], "")
            else:
                self._form["fields"][a["name"]] = a.get("value") or ""
            self._form["types"][a["name"]] = kind
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and not self._form["fields"].get(self._select):
            self._form["fields"][self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


TYPED = {"date": DAYS, "number": NUMBERS, "month": MONTHS, "week": ["9999-W52", "0001-W01"]}


def test_extreme_dates_and_numbers_in_every_form_never_crash_or_stall(app, db) -> None:
    """Every form a coordinator (or a family) is shown, each date or number field at its
    extremes in turn."""
    ids = _data(db)
    coordinator = staff_id(make_user(db, role="coordinator"))
    family = family_id(make_family(db, "Probe")[0])
    db.commit()
    client = app.test_client()
    forms: dict[str, tuple[str, dict]] = {}  # every page is read first: a post may change one
    for rule, allowed in _get_routes(app):
        who = family if FAMILY in allowed and "coordinator" not in allowed else coordinator
        login_as(client, who)
        url = _paths(rule, ids)[0]
        page = client.get(url)
        if page.status_code != 200 or "html" not in page.content_type:
            continue
        parser = _Forms()
        parser.feed(page.get_data(as_text=True))
        for form in (f for f in parser.forms if f["post"]):
            action = form["action"] or url
            if not any(part in action for part in ("/logout", "/erase", "/language")):
                forms.setdefault(action, (who, form))
    problems: list[str] = []
    seen: set[str] = set()
    for action, (who, form) in forms.items():
        for field, kind in form["types"].items():
            for value in TYPED.get(kind, []):
                login_as(client, who)
                data = form["fields"] | {field: value}
                _check(client, action, problems, method="POST", data=data)
                seen.add(action)
    assert len(seen) > 10, sorted(seen)
    assert not problems, "\n".join(problems)


def _schema(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _bodies(document: dict, schema: dict, card: str):
    """Plausible JSON bodies (each value of each enum in turn, so every branch is reached),
    each with one integer field (nested ones too) beyond what a database column holds."""
    props = {
        k: _schema(document, v) for k, v in _schema(document, schema).get("properties", {}).items()
    }
    base: dict[str, object] = {}
    for name, prop in props.items():
        plain = {"integer": 1, "string": card, "array": [], "boolean": False}.get(prop.get("type"))
        base[name] = prop.get("enum", [plain])[0]
    variants = [base] + [base | {k: e} for k, p in props.items() for e in p.get("enum", [])[1:]]
    for body in variants:
        for name, prop in props.items():
            for big in (2**31, 2**63, 10**30, -(2**63) - 1):
                if prop.get("type") == "integer":
                    yield body | {name: big}
                elif prop.get("type") == "array":
                    inner = _schema(document, prop.get("items", {})).get("properties", {})
                    if any(v.get("type") == "integer" for v in inner.values()):
                        entry = {
                            k: big if v.get("type") == "integer" else card for k, v in inner.items()
                        }
                        yield body | {name: [entry]}


def test_numbers_beyond_a_database_column_in_json_bodies_are_no_crash(app, db) -> None:
    """Every JSON operation of the API document, each integer field too large for a column."""
    from spelotheek.auth.services import create_api_token

    coordinator = make_user(db, role="coordinator")
    _family, card = make_family(db, "Json")
    make_toy(db)
    token = create_api_token(db, None, coordinator, "extremes")
    db.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    document = client.get("/api/v1/openapi.json").get_json()
    problems: list[str] = []
    sent = 0
    for path, operations in document["paths"].items():
        url = "/api/v1" + re.sub(r"\{[^}]+\}", "1", path)
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            for body in _bodies(document, content["application/json"]["schema"], card):
                _check(client, url, problems, method=method.upper(), json=body, headers=headers)
                sent += 1
    assert sent > 10
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("42", 42), (str(2**31 - 1), 2**31 - 1), (str(2**31), None), ("0", None), ("-1", None)]
    + [("²", None), ("٣", None), ("9" * 5000, None), ("", None), (None, None)],
)
def test_an_id_from_the_query_string_fits_the_database(text: str | None, expected) -> None:
    assert record_id(text) == expected

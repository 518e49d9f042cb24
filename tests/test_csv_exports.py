"""Every CSV the site writes neutralises formula cells (OWASP's CSV injection rule).

One test plants hostile text in every field a person can set that an export shows, then
downloads every CSV route of the app; a CSV route this test does not know fails it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from spelotheek import audit, csvfile
from spelotheek.auth.models import User
from spelotheek.cli import main
from spelotheek.groups import services as group_services
from spelotheek.loans import catalogue
from spelotheek.loans.models import Toy
from spelotheek.reach.models import ReferenceFigure
from spelotheek.signals.models import Signal
from spelotheek.topics.models import Topic
from tests.factories import login_as, make_user, staff_id
from tests.groups.helpers import make_group, make_location
from tests.loans.factories import make_toy

HOSTILE = ('=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(1)", "\t=1", "\r=1")
# Every CSV route this test plants hostile text for, with the query that shows it.
CSV_ROUTES = {
    "/toys/export.csv": "",
    "/topics/export.csv": "",
    "/signals.csv": "",
    "/audit/export.csv": "",
    "/groups/access-log.csv": "",
    "/reach/export.csv": "from=2026-01&to=2026-06&service=loans&by=household",
}
NUMBER = re.compile(r"-?\d+(\.\d+)?")
TOY = {"name": "Ref", "min_age_months": 0, "max_age_months": 96, "min_players": 1, "max_players": 1}
SAMPLE_VALUES = {"int": "999999", "string": "0000", "path": "x"}


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _dangerous(cell: str) -> bool:
    """Whether a spreadsheet could read the cell as a formula: OWASP's quote in front and a
    plain number are safe; leading spaces, quotes or invisible characters hide nothing."""
    if cell.startswith("'") or NUMBER.fullmatch(cell):
        return False
    stripped = cell.lstrip(' \t\r\n"\u200b\ufeff')
    return cell[:1] in ("\t", "\r", "\n") or stripped[:1] in ("=", "+", "-", "@")


def _plant(db) -> User:
    """Hostile text in every field people fill in that one of the CSV files shows."""
    coordinator = make_user(db, role="coordinator", language="en")
    for n, text in enumerate(HOSTILE):
        make_toy(db, name=text, description=text, tags=text, parts=[(text, 2)])
        catalogue.save_toy(db, None, None, TOY, [], ref=f"{text.strip()[:18].upper()}{n}")
        db.add(
            Topic(
                text=text,
                summary=text,
                status="discussed",
                note_talked=text,
                note_found=text,
                note_next=text,
            )
        )
        db.add(
            Signal(
                title=text,
                outcome=text,
                level="authority",
                authority=text,
                status="open",
                first_seen_on=date(2026, 1, 5),
            )
        )
        db.add(
            ReferenceFigure(
                label=text,
                dimension="household",
                category="one_adult",
                share_percent=20.0,
                source=text,
                year=2025,
            )
        )
        midwife = make_user(db, role="facilitator", name=text)
        group = make_group(db, [midwife], name=text, location=make_location(db, f"Place {n}"))
        for action in group_services.ACCESS_ACTIONS:
            audit.record(
                db,
                action,
                actor_id=midwife.id,
                subject_type="group",
                subject_id=group.id,
                detail=text,
                at=datetime(2026, 2, 1, tzinfo=UTC),
            )
        audit.record(db, "reason_given", actor_id=coordinator.id, detail=text)
    db.commit()
    return coordinator


def _sample_url(rule) -> str:
    url = rule.rule
    for converter, name in re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule.rule):
        url = re.sub(rf"<[^>]*\b{name}>", SAMPLE_VALUES.get(converter or "string", "1"), url)
    return url


def _csv_routes(app: Flask, client, identity: str) -> set[str]:
    """Rules named *.csv, and every GET route that answers the coordinator with text/csv."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in (rule.methods or ()):
            continue
        if rule.rule.endswith(".csv"):
            found.add(rule.rule)
            continue
        login_as(client, identity)
        if client.get(_sample_url(rule)).mimetype == "text/csv":
            found.add(rule.rule)
    return found


def test_no_csv_cell_can_run_as_a_formula(app: Flask, db) -> None:
    coordinator = _plant(db)
    client = app.test_client()
    identity = staff_id(coordinator)
    routes = _csv_routes(app, client, identity)
    unknown = routes - set(CSV_ROUTES)
    assert not unknown, f"plant hostile text for these CSV routes too: {sorted(unknown)}"
    problems = []
    for route in sorted(routes):
        login_as(client, identity)
        response = client.get(f"{route}?{CSV_ROUTES.get(route, '')}")
        assert response.status_code == 200, route
        assert response.mimetype == "text/csv", route
        cells = [
            cell
            for row in csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
            for cell in row
        ]
        problems += [f"{route}: {cell!r}" for cell in cells if _dangerous(cell)]
        problems += [  # each hostile text is there, written as text
            f"{route}: {text!r} missing"
            for text in HOSTILE
            if not any(cell.startswith("'") and text in cell for cell in cells)
        ]
    assert not problems, "\n".join(problems)


def test_no_module_writes_csv_past_the_one_writer() -> None:
    root = Path(__file__).resolve().parent.parent / "spelotheek"
    writers = re.compile(r"csv\.writer|DictWriter|text/csv|csv_safe")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "csvfile.py" and writers.search(path.read_text())
    ]
    assert offenders == []


@given(st.text())
def test_every_text_is_written_safely_and_reads_back_the_same(text: str) -> None:
    written = csvfile.safe_cell(text)
    assert not _dangerous(written)
    assert csvfile.read_cell(written) == text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        (" =1+1", "' =1+1"),  # spreadsheets skip the space
        ('"=1+1', "'\"=1+1"),
        ("\u200b@SUM(1)", "'\u200b@SUM(1)"),  # and invisible characters
        ("\uff1d1+1", "'\uff1d1+1"),  # a full-width equals sign
        ("\n", "'\n"),
        ("'t Speelhuis", "'t Speelhuis"),  # a Dutch name keeps its own quote, once
        ("-", "'-"),
        ("Puzzel - 24 stukjes", "Puzzel - 24 stukjes"),
        (-3, -3),  # a number our code counted stays a number
        (Decimal("-1.5"), Decimal("-1.5")),
        (None, ""),
    ],
)
def test_cells_as_written(value: object, written: object) -> None:
    assert csvfile.safe_cell(value) == written


def test_an_exported_catalogue_imports_back_unchanged(app: Flask, db, tmp_path: Path) -> None:
    names = [*HOSTILE, "'t Speelhuis", "'=quoted already"]
    for text in names:
        make_toy(db, name=text, description=text)
    coordinator = make_user(db, role="coordinator")
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(coordinator))
    exported = tmp_path / "toys.csv"
    exported.write_bytes(client.get("/toys/export.csv").data)
    db.execute(update(Toy).values(name="changed", description="changed"))
    db.commit()

    result = app.test_cli_runner().invoke(main, ["import-toys", str(exported)])
    assert result.exit_code == 0, result.output
    assert f"updated: {len(names)}" in result.output
    db.expire_all()
    toys = db.scalars(select(Toy).order_by(Toy.id)).all()
    assert [t.description for t in toys] == names
    assert [t.name for t in toys] == [n.strip() for n in names]  # the import trims names

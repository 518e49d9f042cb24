"""Reach pages, CSV and API: who may see them, the page and the CSV agree, answers at the
desk are never read back, families answer and stop in one click."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import event, select

from spelotheek.reach.models import ReachProfile, ReferenceFigure
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.reach.helpers import FamilySpec, random_world, store

EN = {"Accept-Language": "en"}
QUERY = "from=2026-01&to=2026-06&service=loans&by=household&by2=usual_carer"


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "REACH_NEIGHBOURHOODS": ["Noord", "Zuid"]}


def _cells(html: str) -> list[str]:
    """Every data cell of the page's tables, in order."""
    return [
        unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td>(.*?)</td>", html)
    ]


def test_the_dashboard_and_the_csv_show_the_same_figures(client, db, coordinator) -> None:
    store(db, random_world(8, size=50))
    db.add(
        ReferenceFigure(
            label="=HYPERLINK(\"http://x\")", dimension="household", category="one_adult",
            share_percent=22.0, source="Stad", year=2025,
        )
    )  # fmt: skip
    db.commit()
    page = client.get(f"/reach?{QUERY}", headers=EN)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    answer = client.get(f"/reach/export.csv?{QUERY}", headers=EN)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Table", "Row", "Column", "Value"]
    assert [r[3] for r in rows[1:]] == _cells(html)
    assert any(r[1].startswith("'=HYPERLINK") for r in rows)  # no formula in a spreadsheet
    assert not any(r[1].startswith("=") for r in rows)


def test_no_family_name_appears_in_the_figures(client, db, coordinator) -> None:
    specs = [FamilySpec(loans=[date(2026, 2, 3)], profile={"household": "one_adult"})] * 12
    store(db, specs)
    db.commit()
    html = client.get(f"/reach?{QUERY}", headers=EN).get_data(as_text=True)
    assert not re.search(r">\s*F\d+\s*<", html)  # the families' names (F0, F1, ...) as text
    assert not re.search(r"/families/\d", html)  # no drill-down from a figure to a family


def test_reach_pages_are_for_the_coordinator_only(client, db) -> None:
    staff = make_user(db, role="staff", language="en")
    db.commit()
    login_as(client, staff_id(staff))
    for path in (
        "/reach",
        "/reach/print",
        "/reach/export.csv",
        "/reach/references",
        "/api/v1/reach",
    ):
        assert client.get(path, headers=EN).status_code == 403, path


def test_a_bad_period_is_explained(client, db, coordinator) -> None:
    page = client.get("/reach?from=2026-05&to=2026-01", headers=EN)
    assert page.status_code == 200
    assert "must not come before" in page.get_data(as_text=True)
    api = client.get("/api/v1/reach?from=2026-13", headers=EN)
    assert api.status_code == 422 and api.get_json()["error"] == "invalid_query"


def test_the_api_gives_the_same_protected_figures(client, db, coordinator) -> None:
    store(db, random_world(9, size=25))
    db.commit()
    answer = client.get(f"/api/v1/reach?{QUERY.replace('&by2=', ',')}", headers=EN)
    assert answer.status_code == 200
    data = answer.get_json()
    assert data["suppressed"] == "<10" and data["by"] == ["household", "usual_carer"]
    values = [v for t in data["tables"] for r in t["rows"] for v in r["values"]]
    counts = [
        v for t in data["tables"] if t["key"] != "gaps" for r in t["rows"] for v in r["values"]
    ]
    assert all(v == 0 or v == "<10" or (isinstance(v, int) and v >= 10) for v in counts)
    page = client.get(f"/reach?{QUERY}", headers=EN).get_data(as_text=True)
    assert [str(v) for v in values] == _cells(page)
    document = client.get("/api/v1/openapi.json").get_json()
    assert "/reach" in document["paths"]


def test_the_threshold_setting_never_goes_below_five(app, client, db, coordinator) -> None:
    app.config["REACH_THRESHOLD"] = 2
    data = client.get("/api/v1/reach", headers=EN).get_json()
    assert data["threshold"] == 5 and data["suppressed"] == "<5"


def test_a_page_runs_the_same_number_of_statements_for_more_data(app, client, db, coordinator):
    app.config["REACH_SNAPSHOT_SECONDS"] = 0  # count every time: the counting is measured here
    engine = app.extensions["engine"]
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    store(db, random_world(10, size=5))
    db.commit()
    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(f"/reach?{QUERY}", headers=EN)
        small = len(seen)
        seen.clear()
        event.remove(engine, "before_cursor_execute", count)
        store(db, random_world(11, size=80))
        db.commit()
        event.listen(engine, "before_cursor_execute", count)
        client.get(f"/reach?{QUERY}", headers=EN)
        large = len(seen)
    finally:
        if event.contains(engine, "before_cursor_execute", count):
            event.remove(engine, "before_cursor_execute", count)
    assert small == large <= 12
    app.config["REACH_SNAPSHOT_SECONDS"] = 600
    client.get(f"/reach?{QUERY}", headers=EN)  # counts and keeps a snapshot
    seen.clear()
    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(f"/reach?{QUERY}", headers=EN)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(seen) <= 5  # user, snapshot, reference figures: nothing counted


def test_reference_figures_are_added_checked_and_removed(client, db, coordinator) -> None:
    bad = client.post(
        "/reach/references",
        data={"label": "Fathers", "target": "usual_carer:father", "share_percent": "140",
              "source": "K&G", "year": "2025"},
        headers=EN,
    )  # fmt: skip
    assert bad.status_code == 400 and "between 0 and 100" in bad.get_data(as_text=True)
    good = client.post(
        "/reach/references",
        data={"label": "Fathers", "target": "usual_carer:father", "share_percent": "18",
              "source": "K&G", "year": "2025"},
        headers=EN,
    )  # fmt: skip
    assert good.status_code == 302
    db.rollback()
    db.expire_all()
    figure = db.scalars(select(ReferenceFigure)).one()
    assert (figure.dimension, figure.category, figure.share_percent) == (
        "usual_carer",
        "father",
        18.0,
    )
    page = client.get("/reach", headers=EN).get_data(as_text=True)
    assert "Who we don&#39;t reach yet" in page or "Who we don't reach yet" in page
    assert (
        client.post(f"/reach/references/{figure.id}/delete", data={"confirm": "yes"}).status_code
        == 302
    )
    db.rollback()
    db.expire_all()
    assert db.scalars(select(ReferenceFigure)).all() == []


def test_a_volunteer_fills_in_with_the_family_but_cannot_read_it_back(client, db) -> None:
    volunteer = make_user(db, role="volunteer", language="en")
    family, _ = make_family(db, "Noor", postcode="9000")
    db.commit()
    login_as(client, staff_id(volunteer))
    answer = client.post(
        f"/reach/profile/{family.id}",
        data={"household": "one_adult", "usual_carer": "father", "home_language": "ar",
              "consent": "y"},
        headers=EN,
    )  # fmt: skip
    assert answer.status_code == 302
    db.rollback()
    db.expire_all()
    profile = db.scalars(select(ReachProfile)).one()
    assert (profile.household, profile.consent_by, profile.consent_staff_id) == (
        "one_adult",
        "staff",
        volunteer.id,
    )
    html = client.get(f"/reach/profile/{family.id}", headers=EN).get_data(as_text=True)
    assert "Answered" in html
    assert "checked" not in html and 'value="ar" selected' not in html
    assert client.get("/reach/profile/999999", headers=EN).status_code == 404


def test_without_consent_nothing_is_saved(client, db) -> None:
    staff = make_user(db, role="staff", language="en")
    family, _ = make_family(db, "Noor")
    db.commit()
    login_as(client, staff_id(staff))
    answer = client.post(f"/reach/profile/{family.id}", data={"household": "one_adult"}, headers=EN)
    assert answer.status_code == 400 and "tick the box" in answer.get_data(as_text=True)
    db.rollback()
    assert db.scalars(select(ReachProfile)).all() == []


def test_a_family_answers_itself_and_stops_in_one_click(client, db) -> None:
    family, _ = make_family(db, "Noor", language="en")
    db.commit()
    login_as(client, family_id(family))
    me = client.get("/me", headers=EN).get_data(as_text=True)
    assert "Answer the questions" in me
    answer = client.post(
        "/me/reach", data={"usual_carer": "mother", "household": "declined", "consent": "y"},
        headers=EN,
    )  # fmt: skip
    assert answer.status_code == 302
    db.rollback()
    db.expire_all()
    profile = db.scalars(select(ReachProfile)).one()
    assert (profile.usual_carer, profile.household, profile.consent_by) == (
        "mother",
        "declined",
        "family",
    )
    assert "You answered" in client.get("/me", headers=EN).get_data(as_text=True)
    assert client.post("/me/reach/withdraw", data={"confirm": "yes"}).status_code == 302
    db.rollback()
    db.expire_all()
    profile = db.scalars(select(ReachProfile)).one()
    assert profile.withdrawn_at is not None and profile.usual_carer is None


def test_the_family_page_never_says_poor(client, db) -> None:
    family, _ = make_family(db, "Noor", language="en")
    db.commit()
    login_as(client, family_id(family))
    for path in ("/me", "/me/reach"):
        text = client.get(path, headers=EN).get_data(as_text=True).lower()
        assert "kansarm" not in text and "poor" not in text and "income" not in text


def test_months_are_words_on_the_page_and_yyyy_mm_in_the_csv(client, db, coordinator) -> None:
    """A coordinator reads "juni 2026" in Dutch and "juin 2026" in French; the CSV keeps 2026-06."""
    store(db, random_world(3, size=20))
    db.commit()
    for language, june in (("nl", "juni 2026"), ("fr", "juin 2026"), ("en", "June 2026")):
        db.merge(coordinator).language = language  # an account's language wins
        db.commit()
        html = unescape(client.get(f"/reach?{QUERY}").text)
        rows = re.findall(r'<th scope="row">(.*?)</th>', html)
        assert june in rows, (language, rows[:8])
        assert "2026-06" not in rows
    answer = client.get(f"/reach/export.csv?{QUERY}", headers=EN).get_data(as_text=True)
    months = {r[1] for r in csv.reader(io.StringIO(answer.lstrip("\ufeff"))) if r[1][:4] == "2026"}
    assert months == {f"2026-{m:02d}" for m in range(1, 7)}

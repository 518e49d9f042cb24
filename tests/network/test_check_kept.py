"""Keeping the check's result: keep, replace, remove; the family's page and print; a worker's
marks with consent; anonymous barriers; audit rows; the data download and erasure."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import inspect, select

from spelotheek.audit import AuditEvent
from spelotheek.families import rights as family_rights
from spelotheek.network import kept
from spelotheek.network.models import Barrier, KeptRight
from spelotheek.network.rights_check import answers_of
from spelotheek.network.rules import Verdict
from tests.factories import (
    family_id,
    login_as,
    make_family,
    make_right,
    make_service,
    make_user,
    staff_id,
)

EN = {"Accept-Language": "en"}
# Every question answered: two children of 1 and 7, in 9031, not expecting, income 1,500–1,999.
DONE = {
    "children": "2",
    "ages": "1,7",
    "expecting": "no",
    "postcode": "9031",
    "allowance": "yes",
    "single": "skip",
    "income": "1500-1999",
}


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _rights(db):
    place = make_service(db, name="Sociaal huis Gent")
    water = make_right(
        db,
        code="water",
        title="Korting op water",
        conditions=[{"kind": "municipality", "postcodes": ["9031"]}],
        services=[place],
    )
    rate = make_right(
        db,
        code="rate",
        domain="childcare",
        title="Lager tarief kinderopvang",
        conditions=[{"kind": "income_under", "monthly_euros": 1800}],
    )
    birth = make_right(
        db,
        code="birth",
        domain="childcare",
        title="Geboortepremie",
        conditions=[{"kind": "expecting"}],
    )
    db.commit()
    return water, rate, birth


def _family(client, db):
    family, code = make_family(db)
    db.commit()
    login_as(client, family_id(family))
    return family, code


def _kept(db, family) -> dict[int, tuple[str, str]]:
    """The family's kept rights as now stored (in a fresh read, ended after: SQLite's snapshot)."""
    db.commit()
    found = {
        k.right_id: (k.verdict, k.status)
        for k in db.scalars(select(KeptRight).where(KeptRight.family_id == family.id))
    }
    db.commit()
    return found


def test_a_family_keeps_rights_not_answers(client, db) -> None:
    water, rate, birth = _rights(db)
    family, _ = _family(client, db)
    response = client.post("/help/check/keep", data=DONE, headers=EN)
    assert response.status_code == 302 and response.headers["Location"] == "/me/rights"
    found = _kept(db, family)
    assert found == {water.id: ("likely", "may_be_yours"), rate.id: ("maybe", "may_be_yours")}
    columns = {c.key for c in inspect(KeptRight).columns}
    assert not columns & {"postcode", "income", "answers", "ages"}
    page = client.get("/me/rights", headers=EN)
    assert "Korting op water" in page.text and "no-store" in page.headers["Cache-Control"]
    me = client.get("/me", headers=EN)
    assert "Your rights" in me.text and "Korting op water" in me.text
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "network_rights_kept")).one()
    assert event.actor_kind == "family" and event.subject_id == family.id
    assert "9031" not in event.detail


def test_keeping_again_replaces_but_keeps_marked_rights(client, db) -> None:
    water, rate, birth = _rights(db)
    family, _ = _family(client, db)
    client.post("/help/check/keep", data=DONE, headers=EN)
    worker = make_user(db, role="staff")
    kept.mark_right(
        db,
        worker.id,
        family.id,
        water.id,
        mark="realised",
        family_agrees=True,
        today=date(2026, 12, 6),
    )
    db.commit()
    # Moved away and expecting now: water no longer matches, the birth premium does.
    client.post(
        "/help/check/keep", data={**DONE, "postcode": "2000", "expecting": "yes"}, headers=EN
    )
    found = _kept(db, family)
    assert set(found) == {water.id, rate.id, birth.id} or set(found) == {
        water.id,
        birth.id,
        rate.id,
    }
    assert found[water.id][1] == "realised"
    # Again, with a high income: the childcare rate (only "may be yours") goes.
    client.post(
        "/help/check/keep",
        data={**DONE, "postcode": "2000", "expecting": "yes", "income": "4000-more"},
        headers=EN,
    )
    assert set(_kept(db, family)) == {water.id, birth.id}


def test_a_family_removes_a_kept_right(client, db) -> None:
    water, rate, _birth = _rights(db)
    family, _ = _family(client, db)
    client.post("/help/check/keep", data=DONE, headers=EN)
    asked = client.post(f"/me/rights/{rate.id}/remove", headers=EN)
    assert asked.status_code == 200 and "Remove this right from your page?" in asked.text
    assert set(_kept(db, family)) == {water.id, rate.id}
    yes = {"confirm": "yes"}
    response = client.post(f"/me/rights/{rate.id}/remove", data=yes, headers=EN)
    assert response.status_code == 302
    assert set(_kept(db, family)) == {water.id}
    assert client.post(f"/me/rights/{rate.id}/remove", data=yes, headers=EN).status_code == 404


def test_keep_needs_every_answer(client, db) -> None:
    _rights(db)
    family, _ = _family(client, db)
    page = client.post("/help/check/keep", data={"children": "0"}, headers=EN)
    assert page.status_code == 200 and 'name="step" value="expecting"' in page.text
    assert _kept(db, family) == {}


def test_the_print_has_qr_codes_to_the_service_pages(client, db) -> None:
    water, *_ = _rights(db)
    _family(client, db)
    client.post("/help/check/keep", data=DONE, headers=EN)
    page = client.get("/me/rights/print", headers=EN)
    assert page.status_code == 200 and "My rights and where to go" in page.text
    assert page.text.count("<svg") >= 1 and "QR code to the page of" in page.text


def _worker(client, db, role="staff"):
    worker = make_user(db, role=role)
    db.commit()
    login_as(client, staff_id(worker))
    return worker


def test_a_worker_marks_with_consent_and_a_barrier_is_anonymous(client, db) -> None:
    water, rate, _birth = _rights(db)
    family, _ = make_family(db)
    found = kept.rights_found(kept.active_rights(db), answers_of(DONE))
    kept.keep_result(db, family.id, found, None)
    db.commit()
    worker = _worker(client, db)
    page = client.get(f"/network/families/{family.id}/rights", headers=EN)
    assert page.status_code == 200 and "Korting op water" in page.text
    url = f"/network/families/{family.id}/rights/{water.id}"
    refused = client.post(url, data={"mark": "barrier", "what": "Te veel papieren"}, headers=EN)
    assert refused.status_code == 400 and "tick that it agrees" in refused.text
    wordless = client.post(url, data={"mark": "barrier", "family_agrees": "yes"}, headers=EN)
    assert wordless.status_code == 400
    long = client.post(
        url, data={"mark": "barrier", "family_agrees": "yes", "what": "x" * 501}, headers=EN
    )
    assert long.status_code == 400
    unknown = client.post(url, data={"mark": "lost", "family_agrees": "yes"}, headers=EN)
    assert unknown.status_code == 400
    assert db.scalars(select(Barrier)).all() == []
    done = client.post(
        url,
        data={
            "mark": "barrier",
            "family_agrees": "yes",
            "what": "Te veel papieren",
            "place": "Loket",
        },
        headers=EN,
    )
    assert done.status_code == 302
    assert _kept(db, family)[water.id][1] == "barrier"
    barrier = db.scalars(select(Barrier)).one()
    assert (barrier.what, barrier.place, barrier.source) == (
        "Te veel papieren",
        "Loket",
        "rights_check",
    )
    assert barrier.right_id == water.id and barrier.domain_id == water.domain_id
    assert isinstance(barrier.noted_on, date)
    assert not {c.key for c in inspect(Barrier).columns} & {"family_id", "user_id", "created_at"}
    actions = [
        (e.action, e.actor_id, e.subject_id)
        for e in db.scalars(select(AuditEvent).where(AuditEvent.action.like("network_%")))
    ]
    assert ("network_rights_viewed", worker.id, family.id) in actions
    assert ("network_right_marked", worker.id, family.id) in actions
    assert client.get("/network/families/999999/rights", headers=EN).status_code == 404
    other = f"/network/families/{family.id}/rights/{_birth.id}"
    assert client.post(other, data={"mark": "realised", "family_agrees": "yes"}).status_code == 404


@pytest.mark.parametrize("role", ["partner", "volunteer", "staff"])
def test_partners_and_volunteers_may_not_see_a_familys_rights(client, db, role) -> None:
    family, _ = make_family(db)
    db.commit()
    _worker(client, db, role=role)
    status = client.get(f"/network/families/{family.id}/rights").status_code
    # Volunteers see a family's display name and loans only (DESIGN.md).
    assert status == (200 if role == "staff" else 403)


def test_a_worker_keeps_the_result_for_the_family_by_card_with_consent(client, db) -> None:
    water, rate, _ = _rights(db)
    family, code = make_family(db)
    db.commit()
    worker = _worker(client, db, role="staff")
    without = client.post("/help/check/keep-for-family", data={**DONE, "card": code}, headers=EN)
    assert without.status_code == 400 and _kept(db, family) == {}
    wrong = client.post(
        "/help/check/keep-for-family",
        data={**DONE, "card": "nonsense", "family_agrees": "yes"},
        headers=EN,
    )
    assert wrong.status_code == 400 and _kept(db, family) == {}
    done = client.post(
        "/help/check/keep-for-family",
        data={**DONE, "card": code, "family_agrees": "yes"},
        headers=EN,
    )
    assert done.status_code == 302 and set(_kept(db, family)) == {water.id, rate.id}
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "network_rights_kept")).one()
    assert event.actor_id == worker.id and event.subject_id == family.id


def test_kept_rights_in_the_download_and_gone_after_erasure(client, db) -> None:
    water, rate, _ = _rights(db)
    family, _ = make_family(db)
    kept.keep_result(
        db, family.id, kept.rights_found(kept.active_rights(db), answers_of(DONE)), None
    )
    kept.mark_right(
        db,
        make_user(db, role="staff").id,
        family.id,
        water.id,
        mark="barrier",
        family_agrees=True,
        what="Wachtlijst",
        today=date(2026, 12, 6),
    )
    db.commit()
    data = family_rights.export_family(db, family, None)
    db.commit()
    assert {r["right"] for r in data["rights"]} == {"Korting op water", "Lager tarief kinderopvang"}
    login_as(client, family_id(family))
    page = client.get("/me/data", headers=EN)
    assert "Your rights from the rights check" in page.text and "Check this" in page.text
    family_rights.erase_family(db, family, None)
    db.commit()
    assert db.scalars(select(KeptRight)).all() == []
    assert db.scalars(select(Barrier)).one().what == "Wachtlijst"


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (DONE, {"water": Verdict.LIKELY, "rate": Verdict.MAYBE}),
        ({**DONE, "income": "under-1500"}, {"water": Verdict.LIKELY, "rate": Verdict.LIKELY}),
        ({**DONE, "income": "2000-2499"}, {"water": Verdict.LIKELY}),
        (
            {**DONE, "income": "skip", "postcode": "skip"},
            {"water": Verdict.MAYBE, "rate": Verdict.MAYBE},
        ),
        (
            {**DONE, "postcode": "2000", "expecting": "yes"},
            {"rate": Verdict.MAYBE, "birth": Verdict.LIKELY},
        ),
        (
            {**DONE, "expecting": "skip"},
            {"water": Verdict.LIKELY, "rate": Verdict.MAYBE, "birth": Verdict.MAYBE},
        ),
    ],
)
def test_result_verdicts_for_a_table_of_answers(db, state, expected) -> None:
    _rights(db)
    found = kept.rights_found(kept.active_rights(db), answers_of(state))
    assert {f.right.code: f.verdict for f in found} == expected
    verdicts = [f.verdict for f in found]
    assert verdicts == sorted(verdicts, key=lambda v: v != Verdict.LIKELY)  # likely first


def test_a_staff_member_opens_a_familys_rights_from_its_page(client, db) -> None:
    family, _ = make_family(db)
    db.commit()
    _worker(client, db, role="staff")
    page = client.get(f"/families/{family.id}", headers=EN)
    assert re.search(rf'href="/network/families/{family.id}/rights"', page.text)


@pytest.mark.parametrize("role", ["staff", "volunteer"])
def test_the_desk_links_a_familys_rights_for_staff_only(client, db, role) -> None:
    family, code = make_family(db)
    db.commit()
    _worker(client, db, role=role)
    client.post("/desk/scan", data={"code": code})
    page = client.get("/desk", headers=EN)
    linked = f'href="/network/families/{family.id}/rights"' in page.text
    assert linked == (role == "staff")


def _statements(app, action) -> int:
    from sqlalchemy import event

    counted: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        counted.append(statement)

    engine = app.extensions["engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(counted)


def test_the_result_and_the_familys_page_do_not_grow_with_the_rights(app, client, db) -> None:
    family, _ = _family(client, db)

    def more_rights(start: int, end: int) -> None:
        for n in range(start, end):
            service = make_service(db, name=f"Dienst {n}")
            make_right(
                db, code=f"right-{n}", domain=("income", "housing")[n % 2], services=[service]
            )
        db.commit()

    def visit() -> None:
        assert client.post("/help/check/keep", data=DONE).status_code == 302
        assert client.get("/me/rights").status_code == 200
        assert client.post("/help/check/result", data=DONE).status_code == 200

    more_rights(0, 3)
    small = _statements(app, visit)
    more_rights(3, 30)
    large = _statements(app, visit)
    assert large == small, (small, large)


def test_a_facilitator_reaches_only_the_families_of_its_groups(client, db) -> None:
    from datetime import UTC, datetime

    from spelotheek.groups import participants
    from tests.groups.helpers import make_group

    water, *_ = _rights(db)
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    ours, our_code = make_family(db, "Nour")
    other, other_code = make_family(db, "Julie")
    participants.enrol(
        db,
        midwife.id,
        group,
        ours,
        due_year=2030,
        due_month=7,
        consent=True,
        now=datetime(2030, 1, 1, tzinfo=UTC),
    )
    db.commit()
    login_as(client, staff_id(midwife))
    assert client.get(f"/network/families/{other.id}/rights").status_code == 404
    refused = client.post(
        "/help/check/keep-for-family",
        data={**DONE, "card": other_code, "family_agrees": "yes"},
        headers=EN,
    )
    assert refused.status_code == 400 and _kept(db, other) == {}
    kept_for = client.post(
        "/help/check/keep-for-family",
        data={**DONE, "card": our_code, "family_agrees": "yes"},
        headers=EN,
    )
    assert kept_for.status_code == 302 and water.id in _kept(db, ours)
    page = client.get(f"/network/families/{ours.id}/rights", headers=EN)
    assert page.status_code == 200 and "Rights of Nour" in page.text
    listed = client.get(f"/groups/{group.id}/participants", headers=EN)
    assert f'href="/network/families/{ours.id}/rights"' in listed.text
    mark = {"mark": "realised", "family_agrees": "yes"}
    assert (
        client.post(f"/network/families/{other.id}/rights/{water.id}", data=mark).status_code == 404
    )

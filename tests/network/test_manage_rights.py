"""The coordinator's rights and life domains: conditions per kind, the table of cases that must
pass before a right is saved, renaming, reordering and adding domains."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from spelotheek.network.models import DirectoryChange, LifeDomain, Right
from tests.factories import life_domain, login_as, make_right, make_service, make_user, staff_id


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def coordinator(app: Flask, db):
    user = make_user(db, role="coordinator")
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(user))
    return client


def fresh(db) -> None:
    db.rollback()
    db.expire_all()


def _right_form(db, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "title": "Je krijgt een lager tarief in de kinderopvang.",
        "gives": "Je betaalt minder per dag.",
        "how": "Vraag het aan bij de opvang.",
        "domain_id": str(life_domain(db, "childcare").id),
        "active": "y",
        "all_of-child_under": "y",
        "all_of-years": "3",
        "any_of-increased_allowance": "y",
        "any_of-income_under": "y",
        "any_of-monthly_euros": "2200",
        # A young child and the increased allowance: likely.
        "cases-0-children_ages": "1",
        "cases-0-increased_allowance": "yes",
        "cases-0-expect": "likely",
        # No children: no.
        "cases-1-children_ages": "-",
        "cases-1-expect": "no",
        # A young child, nothing else known: maybe.
        "cases-2-children_ages": "2",
        "cases-2-expect": "maybe",
    }
    form.update(changes)
    return form


def test_a_right_is_saved_with_its_conditions_and_cases(coordinator, db) -> None:
    service = make_service(db)
    db.commit()
    answer = coordinator.post(
        "/network/manage/rights/new", data=_right_form(db, services=[str(service.id)])
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    fresh(db)
    right = db.scalars(select(Right)).one()
    assert right.conditions == [
        {"kind": "child_under", "years": 3},
        {
            "kind": "any_of",
            "conditions": [
                {"kind": "increased_allowance"},
                {"kind": "income_under", "monthly_euros": 2200},
            ],
        },
    ]
    assert [c["expect"] for c in right.cases] == ["likely", "no", "maybe"]
    assert right.cases[1]["answers"] == {"children_ages": []}
    assert [s.id for s in right.services] == [service.id]
    assert right.code.startswith("je-krijgt-een-lager-tarief")
    page = coordinator.get(f"/network/manage/rights/{right.id}").get_data(as_text=True)
    assert 'value="2200"' in page and "not as expected" not in page
    assert db.scalars(select(DirectoryChange)).one().action == "created"


def test_a_right_whose_case_fails_is_refused_naming_the_case(coordinator, db) -> None:
    answer = coordinator.post(
        "/network/manage/rights/new", data=_right_form(db, **{"cases-2-expect": "likely"})
    )
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Case 3 expects “likely” but the conditions say “maybe”" in text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Right)) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"all_of-years": ""}, "out of range"),
        ({"all_of-years": "99"}, "Number must be between"),
        ({"any_of-income_under": ""}, "needs at least two conditions"),
        ({"all_of-municipality": "y", "all_of-postcodes": "900 Gent"}, "four digits"),
        ({"title": ""}, "Please say what the right is"),
        ({"title": "x" * 301}, "300"),
        ({"cases-0-expect": ""}, "Please choose the outcome"),
        ({"cases-0-children_ages": "one"}, "whole years"),
    ],
)
def test_bad_conditions_or_cases_are_refused(coordinator, db, changes, message) -> None:
    answer = coordinator.post("/network/manage/rights/new", data=_right_form(db, **changes))
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Right)) == 0


def test_changing_a_condition_that_breaks_a_case_keeps_the_old_right(coordinator, db) -> None:
    right = make_right(
        db,
        conditions=[{"kind": "expecting"}],
        cases=[{"answers": {"expecting": True}, "expect": "likely"}],
    )
    db.commit()
    page = coordinator.get(f"/network/manage/rights/{right.id}").get_data(as_text=True)
    assert 'name="all_of-expecting" type="checkbox" value="y"' in page.replace(" checked", "")
    answer = coordinator.post(
        f"/network/manage/rights/{right.id}",
        data={
            "title": right.title,
            "domain_id": str(right.domain_id),
            "all_of-single_parent": "y",
            "cases-0-expecting": "yes",
            "cases-0-expect": "likely",
        },
    )
    assert answer.status_code == 422
    assert "Case 1 expects" in answer.get_data(as_text=True)
    fresh(db)
    assert db.get(Right, right.id).conditions == [{"kind": "expecting"}]


def test_the_right_editor_shows_each_cases_outcome(coordinator, db) -> None:
    right = make_right(
        db,
        conditions=[{"kind": "single_parent"}],
        cases=[
            {"answers": {"single_parent": True}, "expect": "likely"},
            {"answers": {}, "expect": "likely"},  # stored before the rule changed: fails
        ],
    )
    db.commit()
    page = coordinator.get(f"/network/manage/rights/{right.id}").get_data(as_text=True)
    assert page.count("not as expected") == 1
    listing = coordinator.get("/network/manage/rights").get_data(as_text=True)
    assert "a case fails" in listing


def test_a_domain_is_renamed_in_five_languages(coordinator, db) -> None:
    domain = life_domain(db, "papers")
    db.commit()
    answer = coordinator.post(
        f"/network/manage/domains/{domain.id}",
        data={"name": "Papieren", "name_fr": "Documents", "name_ar": "أوراق", "pictogram": "card"},
    )
    assert answer.status_code == 302
    fresh(db)
    changed = db.get(LifeDomain, domain.id)
    assert changed.name == "Papieren" and changed.pictogram == "card"
    assert changed.name_texts == {"fr": "Documents", "ar": "أوراق"}
    history = coordinator.get(f"/network/manage/domains/{domain.id}/history")
    assert "Papieren" in history.get_data(as_text=True)


def test_a_domain_refuses_an_unknown_pictogram_and_an_empty_name(coordinator, db) -> None:
    domain = life_domain(db, "papers")
    db.commit()
    bad = coordinator.post(
        f"/network/manage/domains/{domain.id}", data={"name": "", "pictogram": "../../etc"}
    )
    assert bad.status_code == 422
    fresh(db)
    assert db.get(LifeDomain, domain.id).name != ""


def test_domains_move_up_and_down(coordinator, db) -> None:
    order = [d.code for d in db.scalars(select(LifeDomain).order_by(LifeDomain.position))]
    second = life_domain(db, order[1])
    db.commit()
    coordinator.post(f"/network/manage/domains/{second.id}/move", data={"direction": "up"})
    fresh(db)
    moved = [d.code for d in db.scalars(select(LifeDomain).order_by(LifeDomain.position))]
    assert moved[:2] == [order[1], order[0]] and moved[2:] == order[2:]
    first = life_domain(db, order[1])
    db.commit()
    coordinator.post(f"/network/manage/domains/{first.id}/move", data={"direction": "up"})
    fresh(db)
    again = [d.code for d in db.scalars(select(LifeDomain).order_by(LifeDomain.position))]
    assert again == moved  # the first stays first


def test_a_domain_is_added_at_the_end_with_a_code_once(coordinator, db) -> None:
    data = {"code": "debts", "name": "Schulden", "pictogram": "info"}
    assert coordinator.post("/network/manage/domains/new", data=data).status_code == 302
    twice = coordinator.post("/network/manage/domains/new", data=data)
    assert twice.status_code == 422 and "already a life domain" in twice.get_data(as_text=True)
    bad = coordinator.post("/network/manage/domains/new", data={**data, "code": "Bad Code!"})
    assert bad.status_code == 422
    fresh(db)
    last = db.scalars(select(LifeDomain).order_by(LifeDomain.position.desc())).first()
    assert last.code == "debts"
    assert db.scalar(select(func.count()).select_from(LifeDomain)) == 11


def test_the_right_editor_keeps_room_for_new_cases(coordinator, db) -> None:
    cases = [{"answers": {"expecting": True}, "expect": "likely"}] * 4
    right = make_right(db, conditions=[{"kind": "expecting"}], cases=cases)
    db.commit()
    page = coordinator.get(f"/network/manage/rights/{right.id}").get_data(as_text=True)
    assert 'name="cases-6-expect"' in page  # four stored cases and three empty rows
    assert page.count('<option selected value="likely">') == 4

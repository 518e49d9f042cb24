"""Eligibility as data: the vocabulary of conditions, its verdicts and its refusals."""

from __future__ import annotations

import pytest

from spelotheek.network.rules import (
    Answers,
    ConditionError,
    Verdict,
    checked_conditions,
    distance_km,
    run_cases,
    verdict,
)

YOUNG_CHILD = {"kind": "child_under", "years": 3}
GHENT = {"kind": "municipality", "postcodes": ["9000", "9030"]}
LOW_INCOME = {"kind": "income_under", "monthly_euros": 2200}
BABY_OR_YOUNG = {"kind": "any_of", "conditions": [{"kind": "expecting"}, YOUNG_CHILD]}


@pytest.mark.parametrize(
    ("conditions", "answers", "expected"),
    [
        ([], Answers(), Verdict.LIKELY),
        ([YOUNG_CHILD], Answers(children_ages=(1, 7)), Verdict.LIKELY),
        ([YOUNG_CHILD], Answers(children_ages=(3,)), Verdict.NO),
        ([YOUNG_CHILD], Answers(children_ages=()), Verdict.NO),
        ([YOUNG_CHILD], Answers(), Verdict.MAYBE),
        ([GHENT], Answers(postcode="9030"), Verdict.LIKELY),
        ([GHENT], Answers(postcode="2000"), Verdict.NO),
        ([GHENT], Answers(postcode=""), Verdict.MAYBE),
        ([LOW_INCOME], Answers(monthly_income=2199), Verdict.LIKELY),
        ([LOW_INCOME], Answers(monthly_income=2200), Verdict.NO),
        ([{"kind": "single_parent"}], Answers(single_parent=False), Verdict.NO),
        ([{"kind": "increased_allowance"}], Answers(increased_allowance=True), Verdict.LIKELY),
        ([BABY_OR_YOUNG], Answers(expecting=True), Verdict.LIKELY),
        ([BABY_OR_YOUNG], Answers(expecting=False, children_ages=(5,)), Verdict.NO),
        ([BABY_OR_YOUNG], Answers(expecting=False), Verdict.MAYBE),
        # A known "no" wins over an unknown: the check never keeps a right alive on a guess.
        ([GHENT, LOW_INCOME], Answers(postcode="2000"), Verdict.NO),
        ([GHENT, LOW_INCOME], Answers(postcode="9000"), Verdict.MAYBE),
        ([GHENT, LOW_INCOME], Answers(postcode="9000", monthly_income=900), Verdict.LIKELY),
    ],
)
def test_verdicts(conditions, answers, expected) -> None:
    assert verdict(checked_conditions(conditions), answers) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "child_under",
        [{"kind": "shoe_size"}],
        [{"kind": "child_under"}],
        [{"kind": "child_under", "years": 0}],
        [{"kind": "child_under", "years": True}],
        [{"kind": "income_under", "monthly_euros": -5}],
        [{"kind": "municipality", "postcodes": []}],
        [{"kind": "municipality", "postcodes": ["0900"]}],
        [{"kind": "municipality", "postcodes": [9000]}],
        [{"kind": "any_of", "conditions": [{"kind": "expecting"}]}],
        [{"kind": "any_of", "conditions": [BABY_OR_YOUNG, {"kind": "expecting"}]}],
        [{"kind": "expecting"}] * 13,
    ],
)
def test_conditions_outside_the_vocabulary_are_refused(raw) -> None:
    with pytest.raises(ConditionError):
        checked_conditions(raw)


def test_checked_conditions_are_canonical() -> None:
    raw = [{"kind": "municipality", "postcodes": ["9030", "9000", "9030"], "extra": 1}]
    assert checked_conditions(raw) == [{"kind": "municipality", "postcodes": ["9000", "9030"]}]


def test_a_table_of_cases_reports_the_disagreeing_case() -> None:
    cases = [
        {"answers": {"children_ages": [1]}, "expect": "likely"},
        {"answers": {"children_ages": [6]}, "expect": "likely"},
    ]
    results = run_cases([YOUNG_CHILD], cases)
    assert [r.passes for r in results] == [True, False]
    assert results[1].found == Verdict.NO


def test_distance_between_ghent_and_antwerp() -> None:
    assert distance_km((51.0543, 3.7174), (51.2194, 4.4025)) == pytest.approx(51, abs=2)


def test_factories_build_a_service_and_a_right(db) -> None:
    from tests.factories import make_right, make_service

    service = make_service(db, domains=("income", "housing"))
    right = make_right(db, conditions=[YOUNG_CHILD], services=[service])
    db.flush()
    db.expire_all()
    assert [d.code for d in service.domains] == ["income", "housing"]
    assert service.places[0].hours[0].weekday == 1
    assert right.services == [service]

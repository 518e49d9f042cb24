"""The rights check's questions as pure rules: which screens, parsing answers, income bands."""

from __future__ import annotations

from itertools import pairwise

import pytest

from spelotheek.network.rights_check import (
    INCOME_BANDS,
    CheckAnswerRefused,
    answers_of,
    checked_answer,
    checked_state,
    clean_state,
    first_open,
    previous,
    progress,
    steps,
    verdict_for,
    walk,
)
from spelotheek.network.rules import Answers, Verdict

UNDER_1800 = [{"kind": "income_under", "monthly_euros": 1800}]
UNDER_2000 = [{"kind": "income_under", "monthly_euros": 2000}]


def test_no_ages_screen_without_children() -> None:
    assert "ages" not in steps({}) and "ages" not in steps({"children": "0"})
    assert "ages" not in steps({"children": "skip"})
    assert steps({"children": "2"})[:2] == ["children", "ages"]
    assert progress({"children": "2"}, "expecting") == (3, 7)
    assert progress({}, "expecting") == (2, 6)
    assert previous({"children": "0"}, "expecting") == "children"
    assert previous({}, "children") is None


@pytest.mark.parametrize(
    ("field", "value", "state", "carried"),
    [
        ("postcode", "9000", {}, "9000"),
        ("postcode", " 9 0 0 0 ", {}, "9000"),
        ("postcode", "٩٠٠٠", {}, "9000"),  # Arabic-Indic digits from an Arabic keyboard
        ("postcode", "skip", {}, "skip"),
        ("ages", "0,25", {"children": "2"}, "0,25"),
        ("children", "6", {}, "6"),
        ("income", "under-1500", {}, "under-1500"),
        ("expecting", "no", {}, "no"),
    ],
)
def test_answers_taken(field, value, state, carried) -> None:
    assert checked_answer(field, value, state) == carried


@pytest.mark.parametrize(
    ("field", "value", "state"),
    [
        ("postcode", "12", {}),
        ("postcode", "0900", {}),
        ("postcode", "90000", {}),
        ("ages", "26", {"children": "1"}),
        ("ages", "-1", {"children": "1"}),
        ("ages", "1", {"children": "2"}),
        ("ages", "1,x", {"children": "2"}),
        ("children", "7", {}),
        ("children", "-1", {}),
        ("income", "lots", {}),
        ("single", "maybe", {}),
    ],
)
def test_answers_refused(field, value, state) -> None:
    with pytest.raises(CheckAnswerRefused) as refused:
        checked_answer(field, value, state)
    assert refused.value.field == field


def test_carried_fields_are_ours_and_short() -> None:
    assert clean_state({"children": "0", "name": "Amira", "postcode": ""}) == {"children": "0"}
    with pytest.raises(CheckAnswerRefused):
        clean_state({"postcode": "9" * 41})
    # Ages of children no longer asked about are dropped.
    assert checked_state({"children": "0", "ages": "3"}) == {"children": "0"}
    assert first_open({"children": "1"}) == "ages"


def test_answers_of_a_complete_state() -> None:
    found = answers_of(
        {
            "children": "2",
            "ages": "1,7",
            "expecting": "no",
            "postcode": "9000",
            "allowance": "skip",
            "single": "yes",
            "income": "1500-1999",
        }
    )
    assert found.low == Answers((1, 7), False, "9000", None, True, 1500)
    assert found.high.monthly_income == 1999
    assert answers_of({"children": "0"}).low.children_ages == ()
    assert answers_of({"children": "skip"}).low.children_ages is None
    assert answers_of({"children": "2", "ages": "skip"}).low.children_ages is None


@pytest.mark.parametrize(
    ("band", "conditions", "expected"),
    [
        ("under-1500", UNDER_1800, Verdict.LIKELY),
        ("1500-1999", UNDER_1800, Verdict.MAYBE),  # the band straddles 1,800
        ("1500-1999", UNDER_2000, Verdict.LIKELY),  # every euro of the band is under 2,000
        ("2000-2499", UNDER_2000, Verdict.NO),
        ("4000-more", UNDER_2000, Verdict.NO),
        ("skip", UNDER_2000, Verdict.MAYBE),
    ],
)
def test_income_bands_give_honest_verdicts(band, conditions, expected) -> None:
    assert verdict_for(conditions, answers_of({"income": band})) == expected


def test_bands_follow_each_other_without_gaps() -> None:
    for (_c1, _low1, high1), (_c2, low2, _high2) in pairwise(INCOME_BANDS):
        assert low2 == high1 + 1


def test_walk_forward_back_and_again() -> None:
    first = walk({})
    assert first.field == "children" and first.state == {} and first.error is None
    two = walk({"step": "children", "answer": "2"})
    assert two.state == {"children": "2"} and two.field == "ages"
    aged = walk({"children": "2", "step": "ages", "answer": "next"}, ["3", "٥"])
    assert aged.state == {"children": "2", "ages": "3,5"} and aged.field == "expecting"
    back = walk({"children": "2", "ages": "3,5", "step": "expecting", "go": "back"})
    assert back.field == "ages" and back.state["ages"] == "3,5"
    # Fewer children now: their ages are asked again.
    fewer = walk({"children": "2", "ages": "3,5", "step": "children", "answer": "1"})
    assert fewer.state == {"children": "1"} and fewer.field == "ages"
    again = walk({"children": "0", "expecting": "no", "go": "start"})
    assert again.field == "children" and again.state["expecting"] == "no"


def test_walk_refuses_with_the_screen_to_show() -> None:
    wrong = walk({"step": "postcode", "answer": "next", "typed": "12"})
    assert wrong.field == "postcode" and wrong.error and "postcode" not in wrong.state
    changed = walk({"children": "0", "income": "millions", "step": "expecting", "answer": "no"})
    assert changed.field == "income" and changed.state == {} and changed.error
    unknown = walk({"step": "shoe-size", "answer": "42"})
    assert unknown.field == "children" and unknown.error

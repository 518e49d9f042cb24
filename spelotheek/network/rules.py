"""Who a right is for, as data, and the network's other pure rules (no clock, no database).

A right's eligibility is a list of conditions that must all hold. A condition is a small JSON
object from a fixed vocabulary, so the coordinator edits data, not code:

    {"kind": "child_under", "years": 3}          a child younger than 3
    {"kind": "expecting"}                          expecting a baby
    {"kind": "municipality", "postcodes": ["9000", "9030"]}
    {"kind": "increased_allowance"}                increased allowance (verhoogde tegemoetkoming)
    {"kind": "single_parent"}
    {"kind": "income_under", "monthly_euros": 2200}
    {"kind": "any_of", "conditions": [...]}        at least one of these (one level deep)

A family's answers may leave things open ("I don't know", a skipped question). A right is then
"maybe": the result never says "no" on a guess, and never "yes" when something is unknown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from spelotheek.domain_errors import DomainError
from spelotheek.lazytext import lazy_gettext as _l

MAX_CONDITIONS = 12
MAX_YEARS = 25
MAX_EUROS = 100_000
MAX_POSTCODES = 60
POSTCODE = re.compile(r"^[1-9][0-9]{3}$")  # a Belgian postcode


class Verdict(StrEnum):
    """What the rights check says of one right."""

    LIKELY = "likely"  # every condition holds
    MAYBE = "maybe"  # none fails, but something is not known
    NO = "no"  # a condition fails


class ConditionError(DomainError):
    """A condition that is not in the vocabulary or has a value out of range."""


@dataclass(frozen=True)
class Answers:
    """A family's answers to the rights check; None means not answered or "I don't know"."""

    children_ages: tuple[int, ...] | None = None  # ages in whole years; () means no children
    expecting: bool | None = None
    postcode: str | None = None
    increased_allowance: bool | None = None
    single_parent: bool | None = None
    monthly_income: int | None = None  # the household's net euros a month

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Answers:
        """Answers from a JSON-like mapping (a coordinator's case, a stored form)."""
        ages = data.get("children_ages")
        return cls(
            children_ages=None if ages is None else tuple(int(a) for a in ages),
            expecting=data.get("expecting"),
            postcode=data.get("postcode"),
            increased_allowance=data.get("increased_allowance"),
            single_parent=data.get("single_parent"),
            monthly_income=data.get("monthly_income"),
        )


def _holds(condition: Mapping[str, Any], answers: Answers) -> bool | None:
    """True, False, or None when the answers do not tell."""
    kind = condition["kind"]
    if kind == "child_under":
        if answers.children_ages is None:
            return None
        return any(age < condition["years"] for age in answers.children_ages)
    if kind == "expecting":
        return answers.expecting
    if kind == "municipality":
        if not answers.postcode:
            return None
        return answers.postcode in condition["postcodes"]
    if kind == "increased_allowance":
        return answers.increased_allowance
    if kind == "single_parent":
        return answers.single_parent
    if kind == "income_under":
        if answers.monthly_income is None:
            return None
        return bool(answers.monthly_income < condition["monthly_euros"])
    if kind == "any_of":
        found = [_holds(inner, answers) for inner in condition["conditions"]]
        if any(f is True for f in found):
            return True
        return False if all(f is False for f in found) else None
    raise ConditionError(_l("Unknown condition."))


def verdict(conditions: Sequence[Mapping[str, Any]], answers: Answers) -> Verdict:
    """Whether a right with these conditions may be the family's."""
    found = [_holds(c, answers) for c in conditions]
    if any(f is False for f in found):
        return Verdict.NO
    return Verdict.MAYBE if any(f is None for f in found) else Verdict.LIKELY


def _int_in(value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConditionError(_l("A number in a condition is out of range."))
    return value


def _one(raw: object, nested: bool) -> dict[str, Any]:
    """One checked condition, in its canonical shape."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("kind"), str):
        raise ConditionError(_l("Unknown condition."))
    kind = raw["kind"]
    if kind in ("expecting", "increased_allowance", "single_parent"):
        return {"kind": kind}
    if kind == "child_under":
        return {"kind": kind, "years": _int_in(raw.get("years"), 1, MAX_YEARS)}
    if kind == "income_under":
        return {"kind": kind, "monthly_euros": _int_in(raw.get("monthly_euros"), 1, MAX_EUROS)}
    if kind == "municipality":
        codes = raw.get("postcodes")
        if not isinstance(codes, list) or not 0 < len(codes) <= MAX_POSTCODES:
            raise ConditionError(_l("Give the postcodes of the municipality."))
        if not all(isinstance(c, str) and POSTCODE.match(c) for c in codes):
            raise ConditionError(_l("A postcode is four digits, such as 9000."))
        return {"kind": kind, "postcodes": sorted(set(codes))}
    if kind == "any_of" and not nested:
        inner = raw.get("conditions")
        if not isinstance(inner, list) or not 2 <= len(inner) <= MAX_CONDITIONS:
            raise ConditionError(_l("“One of” needs at least two conditions."))
        return {"kind": kind, "conditions": [_one(c, nested=True) for c in inner]}
    raise ConditionError(_l("Unknown condition."))


def checked_conditions(raw: object) -> list[dict[str, Any]]:
    """The conditions in canonical form, or ConditionError naming what is wrong."""
    if not isinstance(raw, list) or len(raw) > MAX_CONDITIONS:
        raise ConditionError(_l("Too many conditions."))
    return [_one(c, nested=False) for c in raw]


@dataclass(frozen=True)
class CaseResult:
    """One case of a right's table: what was expected and what the rules say."""

    answers: Mapping[str, Any]
    expected: Verdict
    found: Verdict

    @property
    def passes(self) -> bool:
        """True when the rules agree with the case."""
        return self.expected == self.found


def run_cases(
    conditions: Sequence[Mapping[str, Any]], cases: Iterable[Mapping[str, Any]]
) -> list[CaseResult]:
    """Each case of a right's table, evaluated against its conditions."""
    return [
        CaseResult(
            case["answers"],
            Verdict(case["expect"]),
            verdict(conditions, Answers.from_mapping(case["answers"])),
        )
        for case in cases
    ]


EARTH_RADIUS_KM = 6371.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The distance over the earth between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def search_words(texts: Iterable[str]) -> str:
    """The lower-case text the directory's search box matches against."""
    return " ".join(" ".join(t.split()).casefold() for t in texts if t and t.strip())

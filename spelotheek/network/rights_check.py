"""The rights check's questions, one a screen, and the answers parsed into `rules.Answers`.

Pure: no Flask, no database. The answers travel between screens as POSTed hidden fields (never
in the URL, never stored), so every screen parses them again; a value that is not one of ours
is refused, never guessed.

Income is asked in bands. A band is kept as its lowest and highest euro, and a right is judged
at both ends: when the two verdicts differ the band straddles the right's threshold, and the
honest answer is "maybe" (see `verdict_for`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spelotheek import typed
from spelotheek.domain_errors import DomainError
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.network.rules import MAX_EUROS, MAX_YEARS, POSTCODE, Answers, Verdict, verdict

SKIP = "skip"  # "I don't know" or "skip": the question stays open
YES, NO = "yes", "no"
MAX_CHILDREN = 6  # "6 or more": the ages of the six youngest are asked
MAX_FIELD = 40  # no hidden answer is longer than this

# (code, lowest euro, highest euro) of the household's net monthly income.
INCOME_BANDS: tuple[tuple[str, int, int], ...] = (
    ("under-1500", 0, 1499),
    ("1500-1999", 1500, 1999),
    ("2000-2499", 2000, 2499),
    ("2500-2999", 2500, 2999),
    ("3000-3999", 3000, 3999),
    ("4000-more", 4000, MAX_EUROS),
)
INCOME_LABELS = {
    "under-1500": _l("Less than € 1,500"),
    "1500-1999": _l("€ 1,500 to € 2,000"),
    "2000-2499": _l("€ 2,000 to € 2,500"),
    "2500-2999": _l("€ 2,500 to € 3,000"),
    "3000-3999": _l("€ 3,000 to € 4,000"),
    "4000-more": _l("€ 4,000 or more"),
}


@dataclass(frozen=True)
class Question:
    """One screen of the check: the hidden field it fills, its pictogram and its words."""

    field: str
    pictogram: str
    asks: object
    explains: object = ""


QUESTIONS: dict[str, Question] = {
    q.field: q
    for q in (
        Question("children", "family", _l("How many children live with you?")),
        Question(
            "ages",
            "meetup-child",
            _l("How old is each child?"),
            _l(
                "Age in years. A baby under one year old: 0."
                " With six children or more: the six youngest."
            ),
        ),
        Question("expecting", "pregnancy", _l("Are you expecting a baby?")),
        Question(
            "postcode",
            "place",
            _l("What is your postcode?"),
            _l("Four digits, for example 9000. Some rights depend on where you live."),
        ),
        Question(
            "allowance",
            "card",
            _l("Do you get the increased allowance from your health insurance fund?"),
            _l(
                "This is also called “verhoogde tegemoetkoming”. With it, you pay less at the"
                " doctor and for medicines. Your health insurance fund (ziekenfonds) can tell you."
            ),
        ),
        Question("single", "family", _l("Do you raise your children alone?")),
        Question(
            "income",
            "free",
            _l("How much money does your household get each month?"),
            _l(
                "Net income: what comes in on the bank account, from work, benefits and allowances."
            ),
        ),
    )
}


class CheckAnswerRefused(DomainError):
    """An answer that is not one the question offers; `field` says which screen to show again."""

    status = 400

    def __init__(self, field: str, message: object):
        super().__init__(message, code="answer_refused")
        self.field = field


def steps(state: Mapping[str, str]) -> list[str]:
    """The questions this family gets, in order (no ages without children)."""
    fields = list(QUESTIONS)
    if state.get("children") in (None, "0", SKIP):
        fields.remove("ages")
    return fields


def clean_state(form: Mapping[str, str]) -> dict[str, str]:
    """The carried answers from a posted form: only our fields, each short, none empty."""
    state = {}
    for field in QUESTIONS:
        value = form.get(field)
        if value is None or value == "":
            continue
        if len(value) > MAX_FIELD:
            raise CheckAnswerRefused(field, _l("This answer is too long."))
        state[field] = value
    return state


def _choice(field: str, value: str) -> str:
    if value not in (YES, NO, SKIP):
        raise CheckAnswerRefused(field, _l("Choose one of the answers."))
    return value


def _children(value: str) -> str:
    try:
        typed.number(value, 0, MAX_CHILDREN)
    except ValueError:
        if value != SKIP:
            raise CheckAnswerRefused("children", _l("Choose one of the answers.")) from None
    return value


def parse_ages(values: Sequence[str], how_many: int) -> str:
    """The ages typed on the ages screen, as the carried value ("3,0,7")."""
    if len(values) != how_many:
        raise CheckAnswerRefused("ages", _l("Give the age of each child."))
    ages = []
    for value in values:
        try:
            ages.append(typed.number(value.strip(), 0, MAX_YEARS))
        except ValueError:
            raise CheckAnswerRefused(
                "ages", _l("An age is a number from 0 to %(most)d.", most=MAX_YEARS)
            ) from None
    return ",".join(str(a) for a in ages)


def _ages(value: str, how_many: int) -> str:
    if value == SKIP:
        return value
    return parse_ages(value.split(","), how_many)


def _postcode(value: str) -> str:
    value = typed.fold(value) if value != SKIP else value  # Arabic-Indic digits, spaces
    if value != SKIP and not POSTCODE.match(value):
        raise CheckAnswerRefused("postcode", _l("A postcode is four digits, such as 9000."))
    return value


def _income(value: str) -> str:
    if value != SKIP and value not in INCOME_LABELS:
        raise CheckAnswerRefused("income", _l("Choose one of the income answers."))
    return value


def checked_answer(field: str, value: str, state: Mapping[str, str]) -> str:
    """One answer as it will be carried, or CheckAnswerRefused."""
    if field == "children":
        return _children(value)
    if field == "ages":
        return _ages(value, int(state.get("children", "0")))
    if field == "postcode":
        return _postcode(value)
    if field == "income":
        return _income(value)
    if field in QUESTIONS:
        return _choice(field, value)
    raise CheckAnswerRefused("children", _l("Choose one of the answers."))


def checked_state(state: Mapping[str, str]) -> dict[str, str]:
    """Every carried answer checked again (hidden fields can be changed in the browser)."""
    checked: dict[str, str] = {}
    for field in steps(state):
        if field in state:
            checked[field] = checked_answer(field, state[field], checked)
    return checked


def first_open(state: Mapping[str, str]) -> str | None:
    """The first question not answered yet (None: all answered or skipped)."""
    return next((f for f in steps(state) if f not in state), None)


@dataclass(frozen=True)
class Found:
    """The answers at the low and the high end of the income band (equal without income)."""

    low: Answers
    high: Answers


def _flag(value: str | None) -> bool | None:
    return None if value in (None, SKIP) else value == YES


def answers_of(state: Mapping[str, str]) -> Found:
    """The rules' answers from a checked, complete state."""
    children = state.get("children")
    if children in (None, SKIP):
        ages: tuple[int, ...] | None = None
    elif children == "0":
        ages = ()
    else:
        carried = state.get("ages", SKIP)
        ages = None if carried == SKIP else tuple(int(a) for a in carried.split(","))
    postcode = state.get("postcode")
    base = Answers(
        children_ages=ages,
        expecting=_flag(state.get("expecting")),
        postcode=None if postcode in (None, SKIP) else postcode,
        increased_allowance=_flag(state.get("allowance")),
        single_parent=_flag(state.get("single")),
    )
    band = next((b for b in INCOME_BANDS if b[0] == state.get("income")), None)
    if band is None:
        return Found(base, base)
    return Found(replace(base, monthly_income=band[1]), replace(base, monthly_income=band[2]))


def verdict_for(conditions: Sequence[Mapping[str, Any]], found: Found) -> Verdict:
    """The verdict over the whole income band: "maybe" where the band straddles a threshold."""
    low, high = verdict(conditions, found.low), verdict(conditions, found.high)
    return low if low == high else Verdict.MAYBE


def progress(state: Mapping[str, str], field: str) -> tuple[int, int]:
    """(this question's number, how many questions) for "question 2 of 6"."""
    fields = steps(state)
    return fields.index(field) + 1, len(fields)


def previous(state: Mapping[str, str], field: str) -> str | None:
    """The question before this one (None on the first)."""
    fields = steps(state)
    at = fields.index(field) if field in fields else 0
    return fields[at - 1] if at > 0 else None


def following(state: Mapping[str, str], field: str) -> str | None:
    """The question after this one (None after the last)."""
    fields = steps(state)
    at = fields.index(field)
    return fields[at + 1] if at + 1 < len(fields) else None


@dataclass(frozen=True)
class Screen:
    """Where the check is: the answers so far, the question to show, and what was refused."""

    state: dict[str, str]
    field: str | None  # None: every question is answered
    error: object = None


def _with_answer(form: Mapping[str, str], ages: Sequence[str], state: dict[str, str]) -> str:
    """Put the screen's answer in the state; the question it answered."""
    field, answer = form.get("step", ""), form.get("answer", "")
    if field not in steps(state):
        raise CheckAnswerRefused(steps(state)[0], _l("Choose one of the answers."))
    if answer == "next" and field == "ages":
        value = parse_ages(ages, int(state.get("children", "0")))
    elif answer == "next" and field == "postcode":
        value = checked_answer(field, form.get("typed", "")[:MAX_FIELD], state)
    else:
        value = checked_answer(field, answer, state)
    if field == "children" and state.get("children") != value:
        state.pop("ages", None)  # other children: ask their ages again
    state[field] = value
    return field


def walk(form: Mapping[str, str], ages: Sequence[str] = ()) -> Screen:
    """One step of the check from a posted form: its carried answers (checked again, since
    hidden fields can be changed), the screen's answer or "back"/"start", and what comes next."""
    try:
        state = checked_state(clean_state(form))
    except CheckAnswerRefused as refused:
        # A carried answer was changed: ask that question again, with nothing else carried.
        first = steps({})
        return Screen({}, refused.field if refused.field in first else first[0], refused.message)
    if form.get("go") == "start":  # "change my answers": from the first question again
        return Screen(state, steps(state)[0])
    if form.get("go") == "back":
        return Screen(state, previous(state, form.get("step", "")) or steps(state)[0])
    if "step" not in form:
        return Screen(state, first_open(state))
    try:
        field = _with_answer(form, ages, state)
    except CheckAnswerRefused as refused:
        shown = refused.field if refused.field in steps(state) else steps(state)[0]
        return Screen(state, shown, refused.message)
    return Screen(state, following(state, field) or first_open(state))

"""The coordinator's form for a right: texts, links, conditions per kind, and the table of cases.

Conditions are plain fields per kind of the vocabulary (spelotheek/network/rules.py), twice: the
ones that must all hold, and a group of which at least one must hold ("any_of", one level).
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import Length, NumberRange, Optional

from spelotheek.content_forms import add_translation_fields, translations_of
from spelotheek.loans.forms import MultiCheckboxField
from spelotheek.network import rules
from spelotheek.network.forms import EXTRA_ROWS, MAX_TEXT, _text

FLAG_KINDS = ("expecting", "increased_allowance", "single_parent")
TRI = [("", _l("Not known")), ("yes", _l("Yes")), ("no", _l("No"))]
NO_CHILDREN = "-"


class ConditionSet(Form):
    """One field (or two) per kind of condition."""

    child_under = BooleanField(_l("Has a child younger than … years"))
    years = IntegerField(
        _l("Years"), validators=[Optional(), NumberRange(min=1, max=rules.MAX_YEARS)]
    )
    expecting = BooleanField(_l("Expects a baby"))
    municipality = BooleanField(_l("Lives in one of these postcodes"))
    postcodes = StringField(
        _l("Postcodes"),
        validators=[Length(max=400)],
        description=_l("Four digits each, with spaces between: 9000 9030"),
    )
    increased_allowance = BooleanField(_l("Has the increased allowance (verhoogde tegemoetkoming)"))
    single_parent = BooleanField(_l("Single parent"))
    income_under = BooleanField(_l("Household income under … euros a month"))
    monthly_euros = IntegerField(
        _l("Euros a month"), validators=[Optional(), NumberRange(min=1, max=rules.MAX_EUROS)]
    )

    def conditions(self) -> list[dict[str, Any]]:
        """The ticked conditions as data (checked later by rules.checked_conditions)."""
        found: list[dict[str, Any]] = []
        if self.child_under.data:
            found.append({"kind": "child_under", "years": self.years.data})
        if self.expecting.data:
            found.append({"kind": "expecting"})
        if self.municipality.data:
            codes = re.split(r"[\s,;]+", (self.postcodes.data or "").strip())
            found.append({"kind": "municipality", "postcodes": [c for c in codes if c]})
        for kind in ("increased_allowance", "single_parent"):
            if self[kind].data:
                found.append({"kind": kind})
        if self.income_under.data:
            found.append({"kind": "income_under", "monthly_euros": self.monthly_euros.data})
        return found

    def fill(self, conditions: list[dict[str, Any]]) -> None:
        """Tick the fields of stored conditions."""
        for condition in conditions:
            kind = condition.get("kind")
            if kind in (*FLAG_KINDS, "child_under", "municipality", "income_under"):
                self[kind].data = True
            if kind == "child_under":
                self.years.data = condition.get("years")
            elif kind == "municipality":
                self.postcodes.data = " ".join(condition.get("postcodes", []))
            elif kind == "income_under":
                self.monthly_euros.data = condition.get("monthly_euros")


def _tri(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _tri_text(value: object) -> str:
    return "yes" if value is True else "no" if value is False else ""


class CaseRow(Form):
    """One case: a family's answers and the outcome the coordinator expects."""

    children_ages = StringField(
        _l("Children's ages"),
        validators=[Length(max=60)],
        description=_l("Years, for example: 1 4. A dash (-): no children. Empty: not known."),
    )
    expecting = SelectField(_l("Expects a baby"), choices=lambda: TRI, default="")
    postcode = StringField(_l("Postcode"), validators=[Length(max=10)])
    increased_allowance = SelectField(_l("Increased allowance"), choices=lambda: TRI, default="")
    single_parent = SelectField(_l("Single parent"), choices=lambda: TRI, default="")
    monthly_income = IntegerField(
        _l("Income a month"), validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )
    expect = SelectField(
        _l("Outcome"),
        choices=lambda: [
            ("", "—"),
            ("likely", _l("likely")),
            ("maybe", _l("maybe")),
            ("no", _l("no")),
        ],
        default="",
    )

    def blank(self) -> bool:
        """True for an empty row (left for adding a case)."""
        return not any(
            [
                self.children_ages.data and self.children_ages.data.strip(),
                self.expecting.data,
                self.postcode.data and self.postcode.data.strip(),
                self.increased_allowance.data,
                self.single_parent.data,
                self.monthly_income.data is not None,
                self.expect.data,
            ]
        )

    def case(self) -> dict[str, Any] | None:
        """The case as data; None (with an error on the row) when its ages or outcome are not
        clear."""
        answers: dict[str, Any] = {}
        ages = (self.children_ages.data or "").strip()
        if ages == NO_CHILDREN:
            answers["children_ages"] = []
        elif ages:
            parts = re.split(r"[\s,;]+", ages)
            if not all(p.isascii() and p.isdigit() and int(p) <= 30 for p in parts):
                self.children_ages.errors = [_l("Ages are whole years, such as 1 4.")]
                return None
            answers["children_ages"] = [int(p) for p in parts]
        for field in ("expecting", "increased_allowance", "single_parent"):
            if _tri(self[field].data) is not None:
                answers[field] = _tri(self[field].data)
        if self.postcode.data and self.postcode.data.strip():
            answers["postcode"] = self.postcode.data.strip()
        if self.monthly_income.data is not None:
            answers["monthly_income"] = self.monthly_income.data
        if not self.expect.data:
            self.expect.errors = [_l("Please choose the outcome of this case.")]
            return None
        return {"answers": answers, "expect": self.expect.data}

    def fill(self, case: dict[str, Any]) -> None:
        """Put a stored case in the row."""
        answers = case.get("answers", {})
        ages = answers.get("children_ages")
        self.children_ages.data = (
            "" if ages is None else (" ".join(str(a) for a in ages) or NO_CHILDREN)
        )
        for field in ("expecting", "increased_allowance", "single_parent"):
            self[field].data = _tri_text(answers.get(field))
        self.postcode.data = answers.get("postcode") or ""
        self.monthly_income.data = answers.get("monthly_income")
        self.expect.data = case.get("expect", "")


RIGHT_TRANSLATED = {
    "title": 300,
    "audience": MAX_TEXT,
    "gives": MAX_TEXT,
    "how": MAX_TEXT,
    "what_to_bring": MAX_TEXT,
}


class RightForm(FlaskForm):
    """A right: what it is, for whom, what it gives, how to claim it, and who it is for as data."""

    title = _text(
        _l("What is the right? (one plain sentence)"),
        300,
        _l("Please say what the right is."),
        area=False,
    )
    audience = _text(_l("Who is it for?"))
    gives = _text(_l("What does it give?"))
    how = _text(_l("How, where and when to claim it"))
    what_to_bring = _text(_l("What to bring"))
    domain_id = SelectField(_l("Life domain"), coerce=int, validate_choice=True)
    services = MultiCheckboxField(_l("Services that help to claim it"), coerce=int)
    active = BooleanField(_l("Active: shown in the rights check"), default=True)
    all_of = FormField(ConditionSet, label=_l("Every one of these must hold"))
    any_of = FormField(ConditionSet, label=_l("At least one of these must hold"))
    cases = FieldList(FormField(CaseRow), min_entries=EXTRA_ROWS, max_entries=40)

    def conditions(self) -> list[dict[str, Any]]:
        """Every condition as data: the ‘all’ ones, then the ‘one of’ group if any is ticked."""
        found = self.all_of.form.conditions()
        group = self.any_of.form.conditions()
        if group:
            found.append({"kind": "any_of", "conditions": group})
        return found

    def fill_conditions(self, conditions: list[dict[str, Any]]) -> None:
        """Tick the stored conditions in the two groups."""
        self.all_of.form.fill([c for c in conditions if c.get("kind") != "any_of"])
        for condition in conditions:
            if condition.get("kind") == "any_of":
                self.any_of.form.fill(list(condition.get("conditions", [])))

    def table(self) -> list[dict[str, Any]] | None:
        """The filled cases; None when a row is not clear (its error is on the row)."""
        found = []
        for entry in self.cases:
            if entry.form.blank():
                continue
            case = entry.form.case()
            if case is None:
                return None
            found.append(case)
        return found

    def values(self, cases: list[dict[str, Any]]) -> dict[str, Any]:
        """The fields as the rights service takes them."""
        values: dict[str, Any] = {f: self[f].data or "" for f in RIGHT_TRANSLATED}
        values.update({f"{f}_texts": translations_of(self, f) for f in RIGHT_TRANSLATED})
        values.update(
            domain_id=self.domain_id.data,
            active=bool(self.active.data),
            conditions=self.conditions(),
            cases=cases,
        )
        return values


add_translation_fields(RightForm, RIGHT_TRANSLATED)

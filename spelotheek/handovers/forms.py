"""Forms for handovers: the worker prepares, the family changes, the partner answers, the
sender notes a barrier. Every text is bounded; the choices are checked."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from spelotheek.handovers import rules
from spelotheek.settings import LANGUAGES


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes, one per choice."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _language_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Any language"))] + [
        SelectChoice(code, info["name"]) for code, info in LANGUAGES.items()
    ]


class PlanForm(FlaskForm):
    """The question, what is shared and the warm way: the part the family may change too."""

    question = TextAreaField(
        _l("The question, in the family's own words"),
        validators=[
            DataRequired(_l("Please write the question.")),
            Length(max=rules.TEXT_MAX, message=_l("At most 2,000 characters.")),
        ],
        filters=[_strip],
    )
    shares = MultiCheckboxField(
        _l("What is shared with the partner (nothing else)"),
        choices=[SelectChoice(k, v) for k, v in rules.SHARE_LABELS.items()],
        validate_choice=True,
    )
    warm_way = RadioField(
        _l("How do the family and the partner meet?"),
        choices=[SelectChoice(k, v) for k, v in rules.WARM_LABELS.items()],
        default="call",
        validators=[DataRequired(_l("Please choose how you meet."))],
    )
    together_on = DateField(_l("We go together on"), validators=[Optional()])
    meetup = SelectField(_l("The open meeting of"), default="", validate_choice=True)
    call_time = StringField(
        _l("Best time to call"),
        validators=[Optional(), Length(max=rules.CALL_TIME_MAX)],
        filters=[_strip],
    )
    call_language = SelectField(
        _l("Language for the call"), choices=_language_choices(), default=""
    )
    interpreter = BooleanField(_l("An interpreter is needed"))

    def plan(self, note: str = "") -> rules.Plan:
        """The form's answers as a plan for the rules to check."""
        series_id, day = parse_meetup(self.meetup.data or "")
        return rules.Plan(
            question=self.question.data or "",
            shares=tuple(self.shares.data or ()),
            warm_way=self.warm_way.data or "",
            note=note,
            together_on=self.together_on.data,
            meetup_series_id=series_id,
            meetup_day=day,
            call_time=self.call_time.data or "",
            call_language=self.call_language.data or "",
            interpreter=bool(self.interpreter.data),
        )


class PrepareForm(PlanForm):
    """A worker prepares a handover; the token makes a second submission find the first."""

    token = HiddenField()
    service_id = SelectField(
        _l("To which service?"),
        coerce=int,
        validate_choice=True,
        validators=[DataRequired(_l("Please choose a service."))],
    )
    note = TextAreaField(
        _l("A note for the partner (optional)"),
        description=_l("Only what helps. No worries about parenting, no diagnoses."),
        validators=[
            Optional(),
            Length(max=rules.TEXT_MAX, message=_l("At most 2,000 characters.")),
        ],
        filters=[_strip],
    )


class DecisionForm(FlaskForm):
    """Yes, no or take back: one button, with the form's protection."""


class StatusForm(FlaskForm):
    """The partner says what happened."""

    status = RadioField(
        _l("What happened?"),
        choices=[SelectChoice(k, v) for k, v in rules.STATUS_LABELS.items()],
        validators=[DataRequired(_l("Please choose what happened."))],
    )
    suggested_service_id = SelectField(
        _l("Another service that can help (with 'not our service')"),
        coerce=int,
        default=0,
        validate_choice=True,
    )
    pass_on = BooleanField(_l("Prepare a handover to that service: the family decides again"))


class BarrierForm(FlaskForm):
    """An anonymous barrier from a handover that failed: what blocked, where — no names."""

    what = TextAreaField(
        _l("What blocked, in a few words"),
        description=_l("No names and nothing that points to the family."),
        validators=[DataRequired(_l("Please say what blocked.")), Length(max=500)],
        filters=[_strip],
    )
    place = StringField(_l("Where (optional)"), validators=[Optional(), Length(max=160)])


def parse_meetup(value: str) -> tuple[int | None, date | None]:
    """(series id, day) from the meeting choice 'series:YYYY-MM-DD'; (None, None) otherwise."""
    series, _sep, day = value.partition(":")
    try:
        return int(series), date.fromisoformat(day)
    except ValueError:
        return None, None

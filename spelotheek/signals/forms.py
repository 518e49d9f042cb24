"""Forms of the signals bundle: a signal, its status and plan, barriers, meetings and minutes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from spelotheek.content_forms import add_translation_fields
from spelotheek.signals import rules


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class NewSignalForm(FlaskForm):
    """A barrier that keeps coming back, noted as a signal straight away."""

    title = StringField(
        _l("What do families run into?"),
        description=_l("A few words, no names."),
        validators=[
            DataRequired(_l("Please say in a few words what families run into.")),
            Length(max=rules.TITLE_MAX),
        ],
        filters=[_strip],
    )
    domain_id = SelectField(_l("Life domain"), coerce=int, default=0)


class DescribeForm(FlaskForm):
    """The signal's words, what came of it, its domain, responsible partner and level."""

    title = StringField(
        _l("What do families run into?"),
        validators=[
            DataRequired(_l("Please say in a few words what families run into.")),
            Length(max=rules.TITLE_MAX),
        ],
        filters=[_strip],
    )
    outcome = TextAreaField(
        _l("What came of it, in plain words (for the public page once solved)"),
        validators=[Optional(), Length(max=rules.OUTCOME_MAX)],
        filters=[_strip],
    )
    domain_id = SelectField(_l("Life domain"), coerce=int, default=0)
    organization_id = SelectField(_l("Responsible partner"), coerce=int, default=0)
    level = SelectField(
        _l("Level"),
        choices=[SelectChoice(k, label) for k, label in rules.LEVEL_LABELS.items()],
        default="local",
    )
    authority = StringField(
        _l("Passed on to which authority?"),
        validators=[Optional(), Length(max=rules.AUTHORITY_MAX)],
        filters=[_strip],
    )


add_translation_fields(DescribeForm, {"title": rules.TITLE_MAX, "outcome": rules.OUTCOME_MAX})


class StatusForm(FlaskForm):
    """Where the signal stands now, and what changed."""

    status = SelectField(
        _l("Status"), choices=[SelectChoice(k, label) for k, label in rules.STATUS_LABELS.items()]
    )
    what_changed = TextAreaField(
        _l("What changed?"),
        validators=[Optional(), Length(max=rules.CHANGE_MAX)],
        filters=[_strip],
    )


class StepForm(FlaskForm):
    """One step of the action plan."""

    what = StringField(
        _l("What will be done?"),
        validators=[
            DataRequired(_l("Please say what will be done.")),
            Length(max=rules.STEP_MAX),
        ],
        filters=[_strip],
    )
    owner = StringField(
        _l("Who takes it up?"),
        description=_l("A partner or a role, no names of families."),
        validators=[Optional(), Length(max=rules.OWNER_MAX)],
        filters=[_strip],
    )
    due_on = DateField(_l("By when?"), validators=[Optional()])


class BarrierForm(FlaskForm):
    """A barrier a worker met, without the family: domain, what blocked, where."""

    domain_id = SelectField(_l("Life domain"), coerce=int, default=0)
    what = TextAreaField(
        _l("What blocked?"),
        description=_l("A few words, no names and nothing that points to a family."),
        validators=[
            DataRequired(_l("Please say in a few words what blocked.")),
            Length(max=rules.WHAT_MAX),
        ],
        filters=[_strip],
    )
    place = StringField(
        _l("Where?"),
        description=_l("A service or a place, for example: the childcare on the market."),
        validators=[Optional(), Length(max=rules.PLACE_MAX)],
        filters=[_strip],
    )


class GroupForm(FlaskForm):
    """Group the ticked barriers into a new or an existing signal."""

    barrier_ids = SelectMultipleField(_l("Barriers"), coerce=int)
    signal_id = SelectField(_l("Signal"), coerce=int, default=0)
    title = StringField(
        _l("What do families run into? (for a new signal)"),
        validators=[Optional(), Length(max=rules.TITLE_MAX)],
        filters=[_strip],
    )


class MeetingForm(FlaskForm):
    """A network meeting: the day, from when to when, and where."""

    day = DateField(_l("Date"), validators=[InputRequired(_l("Please give a date."))])
    starts = TimeField(_l("From"), validators=[InputRequired(_l("Please give a time."))])
    ends = TimeField(_l("Until"), validators=[InputRequired(_l("Please give a time."))])
    place = StringField(
        _l("Where?"), validators=[Optional(), Length(max=rules.PLACE_MAX)], filters=[_strip]
    )


class MinutesForm(FlaskForm):
    """What was said about everything else (each signal has its own fields on the page)."""

    general = TextAreaField(
        _l("Other notes of the meeting"),
        validators=[Optional(), Length(max=rules.MINUTES_MAX)],
        filters=[_strip],
    )

"""Forms for topics: propose (a picture and/or a few words), and the staff steps."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from spelotheek import typed
from spelotheek.topics import rules


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class ProposeForm(FlaskForm):
    """A proposal: tap a picture, write a few words in any language, or both."""

    theme = RadioField(
        _l("What is it about? Tap a picture."),
        choices=[SelectChoice(key, label) for key, label in rules.THEME_LABELS.items()],
        validators=[Optional()],
        validate_choice=True,
    )
    text = TextAreaField(
        _l("In your own words (optional, any language)"),
        description=_l("At most 500 characters. Please do not write names."),
        validators=[Optional(), Length(max=rules.TEXT_MAX)],
        filters=[_strip],
    )
    where = SelectField(_l("Where do you want to talk about it?"), default="open")
    card = StringField(
        _l("Family card code (optional)"),
        description=_l("Only when a parent asks you to write it down for them."),
        validators=[Optional(), Length(max=60)],
        filters=[_strip],
    )


class DeclineForm(FlaskForm):
    """Decline with a reason the proposer sees."""

    reason = TextAreaField(
        _l("Why not? The person who proposed it will read this."),
        validators=[DataRequired(_l("Please write a short reason.")), Length(max=rules.REASON_MAX)],
        filters=[_strip],
    )


class SummaryForm(FlaskForm):
    """A Dutch summary next to the original words."""

    summary = TextAreaField(
        _l("Summary in Dutch"),
        description=_l("The original words stay as they are."),
        validators=[Optional(), Length(max=rules.TEXT_MAX)],
        filters=[_strip],
    )


class MergeForm(FlaskForm):
    """Join a duplicate with the topic that is kept."""

    kept_id = IntegerField(
        _l("Number of the topic to keep"),
        validators=[
            DataRequired(_l("Please give the number.")),
            NumberRange(min=1, max=typed.DATABASE_INT, message=_l("Please give the number.")),
        ],
    )


class PlanForm(FlaskForm):
    """Plan into a coming meetup date or group session."""

    slot = SelectField(_l("Date"))
    theme = StringField(
        _l("Theme shown on that date"),
        validators=[Optional(), Length(max=rules.THEME_TEXT_MAX)],
        filters=[_strip],
    )


class ReportForm(FlaskForm):
    """What came of it, in three short parts."""

    talked = TextAreaField(
        _l("What we talked about"), validators=[Optional(), Length(max=rules.NOTE_MAX)]
    )
    found = TextAreaField(
        _l("What we found out"), validators=[Optional(), Length(max=rules.NOTE_MAX)]
    )
    next_steps = TextAreaField(
        _l("Where to go next"), validators=[Optional(), Length(max=rules.NOTE_MAX)]
    )


class MarkSignalForm(FlaskForm):
    """Mark a topic as a signal: a new one, or add it to one that exists."""

    signal_id = SelectField(_l("Signal"), coerce=int, default=0)
    title = StringField(
        _l("What do families run into? (for a new signal)"),
        description=_l("A few words, no names."),
        validators=[Optional(), Length(max=rules.SIGNAL_TITLE_MAX)],
        filters=[_strip],
    )

"""The form of the family's own slip: pictures to tap, own words, the service, what helps."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from spelotheek.network.slip import INTERPRETER_LANGUAGES, OWN_WORDS_MAX


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class _Pictures(SelectMultipleField):
    """Several pictures to tap, one checkbox each."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SlipForm(FlaskForm):
    """What the family wants to ask; the view sets the choices from the directory."""

    topics = _Pictures(
        _l("What do you want to ask about? Tap one or more pictures."),
        validate_choice=False,  # checked below, with a message of our own
    )
    own_words = TextAreaField(
        _l("In your own words (optional, any language)"),
        description=_l("At most 500 characters. Only your slip shows them: we keep nothing."),
        validators=[
            Optional(),
            Length(
                max=OWN_WORDS_MAX,
                message=_l(
                    "Please write at most %(max)d characters. Your words are still here: "
                    "make them a little shorter."
                ),
            ),
        ],
        filters=[_strip],
        render_kw={"dir": "auto", "rows": 4},
    )
    service = SelectField(
        _l("Which service do you go to? (optional)"),
        description=_l("The slip shows its name. You can also leave this empty."),
        validate_choice=False,  # the view looks the service up among the active ones
    )
    interpreter = SelectField(
        _l("Would you like an interpreter? (optional)"), validate_choice=False
    )
    slowly = BooleanField(_l("Please speak slowly and use simple words."))
    reading = BooleanField(_l("I cannot read well."))

    def validate_topics(self, field: _Pictures) -> None:
        """Only the pictures the form shows."""
        offered = {value for value, _label in field.choices or []}
        if any(value not in offered for value in field.data or []):
            raise ValidationError(_l("Please choose from the pictures."))

    def validate_interpreter(self, field: SelectField) -> None:
        """Only a language of the list (or none)."""
        if field.data and field.data not in INTERPRETER_LANGUAGES:
            raise ValidationError(_l("Please choose a language from the list."))

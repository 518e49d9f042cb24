"""The form to ask for an interpreter; the rules check the values and say what is wrong."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, TextAreaField

from spelotheek.welcome.forms import language_choices


def _with_empty() -> list[SelectChoice]:
    return [SelectChoice("", "—"), *language_choices()]


class InterpreterForm(FlaskForm):
    """A language and an optional short note."""

    language = SelectField(
        _l("Interpreter for"), choices=_with_empty, default="", validate_choice=False
    )
    note = TextAreaField(
        _l("Note (optional)"),
        description=_l("At most 200 characters. No names or phone numbers, please."),
        render_kw={"maxlength": 200, "rows": 2},
    )

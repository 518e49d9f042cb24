"""Forms for buddies and interpreter requests; the rules check the values and say what is wrong."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from spelotheek.reach.figures import category_label
from spelotheek.welcome.rules import FIRST_NAME_MAX, LANGUAGES


def language_name(code: str) -> str:
    """A language's name in the page's language."""
    return str(category_label("home_language", code))


def language_choices() -> list[SelectChoice]:
    """The languages a buddy or an interpreter can speak, named in the page's language."""
    return [SelectChoice(code, language_name(code)) for code in LANGUAGES]


def _with_empty() -> list[SelectChoice]:
    return [SelectChoice("", "—"), *language_choices()]


class BuddyForm(FlaskForm):
    """A buddy's first name and languages: nothing else."""

    first_name = StringField(
        _l("Your first name"),
        description=_l("Newcomers see only this name."),
        render_kw={"maxlength": FIRST_NAME_MAX, "autocomplete": "given-name"},
    )
    languages = SelectMultipleField(
        _l("Languages you speak"),
        choices=language_choices,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,  # the rules say which choice is wrong, in plain words
    )


class BuddyRequestForm(FlaskForm):
    """A newcomer asks for a buddy: a language and, if they like, a first name."""

    language = SelectField(
        _l("A buddy who speaks"), choices=_with_empty, default="", validate_choice=False
    )
    first_name = StringField(
        _l("Your first name (you may leave this empty)"),
        render_kw={"maxlength": FIRST_NAME_MAX, "autocomplete": "given-name"},
    )


class MatchForm(FlaskForm):
    """Staff choose a buddy for a request (empty: no buddy)."""

    buddy = SelectField(_l("Buddy"), choices=[], default="", validate_choice=False)

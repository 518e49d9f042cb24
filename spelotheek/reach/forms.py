"""Forms for reach statistics: the family's optional answers, the page's choices, references."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from spelotheek.reach.dimensions import CARERS, DECLINED, DIMENSIONS, HOUSEHOLDS, LABELS, OUTSIDE
from spelotheek.reach.report import category_label


def _settings():
    from spelotheek.reach.services import settings_from

    return settings_from(current_app.config)


def _rather_not() -> SelectChoice:
    return SelectChoice(DECLINED, str(LABELS[DECLINED]))


def language_choices() -> list[SelectChoice]:
    """Home languages in the page's language, then 'rather not say'."""
    codes = _settings().languages
    return (
        [SelectChoice("", "—")]
        + [SelectChoice(c, str(category_label("home_language", c))) for c in codes]
        + [_rather_not()]
    )


def other_language_choices() -> list[SelectChoice]:
    """Other languages spoken at home."""
    return [SelectChoice(c, str(category_label("home_language", c))) for c in _settings().languages]


def neighbourhood_choices() -> list[SelectChoice]:
    """The neighbourhoods we serve, 'outside our area' and 'rather not say'."""
    names = _settings().neighbourhoods
    return (
        [SelectChoice("", "—")]
        + [SelectChoice(n, n) for n in names]
        + [SelectChoice(OUTSIDE, str(LABELS[OUTSIDE])), _rather_not()]
    )


class ProfileForm(FlaskForm):
    """A few optional questions; every one has 'I'd rather not say'."""

    home_language = SelectField(
        _l("Which language do you speak most at home?"),
        choices=language_choices,
        default="",
        validators=[Optional()],
    )
    other_languages = SelectMultipleField(
        _l("Other languages at home (optional)"),
        choices=other_language_choices,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[Optional()],
    )
    household = RadioField(
        _l("How many adults live in your home?"),
        choices=lambda: [SelectChoice(c, str(LABELS[c])) for c in HOUSEHOLDS] + [_rather_not()],
        validators=[Optional()],
    )
    usual_carer = RadioField(
        _l("Who comes with the children most often?"),
        choices=lambda: [SelectChoice(c, str(LABELS[c])) for c in CARERS] + [_rather_not()],
        validators=[Optional()],
    )
    neighbourhood = SelectField(
        _l("In which neighbourhood do you live?"),
        choices=neighbourhood_choices,
        default="",
        validators=[Optional()],
    )
    consent = BooleanField(
        _l("Yes, you may use these answers to count, without names, which families we reach."),
        validators=[DataRequired(_l("Please tick the box if you agree. If not, that is fine."))],
    )

    def answers(self) -> dict[str, object]:
        """The answers given ('' is no answer)."""
        return {
            "home_language": self.home_language.data or None,
            "other_languages": list(self.other_languages.data or []),
            "household": self.household.data or None,
            "usual_carer": self.usual_carer.data or None,
            "neighbourhood": self.neighbourhood.data or None,
        }


def dimension_choices() -> list[SelectChoice]:
    """The breakdowns a coordinator can choose."""
    return [SelectChoice(code, str(d.label)) for code, d in DIMENSIONS.items()]


class ReferenceForm(FlaskForm):
    """A share for the area served, with its source and year."""

    label = StringField(
        _l("What the figure is about"),
        validators=[DataRequired(_l("Please say what the figure is about.")), Length(max=120)],
    )
    target = SelectField(
        _l("Compare with"),
        choices=lambda: reference_targets(),
        default="none",
        description=_l("Choose the group of our families it matches, or 'context only'."),
    )
    share_percent = DecimalField(
        _l("Share in the area (%)"),
        places=1,
        validators=[
            InputRequired(_l("Please give the share as a percentage.")),
            NumberRange(0, 100, _l("A share is between 0 and 100.")),
        ],
    )
    source = StringField(
        _l("Source"),
        validators=[DataRequired(_l("Please name the source.")), Length(max=200)],
    )
    year = IntegerField(
        _l("Year"),
        validators=[
            InputRequired(_l("Please give the year.")),
            NumberRange(1990, date.today().year + 1, _l("Please give a year like 2025.")),
        ],
    )


def reference_targets() -> list[SelectChoice]:
    """'Context only', then every answer of every profile question."""
    settings = _settings()
    choices = [SelectChoice("none", str(_l("Context only (we do not ask this)")))]
    groups = {
        "home_language": settings.languages,
        "household": HOUSEHOLDS,
        "usual_carer": CARERS,
        "neighbourhood": (*settings.neighbourhoods, OUTSIDE),
    }
    for dim, codes in groups.items():
        for code in codes:
            label = f"{DIMENSIONS[dim].label}: {category_label(dim, code)}"
            choices.append(SelectChoice(f"{dim}:{code}", label))
    return choices

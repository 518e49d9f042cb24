"""Forms for the toy library; labels for development areas and item states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

AREA_LABELS = {
    "motor": _l("Moving and grabbing"),
    "language": _l("Talking and words"),
    "social": _l("Playing together"),
    "pretend": _l("Pretend play"),
    "puzzles": _l("Puzzles and thinking"),
    "board_games": _l("Board games"),
    "senses": _l("Feeling, seeing, hearing"),
    "music": _l("Music and sounds"),
}
STATE_LABELS = {
    "available": _l("On the shelf"),
    "on_loan": _l("Lent out"),
    "held": _l("Kept for a family"),
    "incomplete": _l("Pieces missing"),
    "cleaning": _l("Being cleaned"),
    "repair": _l("Being repaired"),
    "retired": _l("No longer lent"),
}
# States staff may choose by hand; lending and keeping for a family happen at the desk.
STAFF_STATES = ("available", "incomplete", "cleaning", "repair", "retired")


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes, one per choice."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ToyForm(FlaskForm):
    """A toy in the catalogue."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Please give the toy a name.")), Length(max=120)],
        filters=[_strip],
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=2000)])
    min_age_months = IntegerField(
        _l("Youngest age (months)"),
        default=0,
        validators=[NumberRange(0, 216, _l("Give an age between 0 and 216 months."))],
    )
    max_age_months = IntegerField(
        _l("Oldest age (months)"),
        default=96,
        validators=[NumberRange(0, 216, _l("Give an age between 0 and 216 months."))],
    )
    areas = MultiCheckboxField(
        _l("What children learn with it"), choices=lambda: list(AREA_LABELS.items())
    )
    min_players = IntegerField(
        _l("Fewest players"), default=1, validators=[NumberRange(1, 20, _l("From 1 to 20."))]
    )
    max_players = IntegerField(
        _l("Most players"), default=1, validators=[NumberRange(1, 20, _l("From 1 to 20."))]
    )
    tags = StringField(
        _l("Tags"),
        description=_l("Words to find it by, separated by commas."),
        validators=[Length(max=200)],
    )
    parts = TextAreaField(
        _l("Parts list"),
        description=_l("One part per line, with the number first, for example: 12 wooden blocks"),
        validators=[Length(max=4000)],
    )
    photo = FileField(
        _l("Photo (optional)"),
        description=_l("A JPEG, PNG or WebP photo under 5 MB."),
        validators=[FileAllowed(["jpg", "jpeg", "png", "webp"], _l("Please send a photo."))],
    )

    def fields_dict(self) -> dict[str, object]:
        """The toy fields for the service."""
        return {
            "name": self.name.data,
            "description": (self.description.data or "").strip(),
            "min_age_months": self.min_age_months.data,
            "max_age_months": self.max_age_months.data,
            "areas": ",".join(self.areas.data or []),
            "tags": self.tags.data or "",
            "min_players": self.min_players.data,
            "max_players": self.max_players.data,
        }


class ItemsForm(FlaskForm):
    """Add copies of a toy."""

    count = IntegerField(
        _l("Number of copies"), default=1, validators=[NumberRange(1, 50, _l("From 1 to 50."))]
    )
    location = SelectField(_l("Place"), coerce=int, choices=lambda: [(0, "—")])


class ItemStateForm(FlaskForm):
    """Staff change an item's state."""

    state = SelectField(_l("State"), choices=lambda: [(s, STATE_LABELS[s]) for s in STAFF_STATES])
    note = StringField(
        _l("Note for the desk (pieces missing but it can go out)"),
        validators=[Optional(), Length(max=200)],
    )


class ScanForm(FlaskForm):
    """The desk's scan box."""

    code = StringField(
        _l("Scan a card or a toy label"),
        validators=[DataRequired(_l("Scan a family card or a toy label.")), Length(max=300)],
    )


class ReasonForm(FlaskForm):
    """A reason, for cancelling a reservation."""

    reason = StringField(
        _l("Reason"), validators=[DataRequired(_l("Please give a reason.")), Length(max=200)]
    )


class FamilyLimitForm(FlaskForm):
    """A per-family maximum number of toys at home (empty: the usual number)."""

    limit = IntegerField(
        _l("Toys at home at once for this family"),
        validators=[Optional(), NumberRange(0, 50, _l("From 0 to 50."))],
    )
    reason = StringField(
        _l("Why (the family sees this)"),
        description=_l('In plain words, for example: "You asked for more toys for twins."'),
        validators=[Length(max=200, message=_l("Please keep the reason under 200 characters."))],
        filters=[lambda v: (v or "").strip()],
    )

    def validate_reason(self, field: StringField) -> None:
        """A changed limit needs a reason: the family is shown why."""
        if self.limit.data is not None and not field.data:
            raise ValidationError(_l("Please write why. The family sees this reason."))


class PolicyForm(FlaskForm):
    """The loan policy the coordinator sets."""

    loan_days = IntegerField(
        _l("Loan period (days)"), validators=[NumberRange(1, 120, _l("From 1 to 120."))]
    )
    max_open_loans = IntegerField(
        _l("Toys at home at once"), validators=[NumberRange(1, 50, _l("From 1 to 50."))]
    )
    max_renewals = IntegerField(
        _l("Renewals per loan"), validators=[NumberRange(0, 20, _l("From 0 to 20."))]
    )
    long_overdue_days = IntegerField(
        _l("No renewal when more than this many days late"),
        validators=[NumberRange(0, 365, _l("From 0 to 365."))],
    )
    found_grace_days = IntegerField(
        _l("Days a family can report found pieces"),
        validators=[NumberRange(0, 365, _l("From 0 to 365."))],
    )
    pickup_sessions = IntegerField(
        _l("How many opening times we keep a reserved toy"),
        validators=[NumberRange(1, 10, _l("From 1 to 10."))],
    )
    clean_after_return = BooleanField(_l("Every returned toy goes to cleaning first"))


class ImportForm(FlaskForm):
    """Upload a catalogue CSV."""

    file = FileField(
        _l("CSV file"),
        description=_l(
            "Columns: ref, name, description, min_age_months, max_age_months, "
            "areas, tags, min_players, max_players, parts, copies."
        ),
        validators=[FileRequired(_l("Please choose a file.")), FileAllowed(["csv", "txt"])],
    )

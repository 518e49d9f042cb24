"""Forms for perinatal groups; every field that touches people says why it is asked."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from spelotheek.content_forms import add_translation_fields
from spelotheek.families.forms import language_choices
from spelotheek.settings import LANGUAGES

STATUS_LABELS = {
    "planned": _l("Planned"),
    "running": _l("Running"),
    "finished": _l("Finished"),
}
ATTENDANCE_LABELS = {
    "present": _l("Came"),
    "absent": _l("Did not come"),
    "excused": _l("Told us they could not come"),
}


CONTACT_LABEL = _l("We may get in touch when the parent misses a session")


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def month_field_choices() -> list[tuple[str, str]]:
    """Months 1–12 as choices (the label is the number; pages show month names)."""
    return [(str(m), str(m)) for m in range(1, 13)]


class GroupForm(FlaskForm):
    """A group's details; the due window is two months (year and month only)."""

    name = StringField(
        _l("Name of the group"),
        description=_l("For example: Group spring 2027. Do not use people's names."),
        validators=[DataRequired(_l("Please give the group a name.")), Length(max=80)],
        filters=[_strip],
    )
    location_id = SelectField(_l("Place"), coerce=int, validate_choice=True)
    facilitator_ids = MultiCheckboxField(
        _l("Facilitators"), coerce=int, description=_l("Only they (and the coordinator) see it.")
    )
    due_from = DateField(
        _l("Due from (month)"),
        format="%Y-%m",
        render_kw={"type": "month"},
        validators=[InputRequired(_l("Please give the first due month (YYYY-MM)."))],
    )
    due_to = DateField(
        _l("Due until (month)"),
        format="%Y-%m",
        render_kw={"type": "month"},
        validators=[InputRequired(_l("Please give the last due month (YYYY-MM)."))],
    )
    capacity = IntegerField(
        _l("Places"),
        default=12,
        description=_l("You can enrol more people than this; you will see a warning."),
        validators=[
            InputRequired(_l("Please give the number of places.")),
            NumberRange(1, 99, _l("Between 1 and 99 places.")),
        ],
    )
    languages = MultiCheckboxField(
        _l("Languages spoken in the group"),
        choices=lambda: [(code, info["name"]) for code, info in LANGUAGES.items()],
        default=["nl"],
        validators=[DataRequired(_l("Please choose at least one language."))],
    )
    rolling_entry = BooleanField(
        _l("People can still join after the first session"),
    )

    def validate_due_to(self, field: DateField) -> None:
        """The window must not end before it starts."""
        from wtforms.validators import ValidationError

        if self.due_from.data and field.data and field.data < self.due_from.data:
            raise ValidationError(_l("The last due month is before the first one."))

    def group_fields(self) -> dict[str, object]:
        """The cleaned group fields."""
        return {
            "name": self.name.data,
            "location_id": self.location_id.data,
            "due_from": self.due_from.data.replace(day=1),
            "due_to": self.due_to.data.replace(day=1),
            "capacity": self.capacity.data,
            "languages": ",".join(self.languages.data),
            "rolling_entry": bool(self.rolling_entry.data),
        }


class NewGroupForm(GroupForm):
    """A new group and how to generate its session plan."""

    template_id = SelectField(_l("Session plan"), coerce=int, validate_choice=True)
    first_day = DateField(
        _l("Date of the first session"),
        description=_l(
            "Best between week 12 and 16 of pregnancy. Days the place is closed are skipped."
        ),
        validators=[InputRequired(_l("Please give the date of the first session."))],
    )
    start = TimeField(
        _l("Start time"),
        validators=[InputRequired(_l("Please give a start time."))],
    )
    room = StringField(_l("Room (optional)"), validators=[Optional(), Length(max=80)])


class EditGroupForm(GroupForm):
    """A group's details and status."""

    status = SelectField(
        _l("Status"),
        choices=lambda: list(STATUS_LABELS.items()),
        description=_l("When a group is finished, names are removed after 12 months."),
    )


class SessionForm(FlaskForm):
    """One session: when, where, what about. No health data."""

    day = DateField(_l("Date"), validators=[InputRequired(_l("Please give a date."))])
    start = TimeField(_l("Start time"), validators=[InputRequired(_l("Please give a time."))])
    duration_minutes = IntegerField(
        _l("Length in minutes"),
        default=120,
        validators=[InputRequired(), NumberRange(15, 480, _l("Between 15 and 480 minutes."))],
    )
    room = StringField(_l("Room"), validators=[Optional(), Length(max=80)], filters=[_strip])
    theme = StringField(_l("Theme"), validators=[Optional(), Length(max=200)], filters=[_strip])
    interpreter_needed = BooleanField(_l("An interpreter is needed"))
    notes = TextAreaField(
        _l("Notes about the session"),
        description=_l(
            "About the session only (what went well, what to bring). "
            "Never write health data or anything about one person here."
        ),
        validators=[Optional(), Length(max=2000)],
        filters=[lambda v: (v or "").strip()],
    )


add_translation_fields(SessionForm, {"theme": 200})


class EnrolForm(FlaskForm):
    """Enrol an expectant parent with their family card and explicit consent."""

    card = StringField(
        _l("Family card code"),
        description=_l("Scan or type the code on the family card."),
        validators=[DataRequired(_l("Please scan or type the card code.")), Length(max=300)],
    )
    due = SelectField(_l("Expected due month"), description=_l("Only the month, never the day."))
    with_partner = BooleanField(_l("A partner or companion comes along"))
    share_name = BooleanField(
        _l("Other participants may see the name on the card"),
        description=_l("They can change this later on their own page."),
    )
    consent = BooleanField(
        _l("The parent agrees"),
        description=_l(
            "We keep the name, due month and attendance for the group's facilitators, until "
            "12 months after the group ends. The parent can stop at any time, without any "
            "consequence."
        ),
    )
    contact_ok = BooleanField(
        CONTACT_LABEL,
        description=_l("Only if the parent says yes. They can switch it off on their own page."),
    )

    def due_month(self) -> tuple[int, int]:
        """The chosen (year, month)."""
        year, month = self.due.data.split("-")
        return int(year), int(month)


CALL_ME = "call"  # the sign-up's group choice for "not sure: call me" (a join request)


def _due_of(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    year, month = value.split("-")
    return int(year), int(month)


class ReferForm(FlaskForm):
    """A midwife enrols someone without a family card: first name and phone are enough."""

    first_name = StringField(
        _l("First name"),
        description=_l("Only the first name. The family card can be linked later."),
        validators=[
            DataRequired(_l("Please write a first name.")),
            Length(max=40, message=_l("Please write a first name of at most 40 letters.")),
        ],
        filters=[_strip],
    )
    phone = TelField(
        _l("Phone number"),
        description=_l("To call about the group. For example 0470 12 34 56."),
        validators=[DataRequired(_l("Please give a phone number.")), Length(max=40)],
        filters=[_strip],
    )
    language = SelectField(
        _l("Language to call in (optional)"),
        choices=language_choices,
        default="",
        validate_choice=True,
    )
    due = SelectField(
        _l("Expected due month (optional)"),
        description=_l("Only the month, never the day."),
        default="",
        validate_choice=True,
    )
    consent = BooleanField(
        _l("The parent agrees"),
        description=_l(
            "This is about a pregnancy: health data. We keep the first name, phone, language and "
            "due month for the group's midwives, until 12 months after the group ends. The parent "
            "can stop at any time."
        ),
    )
    contact_ok = BooleanField(
        CONTACT_LABEL,
        description=_l("Only if the parent says yes."),
    )

    def due_month(self) -> tuple[int, int] | None:
        """The chosen (year, month), or None."""
        return _due_of(self.due.data)


class SignUpForm(ReferForm):
    """The public sign-up: a group (or "call me"), a first name and a phone, with a yes."""

    group = SelectField(_l("Which group?"), validate_choice=True)
    first_name = StringField(
        _l("Your first name"),
        description=_l("Only your first name. You do not need a family card."),
        validators=[Length(max=40, message=_l("Please write a first name of at most 40 letters."))],
        filters=[_strip],
    )
    phone = TelField(
        _l("Your phone number"),
        description=_l(
            "The midwife calls you before the first meeting. For example 0470 12 34 56."
        ),
        validators=[DataRequired(_l("Please give a phone number.")), Length(max=40)],
        filters=[_strip],
    )
    language = SelectField(
        _l("Language you prefer (optional)"),
        choices=language_choices,
        default="",
        validate_choice=True,
    )
    consent = BooleanField(
        _l("Yes, you may keep my first name and phone for the group"),
        description=_l(
            "A pregnancy is health data. We keep your first name, phone, language and due month "
            "only for the midwives of your group, until 12 months after the group ends. Nobody "
            "else sees it. You can stop at any time."
        ),
    )
    contact_ok = BooleanField(
        _l("If I miss a meeting, you may call or send me a message"),
        description=_l("You can say no. You can change it later."),
    )

    def validate_first_name(self, field: StringField) -> None:
        """A group needs a first name; "call me" only needs the phone."""
        if self.group.data != CALL_ME and not field.data:
            raise ValidationError(_l("Please write your first name."))


class LinkCardForm(FlaskForm):
    """The participant now has a family card: link it to their place in the group."""

    card = StringField(
        _l("Family card code"),
        description=_l("Scan or type the code on the new family card."),
        validators=[DataRequired(_l("Please scan or type the card code.")), Length(max=300)],
    )


class TemplateForm(FlaskForm):
    """A session plan: one line per session, 'weeks after the first session | theme'."""

    name = StringField(
        _l("Name of the plan"),
        validators=[DataRequired(_l("Please give the plan a name.")), Length(max=80)],
        filters=[_strip],
    )
    lines = TextAreaField(
        _l("Sessions"),
        description=_l(
            "One line per session: the number of weeks after the first session, a | and the "
            "theme. For example: 4 | Eating well and moving"
        ),
        validators=[DataRequired(_l("Please give at least one session."))],
        render_kw={"rows": 12},
    )


class ShareForm(FlaskForm):
    """A participant chooses whether the group may see their name."""

    share_name = BooleanField(_l("Other participants may see my name"))

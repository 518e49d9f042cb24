"""Forms for meetups: a series, one date, a closed period, counts and a card scan."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from spelotheek.content_forms import add_translation_fields, translations_of
from spelotheek.meetups import rules
from spelotheek.meetups.services import SERIES_FIELDS, TRANSLATED_SERIES_FIELDS


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def weekday_choices() -> list[tuple[int, str]]:
    """Monday to Sunday in the page's language."""
    from spelotheek.templating import weekday_name

    return [(d, weekday_name(d)) for d in range(7)]


PATTERN_CHOICES = [
    ("weekly", _l("Every week")),
    ("fortnightly", _l("Every other week")),
    ("monthly", _l("Once a month")),
]
NTH_CHOICES = [
    (1, _l("first")),
    (2, _l("second")),
    (3, _l("third")),
    (4, _l("fourth")),
    (-1, _l("last")),
]


class SeriesForm(FlaskForm):
    """A meetup series: what, where, when and for whom."""

    title = StringField(
        _l("Name of the meeting"),
        validators=[DataRequired(_l("Please give the meeting a name.")), Length(max=120)],
        filters=[_strip],
    )
    description = TextAreaField(_l("What is it?"), validators=[Length(max=2000)], filters=[_strip])
    location_id = SelectField(_l("Place"), coerce=int, validate_choice=True)
    pattern = SelectField(_l("How often"), choices=lambda: PATTERN_CHOICES, default="weekly")
    weekday = SelectField(_l("Day"), coerce=int, choices=weekday_choices, default=2)
    nth = SelectField(
        _l("Which week of the month"),
        coerce=int,
        choices=lambda: NTH_CHOICES,
        default=1,
        description=_l("Only for meetings once a month."),
    )
    first_day = DateField(_l("First date"), validators=[InputRequired(_l("Please give a date."))])
    last_day = DateField(
        _l("Last date (optional)"),
        validators=[Optional()],
        description=_l("Leave empty when the meetings go on."),
    )
    starts = TimeField(_l("Starts at"), validators=[InputRequired(_l("Please give a time."))])
    ends = TimeField(_l("Ends at"), validators=[InputRequired(_l("Please give a time."))])
    capacity = IntegerField(
        _l("Room for how many adults"),
        default=12,
        validators=[InputRequired(_l("Please give a number."))],
        description=_l("About 12 works well. Children come along and are not counted here."),
    )
    min_age = IntegerField(
        _l("Children from age"), default=0, validators=[InputRequired(_l("Please give a number."))]
    )
    max_age = IntegerField(
        _l("Children up to age"),
        default=5,
        validators=[InputRequired(_l("Please give a number."))],
        description=_l("0 to 5 lets brothers and sisters come along."),
    )
    languages = StringField(_l("Languages spoken"), validators=[Length(max=120)], filters=[_strip])
    audience = StringField(
        _l("Who is it for"),
        default="",
        validators=[Length(max=200)],
        filters=[_strip],
        description=_l("For example: for mums, dads and every caregiver."),
    )
    what_to_expect = TextAreaField(
        _l("What to expect"), validators=[Length(max=2000)], filters=[_strip]
    )
    what_to_bring = TextAreaField(
        _l("What to bring"), validators=[Length(max=2000)], filters=[_strip]
    )
    hosts = StringField(
        _l("Hosts"),
        validators=[Length(max=200)],
        filters=[_strip],
        description=_l("Who welcomes people, for example first names. This is shown publicly."),
    )
    accessibility = TextAreaField(
        _l("Access (pram, wheelchair, stairs)"),
        validators=[Length(max=1000)],
        filters=[_strip],
        description=_l("Only what differs from the building's own access notes."),
    )

    def schedule_fields(self) -> dict[str, object]:
        """The cleaned fields, with the recurrence as an RRULE.

        Raises MeetupRefused for a pattern that does not exist.
        """
        fields = {
            name: getattr(self, name).data
            for name in SERIES_FIELDS
            if name != "rrule" and not name.endswith("_texts")  # built below
        }
        for name in TRANSLATED_SERIES_FIELDS:
            fields[f"{name}_texts"] = translations_of(self, name)
        for text in (
            "description",
            "languages",
            "audience",
            "what_to_expect",
            "what_to_bring",
            "hosts",
            "accessibility",
        ):
            fields[text] = fields[text] or ""
        fields["rrule"] = rules.rule_text(self.pattern.data, self.weekday.data, self.nth.data)
        return fields


add_translation_fields(SeriesForm, TRANSLATED_SERIES_FIELDS)


class SeriesEditForm(SeriesForm):
    """A series change for all dates, or from one date on."""

    scope = RadioField(
        _l("Change which dates"),
        choices=lambda: [("all", _l("All dates")), ("from", _l("From this date on"))],
        default="all",
    )
    from_day = DateField(_l("From this date on"), validators=[Optional()])


class DateForm(FlaskForm):
    """This date only: move it, change its times, give it a theme."""

    day = DateField(_l("Date"), validators=[InputRequired(_l("Please give a date."))])
    starts = TimeField(_l("Starts at"), validators=[InputRequired(_l("Please give a time."))])
    ends = TimeField(_l("Ends at"), validators=[InputRequired(_l("Please give a time."))])
    theme = StringField(
        _l("Theme of the day (optional)"),
        validators=[Length(max=200)],
        filters=[_strip],
        description=_l("For example: sleeping, or playing outside."),
    )


add_translation_fields(DateForm, {"theme": 200})


class CancelForm(FlaskForm):
    """Cancel one date, with a reason families will read."""

    reason = StringField(
        _l("Why is it cancelled?"),
        validators=[DataRequired(_l("Please say why, so families know.")), Length(max=200)],
        filters=[_strip],
    )


class PauseForm(FlaskForm):
    """Take a break from a day on."""

    from_day = DateField(_l("Break from"), validators=[InputRequired(_l("Please give a date."))])


class ClosureForm(FlaskForm):
    """A period without meetings (school holidays)."""

    location_id = SelectField(_l("Place"), coerce=int, validate_choice=True)
    first_day = DateField(_l("First day"), validators=[InputRequired(_l("Please give a date."))])
    last_day = DateField(_l("Last day"), validators=[InputRequired(_l("Please give a date."))])
    reason = StringField(
        _l("Why"),
        validators=[DataRequired(_l("Please say why, so families know.")), Length(max=120)],
        filters=[_strip],
        description=_l("For example: Christmas holidays."),
    )


def _count(label: object) -> IntegerField:
    return IntegerField(
        label,
        default=0,
        validators=[
            InputRequired(_l("Please give a number.")),
            NumberRange(min=0, max=999, message=_l("Please give a number from 0 to 999.")),
        ],
    )


class CountsForm(FlaskForm):
    """Correct the counts of a date afterwards."""

    adults = _count(_l("Adults"))
    children = _count(_l("Children"))
    first_visits = _count(_l("First visit"))
    mothers = _count(_l("Mothers"))
    fathers = _count(_l("Fathers"))
    other_caregivers = _count(_l("Other caregivers"))

    def counts(self) -> rules.Counts:
        """The numbers as counts."""
        return rules.Counts(**{n: int(getattr(self, n).data) for n in rules.COUNTER_NAMES})


class ScanForm(FlaskForm):
    """A family card scanned at the meeting."""

    code = StringField(
        _l("Card code"),
        validators=[DataRequired(_l("Please scan or type the card.")), Length(max=300)],
    )
    reach_consent = BooleanField(
        _l("The family agrees to be counted for our reach figures"),
        description=_l("Ask first. Without a yes, the scan is not used for figures."),
    )

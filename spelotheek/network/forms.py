"""The forms that keep the directory true: organisations, services, places, hours, closures,
life domains and rights (with their conditions and table of cases)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    FloatField,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from spelotheek.content_forms import add_translation_fields, translations_of
from spelotheek.loans.forms import MultiCheckboxField
from spelotheek.network.entry_fields import SPOKEN_LANGUAGES

MAX_TEXT = 2000
EXTRA_ROWS = 3  # empty rows under the hours and cases, to add without JavaScript


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _required(message: Any) -> list[Any]:
    return [DataRequired(message)]


def _text(label: Any, limit: int = MAX_TEXT, required: Any = None, area: bool = True, **kw: Any):
    validators = [*(_required(required) if required else [Optional()]), Length(max=limit)]
    kind = TextAreaField if area else StringField
    return kind(label, validators=validators, filters=[_strip], **kw)


def weekday_choices() -> list[tuple[int, str]]:
    """ "—" (an empty row) and Monday to Sunday in the page's language."""
    from spelotheek.templating import weekday_name

    return [(-1, "—"), *((d, weekday_name(d)) for d in range(7))]


def spoken_language_choices() -> list[tuple[str, str]]:
    """The languages a service can speak, each named in the page's language."""
    locale = get_locale() or Locale("nl")
    return [(code, Locale(code).get_display_name(locale) or code) for code in SPOKEN_LANGUAGES]


class OrganizationForm(FlaskForm):
    """An organisation of the network."""

    name = _text(_l("Name"), 160, _l("Please give the name."), area=False)
    description = _text(_l("What does it do? (plain words)"))
    website = _text(_l("Website"), 300, area=False, description=_l("Starts with https://"))
    email = _text(_l("E-mail"), 254, area=False)
    phone = _text(_l("Phone"), 40, area=False, description=_l("For example 09 210 10 10"))

    def values(self) -> dict[str, Any]:
        """The fields as the editing service takes them."""
        return {
            "name": self.name.data or "",
            "description": self.description.data or "",
            "description_texts": translations_of(self, "description"),
            "website": self.website.data or "",
            "email": self.email.data or "",
            "phone": self.phone.data or "",
        }


add_translation_fields(OrganizationForm, {"description": MAX_TEXT})
SERVICE_TRANSLATED = {
    "name": 160,
    "description": MAX_TEXT,
    "audience": MAX_TEXT,
    "cost_details": MAX_TEXT,
    "what_to_bring": MAX_TEXT,
}


class ServiceForm(FlaskForm):
    """A service: what, for whom, what it costs, how to come, which life domains."""

    name = _text(_l("Name of the service"), 160, _l("Please give the name."), area=False)
    description = _text(
        _l("What do you offer? (plain words)"), required=_l("Please say what you offer.")
    )
    audience = _text(_l("Who is it for?"))
    domains = MultiCheckboxField(_l("Life domains"), coerce=int)
    cost = RadioField(
        _l("Cost"),
        choices=lambda: [
            ("free", _l("Free")),
            ("reduced", _l("Reduced rate")),
            ("paid", _l("Paid")),
        ],
        default="free",
    )
    price = DecimalField(
        _l("Price in euros"),
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=100000, message=_l("A price is 0 or more.")),
        ],
    )
    cost_details = _text(_l("Reduced rate: for whom, and how much"))
    what_to_bring = _text(_l("What to bring"))
    languages = MultiCheckboxField(_l("Languages spoken"), choices=spoken_language_choices)
    interpreter = BooleanField(_l("We can arrange an interpreter"))
    access = RadioField(
        _l("How to come"),
        choices=lambda: [
            ("walk_in", _l("Walk in")),
            ("appointment", _l("By appointment")),
            ("both", _l("Walk in or by appointment")),
        ],
        default="walk_in",
    )
    phone = _text(_l("Phone"), 40, area=False, description=_l("For example 09 210 10 10"))
    email = _text(_l("E-mail"), 254, area=False)
    url = _text(_l("Web page"), 300, area=False, description=_l("Starts with https://"))
    minimum_age = IntegerField(
        _l("From age (years)"), validators=[Optional(), NumberRange(min=0, max=120)]
    )
    maximum_age = IntegerField(
        _l("Up to age (years)"), validators=[Optional(), NumberRange(min=0, max=120)]
    )
    status = RadioField(
        _l("Status"),
        choices=lambda: [
            ("active", _l("Active: shown to families")),
            ("inactive", _l("Not active: hidden")),
        ],
        default="active",
    )

    def values(self) -> dict[str, Any]:
        """The fields as the editing service takes them."""
        price = self.price.data
        values: dict[str, Any] = {
            field: self[field].data or ""
            for field in ("name", "description", "audience", "cost_details", "what_to_bring")
        }
        values.update({f"{f}_texts": translations_of(self, f) for f in SERVICE_TRANSLATED})
        values.update(
            cost=self.cost.data,
            price_cents=None if price is None else int(Decimal(price) * 100),
            languages=list(self.languages.data or []),
            interpreter=bool(self.interpreter.data),
            access=self.access.data,
            phone=self.phone.data or "",
            email=self.email.data or "",
            url=self.url.data or "",
            status=self.status.data,
            minimum_age=self.minimum_age.data,
            maximum_age=self.maximum_age.data,
        )
        return values


add_translation_fields(ServiceForm, SERVICE_TRANSLATED)


class LocationForm(FlaskForm):
    """A place where the organisation receives families."""

    name = _text(_l("Name of the place"), 160, _l("Please give the name."), area=False)
    address = _text(_l("Street and number"), 200, _l("Please give the address."), area=False)
    postcode = _text(_l("Postcode"), 10, _l("Please give the postcode."), area=False)
    city = _text(_l("Town or city"), 80, _l("Please give the town or city."), area=False)
    latitude = FloatField(_l("Latitude (optional)"), validators=[Optional()])
    longitude = FloatField(_l("Longitude (optional)"), validators=[Optional()])
    transit_stop = _text(_l("Nearest bus or tram stop"), 160, area=False)
    step_free = RadioField(
        _l("Step-free entrance"),
        choices=lambda: [("yes", _l("Yes")), ("no", _l("No")), ("unknown", _l("Not known"))],
        default="unknown",
    )
    access_note = _text(_l("Access (pram, wheelchair, stairs)"))

    def values(self) -> dict[str, Any]:
        """The fields as the editing service takes them."""
        return {
            "name": self.name.data or "",
            "address": self.address.data or "",
            "postcode": self.postcode.data or "",
            "city": self.city.data or "",
            "latitude": self.latitude.data,
            "longitude": self.longitude.data,
            "transit_stop": self.transit_stop.data or "",
            "transit_stop_texts": translations_of(self, "transit_stop"),
            "step_free": {"yes": True, "no": False}.get(self.step_free.data or ""),
            "access_note": self.access_note.data or "",
            "access_note_texts": translations_of(self, "access_note"),
        }


add_translation_fields(LocationForm, {"transit_stop": 160, "access_note": MAX_TEXT})


class HoursRow(Form):
    """One weekly row: a day, when it opens, when it closes."""

    weekday = SelectField(_l("Day"), coerce=int, choices=weekday_choices, default=-1)
    opens = TimeField(_l("Opens"), validators=[Optional()])
    closes = TimeField(_l("Closes"), validators=[Optional()])


class HoursForm(FlaskForm):
    """A service's weekly hours at one place."""

    rows = FieldList(FormField(HoursRow), min_entries=EXTRA_ROWS, max_entries=30)

    def hours(self) -> list[tuple[int, Any, Any]] | None:
        """The filled rows; None (with an error on the row) when a row is half filled."""
        found = []
        for entry in self.rows:
            day, opens, closes = entry.weekday.data, entry.opens.data, entry.closes.data
            if day in (None, -1) and opens is None and closes is None:
                continue
            if day in (None, -1) or opens is None or closes is None:
                entry.weekday.errors = [
                    _l("Please give the day, when it opens and when it closes.")
                ]
                return None
            found.append((day, opens, closes))
        return found


class ClosureForm(FlaskForm):
    """Days a network place (or every network place) is closed."""

    location_id = SelectField(_l("Place"), coerce=int, validate_choice=True)
    first_day = DateField(_l("First day"), validators=[InputRequired(_l("Please give a date."))])
    last_day = DateField(_l("Last day"), validators=[InputRequired(_l("Please give a date."))])
    reason = _text(_l("Why (for example: Christmas holidays)"), 120, area=False)


class DomainForm(FlaskForm):
    """A life domain: its name and pictogram (a new one also its code)."""

    code = _text(
        _l("Code"),
        40,
        area=False,
        description=_l("Small letters, for example ‘debts’. It cannot change later."),
    )
    name = _text(_l("Name"), 80, _l("Please give the name."), area=False)
    pictogram = RadioField(
        _l("Pictogram"), validators=[InputRequired(_l("Please choose a pictogram."))]
    )

    def values(self) -> dict[str, Any]:
        """The fields as the domain service takes them."""
        return {
            "name": self.name.data or "",
            "name_texts": translations_of(self, "name"),
            "pictogram": self.pictogram.data,
        }


add_translation_fields(DomainForm, {"name": 80})


class MoveForm(FlaskForm):
    """Move a life domain up or down."""

    direction = SelectField(choices=lambda: [("up", "up"), ("down", "down")])

"""Forms for families: each optional field says why it is asked."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TelField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from spelotheek import typed
from spelotheek.channels.forms import NOT_SAID, heard_from_field
from spelotheek.families import cardcode
from spelotheek.phones import PhoneRefused, normalise_phone
from spelotheek.settings import LANGUAGES
from spelotheek.templating import month_name


def language_choices() -> list[SelectChoice]:
    """Languages named in themselves, with 'no preference' first."""
    return [SelectChoice("", "—")] + [
        SelectChoice(code, info["name"], render_kw={"lang": code, "dir": info["dir"]})
        for code, info in LANGUAGES.items()
    ]


def _blank_to_none(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
    return value or None


class FamilyForm(FlaskForm):
    """A family's profile: only the display name is needed."""

    display_name = StringField(
        _l("Name on the card"),
        description=_l(
            "A name you choose, for example a first name. It does not need to be your full name."
        ),
        validators=[DataRequired(_l("Please choose a name for the card.")), Length(max=60)],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    language = SelectField(
        _l("Language"),
        choices=language_choices,
        default="",
        description=_l("So that we write to you in your language."),
    )
    email = EmailField(
        _l("E-mail (optional)"),
        description=_l("Only to send reminders, if you agree below."),
        validators=[
            Optional(),
            Email(_l("This e-mail address does not look right.")),
            Length(max=254),
        ],
        filters=[_blank_to_none],
    )
    phone = TelField(
        _l("Phone (optional)"),
        description=_l("Only to reach you about your toys or a meeting, if you agree below."),
        validators=[
            Optional(),
            Length(max=32),
        ],
        filters=[_blank_to_none],
    )

    def validate_phone(self, field: TelField) -> None:
        """Stored as E.164, so a lost-card text finds the family by its number."""
        if field.data:
            try:
                field.data = normalise_phone(field.data)
            except PhoneRefused as refused:
                raise ValidationError(str(refused.message)) from None

    reminder_consent = BooleanField(
        _l("Yes, you may send me reminders and messages"),
        description=_l("You can say no at any time."),
    )
    postcode = StringField(
        _l("Postcode (optional)"),
        description=_l("To know which neighbourhoods we reach. We never use it to visit you."),
        validators=[
            Optional(),
            Regexp(r"^[0-9]{4}$", message=_l("A Belgian postcode has 4 digits.")),
        ],
        filters=[_blank_to_none],
    )

    def profile(self) -> dict[str, object]:
        """The cleaned profile fields."""
        return {
            "display_name": self.display_name.data,
            "language": self.language.data or None,
            "email": self.email.data.lower() if self.email.data else None,
            "phone": self.phone.data,
            "postcode": self.postcode.data,
            "reminder_consent": bool(self.reminder_consent.data),
        }


class NewFamilyForm(FamilyForm):
    """A new family: the profile, and the optional "how did you hear of us?" (counted per
    channel and month, never kept with the family)."""

    heard_from = heard_from_field()

    def heard_channel_id(self) -> int | None:
        """The chosen channel's id, or None for "rather not say"."""
        value = self.heard_from.data or NOT_SAID
        return int(value) if value != NOT_SAID else None


class ChildForm(FlaskForm):
    """A child by birth year and month only."""

    birth_year = IntegerField(
        _l("Year of birth"),
        validators=[
            DataRequired(_l("Please give the year of birth.")),
        ],
    )
    birth_month = SelectField(
        _l("Month of birth"),
        coerce=int,
        choices=lambda: [SelectChoice(m, month_name(m)) for m in range(1, 13)],
    )

    def validate_birth_year(self, field: IntegerField) -> None:
        """Children up to 18, or expected within the next year (checked on today's date)."""
        this_year = date.today().year
        if not this_year - 18 <= (field.data or 0) <= this_year + 1:
            raise ValidationError(
                _l(
                    "Please give a year of birth between %(first)d and %(last)d.",
                    first=this_year - 18,
                    last=this_year + 1,
                )
            )


def _check_pin_shape(field: StringField, new: bool = True) -> None:
    from spelotheek.families.pins import PinRefused, check_pin_digits, check_pin_shape

    try:
        (check_pin_shape if new else check_pin_digits)(field.data or "")
    except PinRefused as refused:
        raise ValidationError(str(refused.message)) from None


class PinForm(FlaskForm):
    """A login PIN for the family portal."""

    pin = StringField(
        _l("PIN (4 to 6 digits)"),
        validators=[DataRequired(_l("Please give a PIN."))],
    )

    def validate_pin(self, field: StringField) -> None:
        """The same rule as the service: 4 to 6 digits, from any keyboard."""
        _check_pin_shape(field)


class LibraryCardForm(FlaskForm):
    """Link a public-library card number (empty to unlink)."""

    number = StringField(_l("Library card number"), validators=[Optional(), Length(max=40)])


class FamilyLoginForm(FlaskForm):
    """Family login with the card code and PIN, typed on any keyboard (see typed.fold)."""

    card = StringField(
        _l("Card code"),
        validators=[DataRequired(_l("Please type the code on your card.")), Length(max=60)],
    )
    pin = StringField(
        _l("PIN"), validators=[DataRequired(_l("Please type your PIN.")), Length(max=20)]
    )

    def validate_card(self, field: StringField) -> None:
        """Say plainly when the text cannot be a card code, before any lookup."""
        try:
            cardcode.parse(field.data or "")
        except cardcode.CardCodeError as error:
            raise ValidationError(
                _l("This card code has a typing error. Please check the characters and try again.")
                if error.reason == "check"
                else _l("This is not a card code. The code on your card has 27 letters and digits.")
            ) from None

    def validate_pin(self, field: StringField) -> None:
        """4 to 6 digits, from any keyboard; a PIN set before weak ones were refused still works."""
        _check_pin_shape(field, new=False)


class CardLoginForm(FamilyLoginForm):
    """Family login, with the choice to keep this phone logged in (PHONE_SESSION_DAYS)."""

    stay = BooleanField(
        _l("Stay logged in on this phone"),
        description=_l("Only on your own phone. You can end it on your page."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        days = current_app.config["PHONE_SESSION_DAYS"]
        self.stay.label.text = ngettext(
            "Stay logged in on this phone (%(num)d day)",
            "Stay logged in on this phone (%(num)d days)",
            days,
        )


class LostCardForm(FlaskForm):
    """A lost card: the phone number to send a login link to."""

    phone = TelField(
        _l("Your phone number"),
        description=_l("The number you gave us. Example: 0470 12 34 56."),
        validators=[DataRequired(_l("Please type your phone number.")), Length(max=40)],
    )

    def validate_phone(self, field: TelField) -> None:
        """A number we could send a text to (see phones.normalise_phone)."""
        try:
            field.data = normalise_phone(field.data or "")
        except PhoneRefused as refused:
            raise ValidationError(str(refused.message)) from None


class NewPinForm(FlaskForm):
    """A new PIN the family chooses itself, typed twice."""

    pin = StringField(
        _l("New PIN (4 to 6 digits)"),
        validators=[DataRequired(_l("Please give a PIN."))],
    )
    again = StringField(
        _l("The same PIN again"),
        validators=[DataRequired(_l("Please type the PIN again."))],
    )

    def validate_pin(self, field: StringField) -> None:
        """4 to 6 digits, not easy to guess."""
        _check_pin_shape(field)

    def validate_again(self, field: StringField) -> None:
        """Both PINs are the same (any keyboard's digits)."""
        if typed.fold(field.data or "") != typed.fold(self.pin.data or ""):
            raise ValidationError(_l("The two PINs are not the same. Please try again."))


class PreferencesForm(FlaskForm):
    """What a family may change itself: language and consent for reminders."""

    language = SelectField(_l("Language"), choices=language_choices)
    reminder_consent = BooleanField(_l("Yes, you may send me reminders and messages"))


# Why a staff member opens another family's data; the code (and note) go into the audit log.
EXPORT_REASONS = {
    "family_asked": _l("The family asked for its data"),
    "correction": _l("The family asked to correct its data"),
    "erasure": _l("The family asked to be erased"),
    "legal": _l("A legal obligation"),
    "other": _l("Another reason (write it below)"),
}


class ExportReasonForm(FlaskForm):
    """The stated reason before a staff member sees everything kept about a family."""

    reason = SelectField(
        _l("Why do you open this family's data?"),
        choices=[SelectChoice(code, label) for code, label in EXPORT_REASONS.items()],
        validators=[DataRequired(_l("Please choose a reason."))],
    )
    note = StringField(
        _l("Note (no names, please)"),
        description=_l("Kept in the audit log with the reason."),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[Length(max=120)],
    )

    def validate_note(self, field: StringField) -> None:
        """'Another reason' needs a few words."""
        if self.reason.data == "other" and len(field.data or "") < 5:
            raise ValidationError(_l("Please say in a few words why you open this data."))

    def audit_reason(self) -> str:
        """The reason as the audit log keeps it: its code, then the note."""
        return f"{self.reason.data}: {self.note.data}" if self.note.data else str(self.reason.data)

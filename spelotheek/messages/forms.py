"""The family's choice of short messages: channels, language, and a number to send them to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, TelField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from spelotheek.phones import PhoneRefused, normalise_phone
from spelotheek.settings import LANGUAGES


def _languages() -> list[SelectChoice]:
    return [
        SelectChoice(code, info["name"], render_kw={"lang": code, "dir": info["dir"]})
        for code, info in LANGUAGES.items()
    ]


class MessagesForm(FlaskForm):
    """SMS and/or WhatsApp, in which language; a phone number when none is known yet."""

    phone = TelField(
        _l("Your mobile phone number"),
        description=_l("Only to send you these messages. Example: 0470 12 34 56."),
        validators=[Length(max=40)],
    )
    sms = BooleanField(_l("Yes, send me an SMS"))
    whatsapp = BooleanField(_l("Yes, send me a WhatsApp message"))
    language = SelectField(_l("Language of the messages"), choices=_languages())

    def channels(self) -> set[str]:
        """The channels ticked."""
        return {name for name in ("sms", "whatsapp") if self[name].data}

    def validate_phone(self, field: TelField) -> None:
        """A number typed is made into one form; channels without any number are refused."""
        if field.data and field.data.strip():
            try:
                field.data = normalise_phone(field.data)
            except PhoneRefused as refused:
                raise ValidationError(str(refused.message)) from None
        elif self.channels() and not getattr(self, "known_phone", None):
            raise ValidationError(_l("Write your phone number to get messages."))


class FamilyMessagesForm(MessagesForm):
    """The family's own choice; a new number needs the PIN (login links go to that number)."""

    pin = PasswordField(
        _l("Your PIN"),
        description=_l("Only when you change your number, so that nobody else can change it."),
        validators=[Length(max=12)],
    )


class StaffMessagesForm(MessagesForm):
    """The same choice made at the desk, with the family there."""

    present = BooleanField(
        _l("The family is here and chose this itself"),
        validators=[DataRequired(_l("Only with the family present."))],
    )

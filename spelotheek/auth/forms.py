"""Login forms; field names are the ones password managers expect."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    """Staff login with e-mail and password."""

    email = EmailField(
        _l("E-mail"), validators=[DataRequired(_l("Please fill in your e-mail.")), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please fill in your password.")), Length(max=200)],
    )
    next = HiddenField()


class PasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    code = StringField(_l("Code from your authenticator app"), validators=[Length(max=20)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=200)])


class CodeForm(FlaskForm):
    """The 6-digit code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        description=_l("The 6 digits in your authenticator app, or one of your recovery codes."),
        validators=[DataRequired(_l("Please type the code.")), Length(max=20)],
    )


class ConfirmForm(FlaskForm):
    """Ask the password again before something sensitive."""

    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    code = StringField(_l("Code from your authenticator app"), validators=[Length(max=20)])


class TwoStepForm(FlaskForm):
    """Set up (or move) two-step login: the password, the code in use, the new app's code."""

    code = StringField(
        _l("Code from the new app"),
        description=_l("The 6 digits the app shows after you scanned the QR code above."),
        validators=[DataRequired(_l("Please type the code.")), Length(max=20)],
    )

    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    current_code = StringField(
        _l("Code from the app you use now"),
        description=_l("Two-step login is on: the code of your current app, or a recovery code."),
        validators=[Length(max=20)],
    )

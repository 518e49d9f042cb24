"""The form staff use to put a photo of the entrance on the first-visit page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import TextAreaField
from wtforms.validators import Length

from spelotheek.content_forms import add_translation_fields


class EntrancePhotoForm(FlaskForm):
    """One photo of the front door, so families recognise the building."""

    photo = FileField(
        _l("Photo of the entrance"),
        description=_l(
            "A JPEG, PNG or WebP photo under 5 MB. Take it without people on it, "
            "so nobody can be recognised."
        ),
        validators=[
            FileRequired(_l("Please choose a photo.")),
            FileAllowed(["jpg", "jpeg", "png", "webp"], _l("Please send a photo.")),
        ],
    )


class AccessForm(FlaskForm):
    """How to get in and around the building, in Dutch first and then the other languages."""

    accessibility = TextAreaField(
        _l("Access (pram, wheelchair, stairs)"),
        validators=[Length(max=1000)],
        filters=[lambda v: (v or "").strip()],
        description=_l(
            "For example: entrance at street level, room for prams, a lift, an adapted toilet."
        ),
    )


add_translation_fields(AccessForm, {"accessibility": 1000})

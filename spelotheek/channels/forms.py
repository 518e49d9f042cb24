"""Forms for channels: a channel, a batch of cards to print, and "how did you hear of us?"."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from spelotheek.channels import rules
from spelotheek.channels.models import Channel
from spelotheek.locations.models import Location
from spelotheek.settings import LANGUAGES

NOT_SAID = ""  # "rather not say" (and the default): nothing is counted


def kind_choices() -> list[tuple[str, str]]:
    """Every kind of channel, in the reader's language."""
    return [(kind, str(rules.KIND_LABELS[kind])) for kind in rules.KINDS]


def place_choices(places: Iterable[Location]) -> list[tuple[str, str]]:
    """The places a card can open, after "the plain page"."""
    return [("", str(_l("No place: the general page")))] + [
        (str(place.id), place.name) for place in places
    ]


class ChannelForm(FlaskForm):
    """A channel: what kind, the name staff know it by, and the place its cards open."""

    kind = SelectField(_l("Kind of channel"), choices=kind_choices)
    name = StringField(
        _l("Name"),
        description=_l(
            "For staff only, for example the name of the practice. It is never on the card."
        ),
        validators=[
            DataRequired(_l("Please give the channel a name.")),
            Length(max=rules.NAME_MAX),
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    location = SelectField(
        _l("Place"),
        description=_l("The cards open the first-visit page of this place."),
        default="",
    )

    def location_id(self) -> int | None:
        """The chosen place's id, or None for the general page."""
        return int(self.location.data) if self.location.data else None


def language_choices() -> list[SelectChoice]:
    """The site's languages, each named in itself."""
    return [
        SelectChoice(code, info["name"], render_kw={"lang": code, "dir": info["dir"]})
        for code, info in LANGUAGES.items()
    ]


class PrintForm(FlaskForm):
    """A batch of cards: language, size and how many (a GET form: printing changes nothing)."""

    class Meta:
        csrf = False

    language = SelectField(_l("Language on the cards"), choices=language_choices, default="nl")
    size = SelectField(
        _l("Size"),
        choices=lambda: [(size, str(label)) for size, label in rules.SIZE_LABELS.items()],
        default="card",
    )
    count = IntegerField(
        _l("How many cards"),
        default=10,
        validators=[
            DataRequired(_l("Please give a number of cards.")),
            NumberRange(1, rules.MAX_CARDS, _l("Please choose between 1 and 200 cards.")),
        ],
    )


def heard_choices(channels: Iterable[Channel]) -> dict[str | None, list[tuple[str, str]]]:
    """The active channels grouped by kind (an optgroup per kind), after "rather not say"
    (group None: no optgroup around it)."""
    groups: dict[str | None, list[tuple[str, str]]] = {
        None: [(NOT_SAID, str(_l("Rather not say")))]
    }
    for channel in channels:
        label = str(rules.KIND_LABELS[channel.kind])
        groups.setdefault(label, []).append((str(channel.id), channel.name))
    return groups


def heard_from_field() -> SelectField:
    """The optional "how did you hear of us?" question asked when a family card is issued."""
    return SelectField(
        _l("How did you hear of us? (optional)"),
        description=_l(
            "We count per month how many new families each place sent, never who. "
            "Nothing is kept with the family."
        ),
        default=NOT_SAID,
    )

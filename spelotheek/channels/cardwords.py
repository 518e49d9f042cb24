"""The invitation card's words in the card's language (the staff page around it stays in the
staff member's language)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from spelotheek.settings import LANGUAGES


@dataclass(frozen=True)
class CardWords:
    """What one card says, with a pictogram beside each line."""

    language: str
    direction: str
    title: str
    lines: tuple[tuple[str, str], ...]  # (pictogram, sentence)
    scan: str
    qr_label: str


def words_in(language: str) -> CardWords:
    """The card's sentences in one of the site's languages."""
    with force_locale(language):
        return CardWords(
            language=language,
            direction=LANGUAGES[language]["dir"],
            title=_("Meet other parents"),
            lines=(
                ("free", _("Free. No need to sign up.")),
                ("meetup-child", _("Children play, parents meet each other.")),
                ("toys", _("Toys to borrow")),
            ),
            scan=_("Scan: your first visit, when and where."),
            qr_label=_("QR code to the page about your first visit"),
        )

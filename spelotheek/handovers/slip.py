"""The printed slip's words, in the family's language and in Dutch side by side, so that the
family reads it and a Dutch-speaking desk can help."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from spelotheek.settings import LANGUAGES


@dataclass(frozen=True)
class SlipWords:
    """The slip's sentences in one language."""

    language: str
    direction: str
    title: str
    what: str
    how: str
    help: str


def words_in(language: str) -> SlipWords:
    """The slip's sentences in one of the site's languages."""
    with force_locale(language):
        return SlipWords(
            language=language,
            direction=LANGUAGES[language]["dir"],
            title=_("Your answer is needed"),
            what=_("Something is waiting for your answer: a handover to a service that can help."),
            how=_(
                "Scan the code, then log in with your card and PIN. You see what would be "
                "shared, and you decide: yes, change it, or no."
            ),
            help=_("No phone? Ask at the desk: we look at it together."),
        )


def slip_languages(language: str | None) -> list[SlipWords]:
    """The family's language first, then Dutch (once, when they are the same)."""
    first = language if language in LANGUAGES else "nl"
    return [words_in(code) for code in dict.fromkeys([first, "nl"])]

"""Pure rules of interpreter requests: no Flask, no database, no clock."""

from __future__ import annotations

import re
from datetime import date, timedelta

from spelotheek.domain_errors import DomainError
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.welcome.rules import LANGUAGES

NOTE_MAX = 200
KEPT_DAYS = 7  # a request is deleted this long after its day, arranged or not
SUBJECTS = ("meetup", "session", "handover")
# Six digits in a row, or an @: a phone number or an e-mail address, which a note must not hold.
_CONTACT = re.compile(r"@|(?:\d[\s./-]?){6,}")


class InterpreterRefused(DomainError):
    """An interpreter request that cannot be made as asked."""


def language(code: str | None) -> str:
    """A language code from the list (Dutch too: a sign language is not in it, see the note)."""
    if code not in LANGUAGES:
        raise InterpreterRefused(_l("Please choose a language from the list."), code="language")
    return code


def note(text: str | None) -> str:
    """A short note: one line, at most 200 characters, no phone number or e-mail address."""
    cleaned = " ".join((text or "").split())
    if len(cleaned) > NOTE_MAX:
        raise InterpreterRefused(
            _l("The note can be at most %(n)d characters.", n=NOTE_MAX), code="note_long"
        )
    if _CONTACT.search(cleaned):
        raise InterpreterRefused(
            _l("Please leave out phone numbers and e-mail addresses."), code="note_contact"
        )
    return cleaned


def expired(on_day: date, today: date) -> bool:
    """True when a request's day is more than KEPT_DAYS ago."""
    return on_day < today - timedelta(days=KEPT_DAYS)


def check_not_past(on_day: date, today: date) -> None:
    """An interpreter is asked for something still to come."""
    if on_day < today:
        raise InterpreterRefused(
            _l("This date is past. Ask for an interpreter for a date still to come."),
            code="past",
        )

"""Pure rules of welcome buddies and the check-in: no Flask, no database, no clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from spelotheek.domain_errors import DomainError
from spelotheek.lazytext import lazy_gettext as _l

# Home languages a buddy or newcomer can pick (the reach profile's list, codes Babel names).
LANGUAGES = (
    "nl", "fr", "en", "ar", "tr", "zgh", "ro", "bg", "pl", "es", "ru", "uk", "so", "ti", "fa",
    "ps",
)  # fmt: skip
FIRST_NAME_MAX = 30
# "Comes often": card scans at this many open-meeting dates within the last OFTEN_MONTHS.
OFTEN_VISITS = 3
OFTEN_DAYS = 183
REQUEST_KEPT_DAYS = 7  # a buddy request is deleted this long after its date

QUESTIONS = ("welcome", "follow", "again")
ANSWERS = ("yes", "bit", "no")


class WelcomeRefused(DomainError):
    """A buddy or check-in step that cannot be done as asked."""


def first_name(text: str | None, *, required: bool) -> str:
    """A first name as given: trimmed, one line, at most 30 characters; '' when allowed."""
    cleaned = " ".join((text or "").split())
    if not cleaned and required:
        raise WelcomeRefused(_l("Please write a first name."), code="first_name")
    if (
        len(cleaned) > FIRST_NAME_MAX
        or any(c in cleaned for c in "@<>/\\:")
        or any(c.isdigit() for c in cleaned)
    ):
        # Digits and @ would be a phone number or an e-mail: nothing but a first name here.
        raise WelcomeRefused(
            _l("Only a first name, please: at most %(n)d letters, no numbers.", n=FIRST_NAME_MAX),
            code="first_name",
        )
    return cleaned


def language(code: str | None) -> str:
    """A language code from the list."""
    if code not in LANGUAGES:
        raise WelcomeRefused(_l("Please choose a language from the list."), code="language")
    return code


def languages(codes: Iterable[str]) -> str:
    """Languages from the list, in the list's order, as stored (space separated)."""
    chosen = set(codes)
    if not chosen:
        raise WelcomeRefused(_l("Please choose at least one language."), code="no_language")
    if chosen - set(LANGUAGES):
        raise WelcomeRefused(_l("Please choose a language from the list."), code="language")
    return " ".join(code for code in LANGUAGES if code in chosen)


def comes_often(visit_days: Iterable[date], today: date) -> bool:
    """True when a family was scanned at OFTEN_VISITS different dates in the last OFTEN_DAYS."""
    since = today - timedelta(days=OFTEN_DAYS)
    return len({d for d in visit_days if since <= d <= today}) >= OFTEN_VISITS


def often_since(now: datetime) -> datetime:
    """The instant from which card scans count towards "comes often"."""
    return now - timedelta(days=OFTEN_DAYS)


def request_expired(day: date, today: date) -> bool:
    """True when a buddy request's date is more than REQUEST_KEPT_DAYS ago."""
    return day < today - timedelta(days=REQUEST_KEPT_DAYS)


def question(text: str | None) -> str:
    """A check-in question code."""
    if text not in QUESTIONS:
        raise WelcomeRefused(_l("Please tap one of the pictures."), code="question", status=400)
    return text


def answer(text: str | None) -> str:
    """A check-in answer code."""
    if text not in ANSWERS:
        raise WelcomeRefused(_l("Please tap one of the pictures."), code="answer", status=400)
    return text


def next_step(step: int) -> int | None:
    """The question after `step`, or None after the last (the thank-you)."""
    return step + 1 if step + 1 < len(QUESTIONS) else None


def speaks(buddy_languages: str, code: str) -> bool:
    """True when a buddy's stored languages include this one."""
    return code in buddy_languages.split()

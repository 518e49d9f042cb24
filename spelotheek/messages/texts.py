"""The short texts families get by SMS or WhatsApp, each in the family's own language.

A text names the family by a first name at most and says only what the family needs: a toy,
a date, a place, a link to its own page. Never a surname, a number, an address or anything about
health (a perinatal group is "your group"); a handover is only "something is waiting".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import current_app, has_request_context
from flask_babel import force_locale, format_date, format_datetime, format_time
from flask_babel import gettext as _
from sqlalchemy.orm import object_session

from spelotheek.families.models import Family
from spelotheek.hosts import external_url
from spelotheek.messages.rules import MAX_BODY
from spelotheek.messages.services import message_language

# A name that starts with one of these ("Familie Peeters") has a surname after it: no name then.
HOUSEHOLD_WORDS = frozenset(
    {"familie", "famille", "family", "fam", "fam.", "gezin", "aile", "ailesi", "عائلة", "أسرة"}
)
NAME_LIMIT = 20
PART_LIMIT = 40  # a toy name, a meeting title, a place: long ones are cut, the text stays short
DAY = "EEEE d MMMM"


def first_name(display_name: str) -> str:
    """The first word of the family's display name, or "" when it would not be a first name.

    Only the first word, also of a short name: "Amina Yılmaz" is short and still carries a surname.
    """
    words = (display_name or "").split()
    if not words or words[0].lower() in HOUSEHOLD_WORDS:
        return ""
    return shorten(words[0], NAME_LIMIT)


def shorten(text: str, limit: int = PART_LIMIT) -> str:
    """The text on one line, cut with "…" when it is longer than `limit` characters."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def link(endpoint: str, **values: Any) -> str:
    """An absolute link to a page of the site (from BASE_URL); no personal data goes in it."""
    if has_request_context():
        return external_url(endpoint, **values)
    with current_app.test_request_context():  # the reminder job runs outside a request
        return external_url(endpoint, **values)


def _letter(family: Family, body: str) -> str:
    """Greeting and body, within the size of a short message."""
    name = first_name(family.display_name)
    greeting = _("Hello %(name)s,", name=name) if name else _("Hello,")
    text = f"{greeting} {body}"
    # The parts are cut already; this only guards against a very long translation.
    return text if len(text) <= MAX_BODY else text[: MAX_BODY - 1] + "…"


def _language(family: Family, language: str | None) -> str:
    """`language` when the caller read it already (a sweep reads all families' at once)."""
    if language:
        return language
    # The family may want its messages in another language than the site's (/me/messages).
    session = object_session(family)
    if session is not None:
        return message_language(session, family)
    return family.language or current_app.config["BABEL_DEFAULT_LOCALE"]


def due_soon(family: Family, *, toy: str, day: date, language: str | None = None) -> str:
    """A borrowed toy goes back soon: which one and by when."""
    with force_locale(_language(family, language)):
        body = _(
            "Please bring %(toy)s back by %(day)s. More time? Look at %(link)s",
            toy=shorten(toy),
            day=format_date(day, DAY),
            link=link("families_portal.me"),
        )
        return _letter(family, body)


def hold_ready(
    family: Family, *, toy: str, until: datetime | None, language: str | None = None
) -> str:
    """A reserved toy waits at the desk, until when we keep it."""
    with force_locale(_language(family, language)):
        if until is None:
            body = _(
                "%(toy)s is ready for you at the desk. Look at %(link)s",
                toy=shorten(toy),
                link=link("families_portal.me"),
            )
        else:
            body = _(
                "%(toy)s is ready for you at the desk. We keep it until %(until)s. %(link)s",
                toy=shorten(toy),
                until=format_datetime(until, f"{DAY}, HH:mm"),
                link=link("families_portal.me"),
            )
        return _letter(family, body)


def meeting_cancelled(
    family: Family, *, title: str, start: datetime, language: str | None = None
) -> str:
    """A meeting the family planned to come to does not take place."""
    with force_locale(_language(family, language)):
        body = _(
            "Sorry, %(title)s on %(day)s at %(time)s does not take place. Other dates: %(link)s",
            title=shorten(title),
            day=format_date(start.date(), DAY),
            time=format_time(start, "HH:mm"),
            link=link("meetups.index"),
        )
        return _letter(family, body)


def session_tomorrow(
    family: Family, *, start: datetime, place: str, language: str | None = None
) -> str:
    """The family's group meets tomorrow: when and where, never what the group is about."""
    with force_locale(_language(family, language)):
        body = _(
            "Your group meets tomorrow at %(time)s at %(place)s. See you there!",
            time=format_time(start, "HH:mm"),
            place=shorten(place),
        )
        return _letter(family, body)


def handover_waiting(family: Family, *, language: str | None = None) -> str:
    """Something waits for the family's answer; what it is, only its own page says."""
    with force_locale(_language(family, language)):
        body = _(
            "Something is waiting for your answer. Look at %(link)s",
            link=link("families_portal.me"),
        )
        return _letter(family, body)

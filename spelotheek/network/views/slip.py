"""The family's own slip: a form anyone can fill in, and the printable slip it posts to.

Nothing is stored and nothing is logged: the answers travel in the POST body only (never in
the address), the page is not cached (the site's no-store default), and no log line names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE
from spelotheek.content import in_language
from spelotheek.db import get_session
from spelotheek.i18n import current_language, text_direction
from spelotheek.network import slip, slip_choices
from spelotheek.network.slip_form import SlipForm
from spelotheek.network.views import bp
from spelotheek.registry import PORTAL_SECTIONS
from spelotheek.settings import LANGUAGES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from spelotheek.families.models import Family


@dataclass(frozen=True)
class Column:
    """The slip in one language, as text: the same sentences for each column."""

    lang: str
    dir: str
    language: str  # the language's own name, above the column
    title: str
    lines: list[tuple[str, str, str]]  # (pictogram, text, kind)
    own_words_heading: str
    note: str


def _column(ask: slip.Ask, lang: str) -> Column:
    """The slip's sentences translated into `lang` (gettext answers in the forced locale)."""
    with force_locale(lang):
        return Column(
            lang=lang,
            dir=text_direction(),
            language=LANGUAGES[lang]["name"],
            title=str(slip.title()),
            lines=[(ln.pictogram, str(ln.text), ln.kind) for ln in slip.lines(ask, lang)],
            own_words_heading=str(slip.own_words_heading()),
            note=str(slip.worker_note()),
        )


def _prepare(db: Session, form: SlipForm, topics: list[slip.Topic], services: bool) -> bool:
    """Give the form its choices in the visitor's language (the services only when shown);
    False when the directory has too many services to list."""
    lang = current_language()
    form.topics.choices = [(t.code, str(t.name(lang))) for t in topics]
    form.interpreter.choices = [("", _("No, thank you")), *slip.interpreter_choices(lang)]
    form.service.choices = [("", _("I do not know yet, or it is not in the list"))]
    if not services:
        return True
    options = slip_choices.services(db)
    listed = options is not None
    if options is None:  # too many to list: keep only the one the link or the form named
        chosen = slip_choices.service(db, form.service.data or "")
        options = [slip_choices.ServiceOption(form.service.data, chosen)] if chosen else []
    form.service.choices += [
        (option.uuid, f"{in_language(option.service.names, lang)[0]} ({option.organization})")
        for option in options
    ]
    return listed


def _form_page(db: Session, form: SlipForm, topics: list[slip.Topic], note: str = ""):
    listed = _prepare(db, form, topics, services=True)
    pictograms = {t.code: t.pictogram for t in topics}
    status = 422 if form.is_submitted() else 200
    return render_template(
        "network/slip/form.html", form=form, pictograms=pictograms, note=note, listed=listed
    ), status


@bp.get("/help/slip")
@allow(EVERYONE)
def slip_form():
    """The form: tap what you want to ask, add your own words, choose the service (optional)."""
    db = get_session()
    form = SlipForm()
    note = ""
    wanted = request.args.get("service", "")
    if wanted:
        # A printed QR code or an old link may name a service that is gone: the slip is
        # still worth making, so the form opens without it and says so.
        if slip_choices.service(db, wanted) is None:
            note = _("We could not find that service. You can choose one below, or leave it empty.")
        else:
            form.service.data = wanted
    return _form_page(db, form, slip_choices.topics(db), note)


@bp.post("/help/slip")
@allow(EVERYONE)
def slip_print():
    """The slip itself, in the visitor's language and Dutch side by side; or the form again,
    filled in as it was sent, with what to change."""
    db = get_session()
    form = SlipForm()
    topics = slip_choices.topics(db)
    _prepare(db, form, topics, services=False)
    valid = form.validate_on_submit()
    chosen = None
    if form.service.data:
        chosen = slip_choices.service(db, form.service.data)
        if chosen is None:
            form.service.errors = [
                *form.service.errors,
                _("We could not find this service. Choose another one, or leave it empty."),
            ]
            valid = False
    by_code = {t.code: t for t in topics}
    ask = slip.Ask(
        topics=[by_code[c] for c in form.topics.data or [] if c in by_code],
        own_words=form.own_words.data or "",
        service=chosen,
        interpreter=form.interpreter.data or None,
        slowly=bool(form.slowly.data),
        reading=bool(form.reading.data),
    )
    if valid and ask.empty:
        form.form_errors.append(
            _("Please tap at least one picture, or write your question in your own words.")
        )
        valid = False
    if not valid:
        return _form_page(db, form, topics)
    columns = [_column(ask, lang) for lang in slip.columns(current_language())]
    return render_template("network/slip/print.html", columns=columns, ask=ask)


def portal_section(db: Session, family: Family) -> tuple[str, dict[str, Any]] | None:
    """A link to the slip on the family's own page."""
    return "network/slip/_portal.html", {}


PORTAL_SECTIONS.append(portal_section)

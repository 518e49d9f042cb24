"""The family's choice of short messages: on its own page (/me/messages) and at the desk
(/families/<id>/messages, with the family there). Both audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.passwords import verify_secret
from spelotheek.auth.roles import FAMILY_ONLY, OFFICE
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.families import pins, reading, rights
from spelotheek.families import services as family_services
from spelotheek.families.models import Family
from spelotheek.messages import outbox, privacy, services  # noqa: F401  (privacy registers)
from spelotheek.messages.forms import FamilyMessagesForm, MessagesForm, StaffMessagesForm
from spelotheek.phones import PhoneRefused, normalise_phone, show_phone
from spelotheek.registry import PORTAL_SECTIONS, REMINDER_SENDERS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

bp = Blueprint("messages", __name__)

CHANNEL_LABELS = {"sms": _l("SMS"), "whatsapp": _l("WhatsApp")}


@bp.record_once
def _send_after_commit(state: Any) -> None:
    """Messages queued anywhere in the app are sent once their transaction commits."""
    app: Flask = state.app
    outbox.init_app(app)


def shown_phone(family: Family) -> str:
    """The family's number as people write it, or the number as typed when it is not one."""
    if not family.phone:
        return ""
    try:
        return show_phone(normalise_phone(family.phone))
    except PhoneRefused:
        return family.phone


def _page(db: Session, family: Family, form: MessagesForm, template: str, status: int = 200):
    chosen = services.opted_in_channels(db, family.id)
    return (
        render_template(
            template,
            family=family,
            form=form,
            chosen=[str(CHANNEL_LABELS[c]) for c in chosen],
            phone=shown_phone(family),
        ),
        status,
    )


def _fill(db: Session, family: Family, form: MessagesForm) -> None:
    """What the family chose so far, in a form shown for the first time."""
    chosen = services.opted_in_channels(db, family.id)
    form.sms.data = "sms" in chosen
    form.whatsapp.data = "whatsapp" in chosen
    form.language.data = services.message_language(db, family)


def _save(family_id: int, form: MessagesForm, staff_id: int | None, stop: bool) -> str | None:
    """Keep the choice; an error message when it cannot be kept."""
    try:
        with transaction() as db:
            family = family_services.get_family(db, family_id)
            services.choose(
                db,
                family,
                set() if stop else form.channels(),
                # Stopping reads no other field (it takes only its CSRF token): keep the language.
                services.message_language(db, family)
                if stop
                else form.language.data or family.language or "nl",
                utcnow(),
                staff_id=staff_id,
                phone=None if stop else (form.phone.data or None),
            )
    except services.MessagesRefused as refused:
        return str(refused.message)
    return None


def _valid(form: MessagesForm, stop: bool) -> bool:
    """The form checks out; stopping needs only its CSRF token (whatever else was ticked)."""
    valid = form.validate()
    if stop:
        token = getattr(form, "csrf_token", None)
        return not (token is not None and token.errors)
    return valid


def _pin_for_new_number(family: Family, form: FamilyMessagesForm) -> bool:
    """False when the family changes a number it had without its PIN: whoever holds a phone
    that stays logged in must not be able to send the next login link to another number."""
    new = form.phone.data
    if not new or not family.phone or not family.pin_hash or new == family.phone:
        return True
    return verify_secret(family.pin_hash, pins.normalise_pin(form.pin.data or ""))


@bp.route("/me/messages", methods=["GET", "POST"])
@allow(FAMILY_ONLY)
def mine():
    """The family chooses SMS and/or WhatsApp and the language, or stops."""
    db = get_session()
    family = db.merge(current_user.family)
    form = FamilyMessagesForm()
    form.known_phone = family.phone
    if request.method == "POST":
        stop = "stop" in request.form
        valid = _valid(form, stop)
        if valid and not stop and not _pin_for_new_number(family, form):
            form.pin.errors = [*form.pin.errors, _("Type your PIN to change your number.")]
        elif valid:
            error = _save(family.id, form, None, stop)
            if error is None:
                flash(_("You get no more short messages.") if stop else _("Saved."))
                return redirect(url_for(".mine"))
            form.phone.errors = [*form.phone.errors, error]
        return _page(db, db.merge(family), form, "messages/mine.html", 400)
    _fill(db, family, form)
    return _page(db, family, form, "messages/mine.html")


@bp.route("/families/<int:family_id>/messages", methods=["GET", "POST"])
@allow(OFFICE)
@reading.rate_limited
def for_family(family_id: int):
    """Staff set the same choice with the family at the desk (opening it is audited)."""
    family = family_services.get_family(get_session(), family_id)
    form = StaffMessagesForm()
    form.known_phone = family.phone
    if request.method == "POST":
        if form.validate():
            error = _save(family_id, form, current_user.id, stop=False)
            if error is None:
                flash(_("Saved."))
                return redirect(url_for("families.show", family_id=family_id))
            form.phone.errors = [*form.phone.errors, error]
        return _page(get_session(), family, form, "messages/staff.html", 400)
    with transaction() as db:
        rights.open_family(db, current_user.id, family_id)
        family = db.merge(family)
    _fill(db, family, form)
    return _page(db, family, form, "messages/staff.html")


def portal_section(db: Session, family: Family) -> tuple[str, dict[str, Any]] | None:
    """On the family's own page: which short messages it gets, and where to change that."""
    chosen = services.opted_in_channels(db, family.id)
    return "messages/_portal.html", {"chosen": [str(CHANNEL_LABELS[c]) for c in chosen]}


PORTAL_SECTIONS.append(portal_section)
REMINDER_SENDERS.append(outbox.send_due)

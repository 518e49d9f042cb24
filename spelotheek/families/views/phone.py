"""Logging in on a phone: the card's QR page, phones that stay logged in, a login link by text."""

from __future__ import annotations

import time
from typing import Any

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from spelotheek import typed
from spelotheek.auth import rules
from spelotheek.auth.access import allow
from spelotheek.auth.login import DEVICE_KEY, start_session
from spelotheek.auth.principals import FamilyPrincipal
from spelotheek.auth.roles import EVERYONE, FAMILY_ONLY
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.extensions import limiter
from spelotheek.families import loginlinks, phonesessions, pins
from spelotheek.families.forms import LostCardForm, NewPinForm
from spelotheek.families.models import Family
from spelotheek.families.views.portal import bp, card_and_pin_login
from spelotheek.hosts import external_url
from spelotheek.phones import PhoneRefused, normalise_phone
from spelotheek.registry import PORTAL_SECTIONS

# After a login link, the family may choose a new PIN for this long without the old one.
PIN_RESET_KEY = "pin_reset_until"
PIN_RESET_SECONDS = 15 * 60


def _private(response: ResponseReturnValue) -> Response:
    """No Referer leaves this page: what it carries (a card or a link) stays here."""
    answer = make_response(response)
    answer.headers["Referrer-Policy"] = "no-referrer"
    return answer


@bp.route("/c", methods=["GET", "POST"])
@allow(EVERYONE)
def card_login():
    """The card's QR code opens this page: the code is in the address's fragment, which
    static/js/card-login.js moves into the form (and out of the history); only the PIN is asked.
    Without JavaScript the family types the code, as on /family/login."""
    return _private(card_and_pin_login("families/card_login.html"))


def _link_limit() -> str:
    """LOGIN_LINK_LIMIT: Flask-Limiter counts it per address and number, send_link per number."""
    return str(current_app.config["LOGIN_LINK_LIMIT"])


def _number_key() -> str:
    """The number asked for, hashed (no phone number lands in the limiter's store); one number
    however it is written (0470…, +32 470…, 0032…), so writing it another way gets no more texts."""
    typed_number = request.form.get("phone") or ""
    try:
        number = normalise_phone(typed_number)
    except PhoneRefused:
        number = typed.fold(typed_number)
    return "login-link:" + typed.digest(number)[:32]


def _sms_body(family: Family, token: str) -> str:
    """The text with the link, in the family's language."""
    link = external_url("families_portal.login_link", token=token)
    with force_locale(family.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _(
            "%(site)s: your login link. It works once, for 15 minutes: %(link)s",
            site=current_app.config["SITE_NAME"],
            link=link,
        )


@bp.route("/family/lost", methods=["GET", "POST"])
@allow(EVERYONE)
@limiter.limit(_link_limit, methods=["POST"], scope="login-link-address")
@limiter.limit(_link_limit, methods=["POST"], key_func=_number_key, scope="login-link-number")
def lost_card():
    """Lost card: a one-time login link by text to the number the family gave us.

    The answer is the same whether or not the number is known, so nobody learns who is a member.
    """
    form = LostCardForm()
    if form.validate_on_submit():
        with transaction() as db:
            loginlinks.send_link(
                db,
                form.phone.data or "",
                utcnow(),
                _sms_body,
                limits=rules.parse_limits(_link_limit()),
            )
        return render_template("families/lost_card.html", form=None, sent=True)
    status = 200 if request.method == "GET" else 400
    return render_template("families/lost_card.html", form=form, sent=False), status


@bp.route("/family/link/<token>", methods=["GET", "POST"])
@allow(EVERYONE)
def login_link(token: str):
    """A login link from a text: GET shows a button (link previews spend nothing), POST logs in."""
    token = token[:100]
    if request.method == "GET":
        usable = loginlinks.usable_link(get_session(), token, utcnow()) is not None
        page = render_template("families/login_link.html", usable=usable, token=token)
        return _private((page, 200 if usable else 410))
    with transaction() as db:
        family = loginlinks.use_link(db, token, utcnow())
        if family is not None:
            family.last_active_at = utcnow()
    if family is None:
        page = render_template("families/login_link.html", usable=False, token=token)
        return _private((page, 410))
    start_session(FamilyPrincipal(family))
    session[PIN_RESET_KEY] = int(time.time()) + PIN_RESET_SECONDS
    return redirect(url_for(".new_pin"))


@bp.route("/family/pin", methods=["GET", "POST"])
@allow(FAMILY_ONLY)
def new_pin():
    """Right after a login link: the family chooses a new PIN (the old card's may be known)."""
    if session.get(PIN_RESET_KEY, 0) < time.time():
        flash(_("To change your PIN, ask at the desk, or log in with a link by text."))
        return redirect(url_for(".me"))
    form = NewPinForm()
    if form.validate_on_submit():
        with transaction() as db:
            family = db.merge(current_user.family)
            pins.set_pin(db, None, family, form.pin.data or "")
        start_session(FamilyPrincipal(family))  # the new PIN ended every session, this one too
        flash(_("Your new PIN is set. Ask at the desk for a new card."))
        return redirect(url_for(".me"))
    status = 200 if request.method == "GET" else 400
    return render_template("families/new_pin.html", form=form), status


@bp.post("/me/phones/<int:device_id>/end")
@allow(FAMILY_ONLY)
def end_phone(device_id: int):
    """The family ends one of its phones' long sessions."""
    with transaction() as db:
        ended = phonesessions.end_device(db, db.merge(current_user.family), device_id)
    flash(_("This phone is logged out.") if ended else _("This phone was already logged out."))
    return redirect(url_for(".me"))


def _phones_section(db: Any, family: Family) -> tuple[str, dict[str, Any]] | None:
    """On /me: the phones that stay logged in, each with a button to end it."""
    devices = phonesessions.devices_of(db, family.id, utcnow())
    if not devices:
        return None
    token = session.get(DEVICE_KEY)
    this = phonesessions.token_hash(token) if isinstance(token, str) else None
    return "families/_phones.html", {"devices": devices, "this_phone": this}


PORTAL_SECTIONS.append(_phones_section)

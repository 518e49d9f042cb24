"""The family's own pages: log in with card and PIN, see and change one's profile."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, logout_user

from spelotheek.auth import attempts, rules
from spelotheek.auth.access import allow
from spelotheek.auth.login import start_session
from spelotheek.auth.principals import FamilyPrincipal
from spelotheek.auth.roles import EVERYONE, FAMILY_ONLY
from spelotheek.confirm import confirm_first
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.families import cardcode, datapage, phonesessions, pins, rights
from spelotheek.families.download import json_download
from spelotheek.families.forms import CardLoginForm, PreferencesForm
from spelotheek.families.models import Family
from spelotheek.urls import safe_next

bp = Blueprint("families_portal", __name__)


@bp.route("/family/login", methods=["GET", "POST"])
@allow(EVERYONE)
def login():
    """Log a family in with the code on its card and its PIN."""
    return card_and_pin_login("families/login.html")


def card_and_pin_login(template: str) -> ResponseReturnValue:
    """The card-and-PIN form on `template`: every wrong PIN counts in the card's throttle."""
    form = CardLoginForm()
    if form.validate_on_submit():
        typed, pin = form.card.data or "", form.pin.data or ""

        def check():
            with transaction() as db:
                family = pins.family_for_login(db, typed, pin)
                if family is not None:
                    family.last_active_at = utcnow()
            return family

        try:
            # Tries count per card (its code's hash); the form already refused what has no
            # card code's shape, so only real guesses at a PIN are counted.
            family = attempts.guarded(rules.account_key("card", cardcode.normalise(typed)), check)
        except attempts.TooManyTries as refused:
            message = ngettext(
                "Too many tries with this card. Please wait %(num)d minute, "
                "or ask at the desk: they can unlock your card.",
                "Too many tries with this card. Please wait %(num)d minutes, "
                "or ask at the desk: they can unlock your card.",
                refused.minutes,
            )
            return render_template(template, form=form, refused=message), 429
        if family is not None:
            log_in(family, stay=bool(form.stay.data))
            return redirect(safe_next(request.args.get("next")) or url_for(".me"))
        form.pin.errors.append(
            _("The card code and PIN do not match. Try again, or ask at the desk.")
        )
    status = 200 if request.method == "GET" else 400
    return render_template(template, form=form), status


def log_in(family: Family, stay: bool) -> None:
    """Start the family's session; with `stay`, this phone stays logged in for days."""
    if not stay:
        start_session(FamilyPrincipal(family))
        return
    with transaction() as db:
        added = phonesessions.add_device(
            db, db.merge(family), utcnow(), current_app.config["PHONE_SESSION_DAYS"]
        )
    start_session(FamilyPrincipal(family), added.token, added.device.expires_at)


@bp.route("/me", methods=["GET", "POST"])
@allow(FAMILY_ONLY)
def me():
    """The family's own profile: language and consent for reminders."""
    family = current_user.family
    form = PreferencesForm(obj=family)
    if form.validate_on_submit():
        with transaction() as db:
            family = db.merge(family)
            family.language = form.language.data or None
            family.reminder_consent = bool(form.reminder_consent.data)
        if family.language:
            session["lang"] = family.language
        flash(_("Saved."))
        return redirect(url_for(".me"))

    from spelotheek.registry import PORTAL_SECTIONS

    sections = [s for s in (section(get_session(), family) for section in PORTAL_SECTIONS) if s]
    return render_template("families/me.html", family=family, form=form, sections=sections)


@bp.get("/me/data")
@allow(FAMILY_ONLY)
def my_data():
    """Everything we keep about this family: as a page, or as a JSON download."""
    with transaction() as db:
        data = rights.export_family(db, db.merge(current_user.family), actor_id=None)
    if request.args.get("format") == "json":
        return json_download(data, "my-family-data.json")
    return render_template(
        "families/data.html",
        sections=datapage.readable(data),
        family=current_user.family,
        json_url=url_for(".my_data", format="json"),
    )


@bp.route("/me/erase", methods=["GET", "POST"])
@allow(FAMILY_ONLY)
@confirm_first(
    _l("Delete the data?"),
    _l(
        "We delete the name, contact details, children's birth months and the card. The card "
        "stops working. Only counts without a name stay."
    ),
    _l("Yes, delete everything"),
)
def erase_me():
    """Delete this family's data after a clear confirmation."""
    if request.method == "POST":
        with transaction() as db:
            rights.erase_family(db, db.merge(current_user.family), actor_id=None)
        logout_user()
        session.clear()
        flash(_("Your data is deleted. Thank you for coming. You are always welcome again."))
        return redirect(url_for("main.home"))
    return render_template("families/erase.html", family=current_user.family, staff=False)


from spelotheek.families.views import phone  # noqa: E402, F401  (its routes join this blueprint)

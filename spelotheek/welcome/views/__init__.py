"""Welcome buddies: a family's offer on /me, a newcomer's request on a meeting date's page,
and the staff's light rota. The check-in's pages are in checkin.py on the same blueprint."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE, FAMILY_ONLY, OFFICE
from spelotheek.confirm import confirm_first
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.extensions import limiter
from spelotheek.families.models import Family
from spelotheek.meetups import timetable
from spelotheek.meetups.timetable import today
from spelotheek.registry import PORTAL_SECTIONS
from spelotheek.welcome import buddies, privacy  # noqa: F401  (privacy: data rights hooks)
from spelotheek.welcome.forms import BuddyForm, BuddyRequestForm, MatchForm, language_name
from spelotheek.welcome.rules import WelcomeRefused

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

bp = Blueprint("welcome", __name__)


def parse_day(text: str) -> date:
    """A date from the URL (YYYY-MM-DD), or 404."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


@bp.app_template_global()
def welcome_language(code: str) -> str:
    """A language code's name in the page's language."""
    return language_name(code)


@bp.app_template_global()
def buddy_request_form() -> BuddyRequestForm:
    """The newcomer's form on a meeting date's page."""
    return BuddyRequestForm(formdata=None)


@bp.route("/me/buddy", methods=["GET", "POST"])
@allow(FAMILY_ONLY)
def my_buddy():
    """Offer to welcome newcomers (a first name and languages), or change the offer."""
    db = get_session()
    family = current_user.family
    buddy = buddies.buddy_of(db, family.id)
    form = BuddyForm()
    if not form.is_submitted():
        form.first_name.data = buddy.first_name if buddy else family.display_name.split()[0][:30]
        form.languages.data = buddy.languages.split() if buddy else []
    status = 200
    if form.validate_on_submit():
        try:
            with transaction() as db:
                buddies.offer(
                    db,
                    db.merge(family),
                    form.first_name.data,
                    form.languages.data or [],
                    utcnow(),
                    today(),
                )
        except WelcomeRefused as error:
            field = form.languages if "language" in error.code else form.first_name
            field.errors = [*field.errors, str(error.message)]
            status = 400
        else:
            flash(_("Thank you! Staff will tell you here when a newcomer would like you."))
            return redirect(url_for(".my_buddy"))
    elif form.is_submitted():
        status = 400
    return render_template(
        "welcome/buddy.html",
        form=form,
        buddy=buddy,
        may_offer=buddies.may_offer(db, family.id, utcnow(), today()),
        welcomes=buddies.welcomes_of(db, family.id, today()) if buddy else [],
    ), status


@bp.post("/me/buddy/stop")
@allow(FAMILY_ONLY)
@confirm_first(
    _l("Stop being a buddy?"),
    _l("Your first name and languages are deleted. Staff find another buddy for your newcomers."),
    _l("Yes, stop"),
)
def stop_buddy():
    """Stop being a buddy: the first name and languages are deleted."""
    with transaction() as db:
        buddies.stop(db, db.merge(current_user.family))
    flash(_("You are no longer a buddy. We deleted your first name and languages."))
    return redirect(url_for(".my_buddy"))


@bp.post("/meetups/<int:series_id>/<day>/buddy")
@allow(EVERYONE)
@limiter.limit("10 per hour")
def ask_buddy(series_id: int, day: str):
    """A newcomer asks for a buddy who speaks their language (no account, no contact data)."""
    original_day = parse_day(day)
    # A date that does not exist is a 404 before anything else (as on every page with a day).
    timetable.get_occurrence(get_session(), series_id, original_day, today())
    form = BuddyRequestForm()
    back = url_for("meetups.occurrence", series_id=series_id, day=original_day.isoformat())
    if not form.validate_on_submit():
        flash(_("Please try again: the form had expired."), "error")
        return redirect(back + "#buddy")
    try:
        with transaction() as db:
            buddies.ask(
                db, series_id, original_day, form.language.data, form.first_name.data, today()
            )
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    else:
        flash(_("Thank you! We will look for a buddy. Just come: the hosts know you asked."))
    return redirect(back + "#buddy")


@bp.get("/buddies")
@allow(OFFICE)
def rota():
    """Buddy requests for the coming weeks, and who could welcome each newcomer."""
    return render_template("welcome/rota.html", dates=buddies.rota(get_session(), today()))


@bp.post("/buddies/requests/<int:request_id>/match")
@allow(OFFICE)
def match(request_id: int):
    """Give a request a buddy (or take the match back)."""
    form = MatchForm()
    chosen = request.form.get("buddy", "")
    if form.validate_on_submit():
        try:
            with transaction() as db:
                buddies.match(
                    db,
                    current_user.id,
                    request_id,
                    int(chosen)
                    if chosen.isascii() and chosen.isdigit() and len(chosen) < 10
                    else None,
                )
        except DomainError as error:
            if error.status == 404:
                raise
            flash(str(error.message), "error")
        else:
            flash(_("Saved.") if chosen else _("The buddy is taken off this request."))
    return redirect(url_for(".rota") + f"#request-{request_id}")


def portal_section(db: Session, family: Family) -> tuple[str, dict[str, Any]] | None:
    """On /me: the family's buddy offer and who it welcomes, or the invitation to offer."""
    buddy = buddies.buddy_of(db, family.id)
    if buddy is None and not buddies.may_offer(db, family.id, utcnow(), today()):
        return None
    return "welcome/_portal.html", {
        "buddy": buddy,
        "welcomes": buddies.welcomes_of(db, family.id, today()) if buddy else [],
    }


if portal_section not in PORTAL_SECTIONS:
    PORTAL_SECTIONS.append(portal_section)

from spelotheek.welcome.views import checkin  # noqa: E402,F401  (routes on this blueprint)

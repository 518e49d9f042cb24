"""Interpreter requests: small forms on a meeting date's, a group session's and a handover's
pages (staff, facilitators, the family itself), and the staff's list of open requests."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.roles import FAMILY_ONLY, GROUPS, OFFICE, Role
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.interpreters import services
from spelotheek.interpreters.forms import InterpreterForm
from spelotheek.meetups.timetable import today

bp = Blueprint("interpreters", __name__)
# Who prepares handovers (as in spelotheek/handovers): staff, coordinators and facilitators.
HANDOVER_WORKERS = frozenset({Role.STAFF, Role.COORDINATOR, Role.FACILITATOR})


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


@bp.app_template_global()
def interpreter_box(kind: str, subject_id: int, day: date | None = None) -> dict[str, Any]:
    """What the small "ask for an interpreter" form on another page needs: the form, where it
    posts and the requests made so far."""
    db = get_session()
    if kind == "meetup" and day is not None:
        asked = services.requests_for_meetup(db, subject_id, day)
        url = url_for("interpreters.ask_meetup", series_id=subject_id, day=day.isoformat())
    elif kind == "session":
        # A family sees none: another participant's language is not for its eyes.
        asked = [] if current_user.is_family else services.requests_for_session(db, subject_id)
        url = ""  # the page gives the address: staff and families post to different ones
    else:
        asked = services.requests_for_handover(db, subject_id)
        url = ""
    return {"form": InterpreterForm(prefix="interpreter"), "asked": asked, "url": url}


def _ask(back: str, call) -> Any:
    form = InterpreterForm(prefix="interpreter")
    if not form.validate_on_submit():
        flash(_("Please try again: the form had expired."), "error")
        return redirect(back)
    try:
        with transaction() as db:
            call(db, form.language.data, form.note.data)
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    else:
        flash(_("Asked. Staff will arrange an interpreter."))
    return redirect(back + "#interpreter")


@bp.post("/interpreters/meetups/<int:series_id>/<day>")
@allow(OFFICE)
def ask_meetup(series_id: int, day: str):
    """Staff ask for an interpreter at one open-meeting date."""
    original_day = _day(day)
    back = url_for("meetups.edit_date", series_id=series_id, day=original_day.isoformat())
    return _ask(
        back,
        lambda db, language, note: services.ask_for_meetup(
            db, current_user.id, series_id, original_day, language, note, today()
        ),
    )


@bp.post("/interpreters/groups/<int:group_id>/sessions/<int:session_id>")
@allow(GROUPS)
def ask_session(group_id: int, session_id: int):
    """A facilitator of this group (or a coordinator) asks for an interpreter at a session."""
    back = url_for("groups.session", group_id=group_id, session_id=session_id)
    return _ask(
        back,
        lambda db, language, note: services.ask_for_session(
            db,
            current_user.id,
            current_user.user,
            group_id,
            session_id,
            language,
            note,
            today(),
        ),
    )


@bp.post("/interpreters/handovers/<int:handover_id>")
@allow(HANDOVER_WORKERS)
def ask_handover(handover_id: int):
    """The worker who prepared a handover asks for an interpreter for it."""
    back = url_for("handovers.sender_show", handover_id=handover_id)
    return _ask(
        back,
        lambda db, language, note: services.ask_for_handover(
            db, current_user.id, handover_id, language, note, today()
        ),
    )


@bp.post("/me/handovers/<int:handover_id>/interpreter")
@allow(FAMILY_ONLY)
def family_ask_handover(handover_id: int):
    """A family asks for an interpreter for its own handover."""
    back = url_for("handovers.family_show", handover_id=handover_id)
    return _ask(
        back,
        lambda db, language, note: services.family_asks_for_handover(
            db, current_user.id, handover_id, language, note, today()
        ),
    )


@bp.post("/me/groups/<int:enrolment_id>/sessions/<int:session_id>/interpreter")
@allow(FAMILY_ONLY)
def family_ask_session(enrolment_id: int, session_id: int):
    """A family asks for an interpreter at a session of its own group."""
    back = url_for("groups.my_group", enrolment_id=enrolment_id)
    return _ask(
        back,
        lambda db, language, note: services.family_asks_for_session(
            db, current_user.id, session_id, language, note, today()
        ),
    )


@bp.get("/interpreters")
@allow(OFFICE)
def index():
    """Open requests, soonest first."""
    return render_template(
        "interpreters/index.html", listed=services.open_requests(get_session(), today())
    )


@bp.post("/interpreters/<int:request_id>/arranged")
@allow(OFFICE)
def arranged(request_id: int):
    """Mark a request arranged: the interpreter is booked."""
    with transaction() as db:
        services.arrange(db, current_user.id, request_id, utcnow())
    flash(_("Marked as arranged."))
    return redirect(url_for(".index"))

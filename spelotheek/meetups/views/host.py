"""Hosts' pages (volunteers, staff, coordinators): today's dates and the counters on a phone.

The counters work as plain forms; static/js/meetups-counter.js makes a tap update in place
through the API, so a busy morning needs no page reloads.
"""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.roles import DESK
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import DomainError
from spelotheek.families.revoked import staff_scans
from spelotheek.meetups import attendance, timetable
from spelotheek.meetups.forms import CountsForm, ScanForm
from spelotheek.meetups.views import bp, parse_day, today

CORRECTION_DAYS = 28  # dates this far back are listed for corrections


@bp.get("/meetups/host")
@allow(DESK)
def host():
    """Today's dates to count, and recent ones to correct."""
    now = today()
    listed = timetable.schedule(get_session(), now - timedelta(days=CORRECTION_DAYS), now)
    todays = [x for x in listed if x.occurrence.day == now]
    recent = [x for x in reversed(listed) if x.occurrence.day < now and not x.occurrence.cancelled]
    return render_template("meetups/host.html", todays=todays, recent=recent, today=now)


def _count_url(series_id: int, day: str) -> str:
    return url_for(".count", series_id=series_id, day=day)


@bp.get("/meetups/<int:series_id>/<day>/count")
@allow(DESK)
def count(series_id: int, day: str):
    """The counters for one date: big buttons, capacity use, corrections below."""
    listed = timetable.get_occurrence(get_session(), series_id, parse_day(day), today())
    counts_form = CountsForm(prefix="counts", data=listed.counts.as_dict())
    return render_template(
        "meetups/count.html",
        item=listed,
        series=listed.series,
        counts_form=counts_form,
        scan_form=ScanForm(prefix="scan"),
        countable=not listed.occurrence.cancelled and listed.occurrence.day <= today(),
    )


@bp.post("/meetups/<int:series_id>/<day>/count")
@allow(DESK)
def tap(series_id: int, day: str):
    """One tap on + or − (the page without JavaScript)."""
    counter = request.form.get("counter", "")
    step = 1 if request.form.get("step") == "1" else -1
    try:
        with transaction() as db:
            attendance.tap(db, current_user.id, series_id, parse_day(day), counter, step, today())
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    return redirect(_count_url(series_id, day) + f"#counter-{counter}")


@bp.post("/meetups/<int:series_id>/<day>/counts")
@allow(DESK)
def correct(series_id: int, day: str):
    """Correct the counts afterwards."""
    form = CountsForm(prefix="counts")
    if not form.validate_on_submit():
        # One message per field, naming it: the page shows six number boxes.
        for box in form:
            if box.errors:
                flash(
                    _("%(field)s: %(message)s", field=box.label.text, message=box.errors[0]),
                    "error",
                )
        return redirect(_count_url(series_id, day))
    try:
        with transaction() as db:
            attendance.correct(
                db, current_user.id, series_id, parse_day(day), form.counts(), today()
            )
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    else:
        flash(_("The counts are corrected."))
    return redirect(_count_url(series_id, day))


@bp.post("/meetups/<int:series_id>/<day>/scan")
@allow(DESK)
def scan(series_id: int, day: str):
    """A family card scanned at the meeting (counted for reach only with consent)."""
    form = ScanForm(prefix="scan")
    if not form.validate_on_submit():
        flash(_("Please scan or type the card."), "error")
        return redirect(_count_url(series_id, day))
    try:
        with staff_scans(current_user.id, form.code.data or ""), transaction() as db:
            new = attendance.scan_card(
                db,
                current_user.id,
                series_id,
                parse_day(day),
                form.code.data,
                bool(form.reach_consent.data),
                today(),
            )
    except DomainError as error:
        if error.status == 404 and error.code == "not_found":
            raise
        flash(str(error.message), "error")
    else:
        flash(_("Card scanned. Thank you!") if new else _("This card was already scanned today."))
    return redirect(_count_url(series_id, day) + "#scan")

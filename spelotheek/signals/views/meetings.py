"""The network meeting: plan it, print its agenda, add it to a calendar, keep its minutes."""

from __future__ import annotations

from datetime import datetime

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.roles import OFFICE
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.hosts import external_url
from spelotheek.meetups.rules import BRUSSELS
from spelotheek.signals import calendar, meetings, queries, rules
from spelotheek.signals.forms import MeetingForm, MinutesForm
from spelotheek.signals.views import bp


def _instant(day, at) -> datetime:
    """A local day and time in Brussels as an instant."""
    return datetime.combine(day, at, tzinfo=BRUSSELS)


def _list(form: MeetingForm, status: int = 200):
    return render_template(
        "signals/meetings.html", meetings=queries.meetings(get_session()), form=form
    ), status


@bp.get("/signals/meetings")
@allow(OFFICE)
def meeting_list():
    """Network meetings, the latest first, and a form to plan the next one."""
    return _list(MeetingForm(prefix="meeting"))


@bp.post("/signals/meetings")
@allow(OFFICE)
def plan():
    """Plan a network meeting (a day, from when to when, where)."""
    form = MeetingForm(prefix="meeting")
    if form.validate_on_submit():
        try:
            with transaction() as db:
                meeting = meetings.plan_meeting(
                    db, current_user.id, _instant(form.day.data, form.starts.data),
                    _instant(form.day.data, form.ends.data), form.place.data or "", utcnow(),
                )  # fmt: skip
        except DomainError as error:
            form.ends.errors = [*form.ends.errors, str(error.message)]
        else:
            flash(_("Saved."))
            return redirect(url_for(".agenda", meeting_id=meeting.id))
    return _list(form, 422)


@bp.get("/signals/meetings/<int:meeting_id>/agenda")
@allow(OFFICE)
def agenda(meeting_id: int):
    """The agenda to print (A4): every open signal and what changed since the last meeting."""
    db = get_session()
    meeting = meetings.get_meeting(db, meeting_id)
    since, items = queries.agenda(db, meeting)
    return render_template(
        "signals/agenda.html",
        meeting=meeting,
        since=since,
        items=items,
        labels=rules.STATUS_LABELS,
        levels=rules.LEVEL_LABELS,
        print_view=request.args.get("print") == "1",
    )


@bp.get("/signals/meetings/<int:meeting_id>.ics")
@allow(OFFICE)
def meeting_ics(meeting_id: int):
    """The meeting as a calendar event to download."""
    meeting = meetings.get_meeting(get_session(), meeting_id)
    body = calendar.meeting_ics(
        meeting,
        _("Network meeting: the signals bundle"),
        _("The signals bundle is on the agenda: every open signal and what changed."),
        external_url("signals.agenda", meeting_id=meeting.id),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="network-meeting-{meeting.id}.ics"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _minutes_page(meeting, form: MinutesForm, status: int = 200):
    _since, items = queries.agenda(get_session(), meeting)
    return render_template(
        "signals/minutes.html",
        meeting=meeting,
        items=items,
        form=form,
        labels=rules.STATUS_LABELS,
        when=format_datetime(meeting.starts_at, "EEEE d MMMM y, HH:mm"),
    ), status


@bp.get("/signals/meetings/<int:meeting_id>/minutes")
@allow(OFFICE)
def minutes(meeting_id: int):
    """Minutes: per signal what was said (and its new status), plus other notes."""
    meeting = meetings.get_meeting(get_session(), meeting_id)
    return _minutes_page(meeting, MinutesForm(prefix="minutes"))


@bp.post("/signals/meetings/<int:meeting_id>/minutes")
@allow(OFFICE)
def save_minutes(meeting_id: int):
    """Keep the minutes: each signal's words go into its history, dated and linked here."""
    form = MinutesForm(prefix="minutes")
    meeting = meetings.get_meeting(get_session(), meeting_id)
    if not form.validate_on_submit():
        return _minutes_page(meeting, form, 422)
    per_signal: dict[int, tuple[str, str]] = {}
    for key, value in request.form.items():
        kind, _sep, number = key.partition("-")
        if kind == "said" and number.isascii() and number.isdigit() and len(number) < 10:
            ident = int(number)
            per_signal[ident] = (value, request.form.get(f"status-{ident}", ""))
    try:
        with transaction() as db:
            added = meetings.save_minutes(
                db, current_user.id, meetings.get_meeting(db, meeting_id),
                form.general.data or "", per_signal, utcnow(),
            )  # fmt: skip
    except DomainError as error:
        if error.status == 404:
            raise
        form.general.errors = [*form.general.errors, str(error.message)]
        return _minutes_page(meeting, form, 422)
    flash(_("Saved: %(num)d signals got a new entry in their history.", num=added))
    return redirect(url_for(".agenda", meeting_id=meeting_id))

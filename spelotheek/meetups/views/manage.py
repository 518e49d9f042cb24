"""Staff pages (staff, coordinator): plan series, change one date or a series, close periods."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.roles import OFFICE
from spelotheek.confirm import confirm_first
from spelotheek.content_forms import fill_translations, translations_of
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import DomainError
from spelotheek.forms import flash_errors
from spelotheek.meetups import closures, dates, queries, reminders, rules, services, timetable
from spelotheek.meetups.forms import (
    CancelForm,
    ClosureForm,
    DateForm,
    PauseForm,
    SeriesEditForm,
    SeriesForm,
)
from spelotheek.meetups.services import TRANSLATED_SERIES_FIELDS
from spelotheek.meetups.views import bp, parse_day, today


def _location_choices(with_all: bool = False) -> list[tuple[int, str]]:
    places = queries.locations(get_session())
    choices = [(p.id, p.name) for p in places]
    return [(0, _("Every place"))] + choices if with_all else choices


def _form_error(form, error: DomainError) -> None:
    """Show a refusal next to the field it is about, else at the top."""
    target = {
        "end_before_start": getattr(form, "ends", None),
        "capacity": getattr(form, "capacity", None),
        "ages": getattr(form, "max_age", None),
        "impossible_recurrence": getattr(form, "weekday", None),
        "closed_period": getattr(form, "day", None),
        "move_too_far": getattr(form, "day", None),
    }.get(error.code)
    if target is not None:
        target.errors = [*target.errors, str(error.message)]
    else:
        flash(str(error.message), "error")


@bp.get("/meetups/manage")
@allow(OFFICE)
def manage():
    """Every series with its state, and the closed periods."""
    db = get_session()
    series = queries.every_series(db)
    closures = queries.closures_since(db, today() - timedelta(days=31))
    form = ClosureForm(prefix="closure")
    form.location_id.choices = _location_choices(with_all=True)
    return render_template(
        "meetups/manage.html", series=series, closures=closures, closure_form=form, today=today()
    )


@bp.route("/meetups/new", methods=["GET", "POST"])
@allow(OFFICE)
def create():
    """Plan a new series."""
    form = SeriesForm()
    form.location_id.choices = _location_choices()
    if form.validate_on_submit():
        try:
            with transaction() as db:
                series = services.create_series(db, current_user.id, form.schedule_fields())
        except DomainError as error:
            _form_error(form, error)
        else:
            flash(_("The meeting is planned."))
            return redirect(url_for(".show", series_id=series.id))
    status = 422 if form.is_submitted() else 200
    return render_template("meetups/form.html", form=form, series=None), status


@bp.route("/meetups/<int:series_id>/edit", methods=["GET", "POST"])
@allow(OFFICE)
def edit(series_id: int):
    """Change all dates, or the dates from one day on (the series splits there)."""
    series = timetable.get_series(get_session(), series_id)
    form = SeriesEditForm(obj=series)
    form.location_id.choices = _location_choices()
    if not form.is_submitted():
        form.pattern.data, form.weekday.data, nth = rules.describe(series.rrule)
        form.nth.data = nth or 1
        form.from_day.data = today()
        fill_translations(form, series, TRANSLATED_SERIES_FIELDS)
    if form.validate_on_submit():
        from_day = form.from_day.data if form.scope.data == "from" else None
        if form.scope.data == "from" and from_day is None:
            form.from_day.errors = [_("Please give a date.")]
        else:
            try:
                with transaction() as db:
                    target = services.update_series(
                        db, current_user.id, db.merge(series), form.schedule_fields(), from_day
                    )
            except DomainError as error:
                _form_error(form, error)
            else:
                flash(_("Saved."))
                return redirect(url_for(".show", series_id=target.id))
    status = 422 if form.is_submitted() else 200
    return render_template("meetups/form.html", form=form, series=series), status


@bp.route("/meetups/<int:series_id>/<day>/edit", methods=["GET", "POST"])
@allow(OFFICE)
def edit_date(series_id: int, day: str):
    """This date only: move it, change its times or theme; cancel or restore it."""
    original_day = parse_day(day)
    listed = timetable.get_occurrence(get_session(), series_id, original_day, today())
    form = DateForm()
    if not form.is_submitted():
        shown = listed.occurrence
        form.day.data, form.starts.data, form.ends.data = shown.day, shown.starts, shown.ends
        form.theme.data = shown.theme or ""
        fill_translations(form, shown, ["theme"])
    if form.validate_on_submit():
        try:
            with transaction() as db:
                dates.change_date(
                    db,
                    current_user.id,
                    series_id,
                    original_day,
                    day=form.day.data,
                    starts=form.starts.data,
                    ends=form.ends.data,
                    theme=form.theme.data,
                    theme_texts=translations_of(form, "theme"),
                    today=today(),
                )
        except DomainError as error:
            _form_error(form, error)
        else:
            flash(_("Saved."))
            return redirect(url_for(".occurrence", series_id=series_id, day=day))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "meetups/date_form.html",
        form=form,
        cancel_form=CancelForm(prefix="cancel"),
        item=listed,
        series=listed.series,
    ), status


@bp.post("/meetups/<int:series_id>/<day>/cancel")
@allow(OFFICE)
def cancel_date(series_id: int, day: str):
    """Cancel one date with a reason; families who said they'd come and agreed get a message."""
    original_day = parse_day(day)
    form = CancelForm(prefix="cancel")
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for(".edit_date", series_id=series_id, day=day))
    with transaction() as db:
        notices = dates.cancel_date(
            db, current_user.id, series_id, original_day, form.reason.data, today()
        )
    reminders.send_cancel_notices(notices)
    flash(_("The date is cancelled. It stays visible with the reason."))
    return redirect(url_for(".occurrence", series_id=series_id, day=day))


@bp.post("/meetups/<int:series_id>/<day>/restore")
@allow(OFFICE)
def restore_date(series_id: int, day: str):
    """Undo the cancellation of one date."""
    with transaction() as db:
        dates.restore_date(db, current_user.id, series_id, parse_day(day), today())
    flash(_("The date is on again."))
    return redirect(url_for(".occurrence", series_id=series_id, day=day))


@bp.post("/meetups/<int:series_id>/pause")
@allow(OFFICE)
def pause(series_id: int):
    """Take a break from a day on."""
    form = PauseForm(prefix="pause")
    if not form.validate_on_submit():
        flash(_("Please give a date."), "error")
        return redirect(url_for(".show", series_id=series_id))
    with transaction() as db:
        services.pause(db, current_user.id, timetable.get_series(db, series_id), form.from_day.data)
    flash(_("The meeting takes a break. Its dates come back when you resume it."))
    return redirect(url_for(".show", series_id=series_id))


@bp.post("/meetups/<int:series_id>/resume")
@allow(OFFICE)
def resume(series_id: int):
    """End the break."""
    with transaction() as db:
        services.resume(db, current_user.id, timetable.get_series(db, series_id))
    flash(_("The meeting is on again."))
    return redirect(url_for(".show", series_id=series_id))


@bp.post("/meetups/closures")
@allow(OFFICE)
def close_period():
    """Close a period (school holidays): the dates in it show as cancelled with the reason."""
    form = ClosureForm(prefix="closure")
    form.location_id.choices = _location_choices(with_all=True)
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for(".manage"))
    try:
        with transaction() as db:
            _closure, notices = closures.close_period(
                db,
                current_user.id,
                form.location_id.data or None,
                form.first_day.data,
                form.last_day.data,
                form.reason.data,
            )
    except DomainError as error:
        flash(str(error.message), "error")
        return redirect(url_for(".manage"))
    reminders.send_cancel_notices(notices)
    flash(_("The period is closed."))
    return redirect(url_for(".manage"))


@bp.post("/meetups/closures/<int:closure_id>/delete")
@allow(OFFICE)
@confirm_first(
    _l("Remove this closed period?"),
    _l("Its dates are on the calendar again, and its reason is deleted."),
    _l("Yes, remove the period"),
)
def reopen_period(closure_id: int):
    """Remove a closed period."""
    with transaction() as db:
        closures.reopen_period(db, current_user.id, closure_id)
    flash(_("The closed period is removed."))
    return redirect(url_for(".manage"))

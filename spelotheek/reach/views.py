"""Reach statistics: the coordinator's dashboard, CSV and printable page, reference figures,
and the profile questions (for the family itself, or with staff at the desk)."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek import csvfile
from spelotheek.auth.access import allow
from spelotheek.auth.roles import COORDINATOR_ONLY, DESK, FAMILY_ONLY, OFFICE
from spelotheek.confirm import confirm_first
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.families.models import Family
from spelotheek.reach import rules, services, snapshots
from spelotheek.reach.asked import (  # noqa: F401  (BadQuery, today: also used by tests)
    BadQuery,
    current_report,
    parse_query,
    snapshot_age,
    today,
)
from spelotheek.reach.forms import ProfileForm, ReferenceForm, dimension_choices
from spelotheek.reach.report import SERVICE_LABELS, Report, Table
from spelotheek.registry import PORTAL_SECTIONS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

bp = Blueprint("reach", __name__)


def _choices(report: Report) -> dict[str, Any]:
    return {
        "from": report.start.strftime("%Y-%m"),
        "to": (report.end - timedelta(days=1)).strftime("%Y-%m"),
        "service": report.service,
        "by": report.by[0],
        "by2": report.by[1] if len(report.by) > 1 else "",
    }


@bp.get("/reach")
@allow(COORDINATOR_ONLY)
def dashboard():
    """Who comes, and who we don't reach yet — aggregate figures only."""
    try:
        report = current_report(request.args)
    except BadQuery as error:
        flash(str(error.message), "error")
        report = current_report({})
    return render_template(
        "reach/dashboard.html",
        report=report,
        chosen=_choices(report),
        services=SERVICE_LABELS,
        dimensions=dimension_choices(),
        marker=rules.marker(report.settings.threshold),
        snapshot_minutes=math.ceil(snapshot_age().total_seconds() / 60),
    )


@bp.post("/reach/recount")
@allow(COORDINATOR_ONLY)
def recount():
    """Count the chosen figures again now, instead of showing the snapshot of a while ago."""
    try:
        start, end, service, by = parse_query(request.form)
    except BadQuery as error:
        flash(str(error.message), "error")
        return redirect(url_for(".dashboard"))
    with transaction() as db:
        snapshots.forget(db, snapshots.key_for(start, end, service, by))
    choices = {name: request.form.get(name, "") for name in ("from", "to", "service", "by", "by2")}
    return redirect(url_for(".dashboard", **{k: v for k, v in choices.items() if v}))


@bp.get("/reach/print")
@allow(COORDINATOR_ONLY)
def printable():
    """A one-page report for the local network meeting."""
    report = current_report(request.args)
    return render_template(
        "reach/print.html",
        report=report,
        services=SERVICE_LABELS,
        marker=rules.marker(report.settings.threshold),
    )


def csv_rows(report: Report) -> list[list[str]]:
    """Exactly the tables the page shows, one line per shown figure."""
    rows = [[_("Table"), _("Row"), _("Column"), _("Value")]]
    for table in report.tables:
        rows.extend(_table_rows(table))
    return rows


def _table_rows(table: Table) -> list[list[str]]:
    lines = []
    for row in table.rows:
        for heading, value in zip(table.headings[1:], row.shown(), strict=False):
            lines.append([str(table.title), str(row.label), str(heading), str(value)])
    return lines


@bp.get("/reach/export.csv")
@allow(COORDINATOR_ONLY)
def export_csv():
    """The figures on the page as CSV, safe to open in a spreadsheet."""
    report = current_report(request.args)
    name = f"reach-{report.start:%Y-%m}-{(report.end - timedelta(days=1)):%Y-%m}.csv"
    return csvfile.response(csv_rows(report), name)


@bp.route("/reach/references", methods=["GET", "POST"])
@allow(COORDINATOR_ONLY)
def references():
    """Shares for the area served, each with its source and year."""
    form = ReferenceForm()
    if form.validate_on_submit():
        dimension, _sep, category = form.target.data.partition(":")
        with transaction() as db:
            services.add_reference(
                db,
                current_user.id,
                {
                    "label": form.label.data.strip(),
                    "dimension": dimension,
                    "category": category,
                    "share_percent": form.share_percent.data,
                    "source": form.source.data.strip(),
                    "year": form.year.data,
                },
            )
        flash(_("Saved."))
        return redirect(url_for(".references"))
    status = 400 if request.method == "POST" else 200
    figures = services.reference_figures(get_session())
    return render_template("reach/references.html", form=form, figures=figures), status


@bp.post("/reach/references/<int:figure_id>/delete")
@allow(COORDINATOR_ONLY)
@confirm_first(
    _l("Delete this reference figure?"),
    _l("The figure no longer shows next to the reach statistics. This cannot be undone."),
    _l("Yes, delete the figure"),
)
def delete_reference(figure_id: int):
    """Remove a reference figure."""
    with transaction() as db:
        services.delete_reference(db, current_user.id, figure_id)
    flash(_("The figure is removed."))
    return redirect(url_for(".references"))


# ---------------------------------------------------------------- the profile questions


def _save(db: Session, family: Family, form: ProfileForm, staff_id: int | None) -> None:
    settings = services.settings_from(current_app.config)
    services.save_profile(db, family, form.answers(), settings, staff_id, utcnow())


def _prefill(form: ProfileForm, family: Family) -> None:
    """Suggest the neighbourhood from the postcode (the family can change it)."""
    if not form.is_submitted() and not form.neighbourhood.data:
        form.neighbourhood.data = (
            services.neighbourhood_for(family.postcode, current_app.config) or ""
        )


@bp.route("/reach/profile/<int:family_id>", methods=["GET", "POST"])
@allow(DESK | OFFICE)
def staff_profile(family_id: int):
    """Fill in the questions together with the family; earlier answers are never shown."""
    db = get_session()
    family = services.get_family(db, family_id)
    profile = services.profile_of(db, family_id)
    form = ProfileForm()
    _prefill(form, family)
    if form.validate_on_submit():
        try:
            with transaction() as db:
                _save(db, db.merge(family), form, current_user.id)
        except DomainError as error:
            flash(str(error.message), "error")
        else:
            flash(_("Thank you. The answers are saved."))
            return redirect(url_for(".staff_profile", family_id=family_id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "reach/staff_profile.html", family=family, profile=profile, form=form
    ), status


@bp.post("/reach/profile/<int:family_id>/withdraw")
@allow(DESK | OFFICE)
@confirm_first(
    _l("Remove the answers?"),
    _l("The family's answers about its household are removed at once. This cannot be undone."),
    _l("Yes, remove the answers"),
)
def staff_withdraw(family_id: int):
    """The family no longer wants its answers used: remove them in one click."""
    with transaction() as db:
        family = services.get_family(db, family_id)
        services.withdraw_profile(db, family, current_user.id, utcnow())
    flash(_("The answers are removed. They are no longer counted."))
    return redirect(url_for(".staff_profile", family_id=family_id))


@bp.route("/me/reach", methods=["GET", "POST"])
@allow(FAMILY_ONLY)
def my_profile():
    """The family answers (or changes) the questions itself."""
    family = current_user.family
    db = get_session()
    profile = services.profile_of(db, family.id)
    form = ProfileForm(obj=profile if profile and profile.active else None)
    if profile and profile.active and not form.is_submitted():
        form.other_languages.data = [c for c in profile.other_languages.split(",") if c]
    _prefill(form, family)
    if form.validate_on_submit():
        try:
            with transaction() as db:
                _save(db, db.merge(family), form, None)
        except DomainError as error:
            flash(str(error.message), "error")
        else:
            flash(_("Thank you. Your answers are saved."))
            return redirect(url_for("families_portal.me"))
    status = 400 if request.method == "POST" else 200
    return render_template("reach/my_profile.html", form=form, profile=profile), status


@bp.post("/me/reach/withdraw")
@allow(FAMILY_ONLY)
@confirm_first(
    _l("Remove your answers?"),
    _l("Your answers about your family are removed at once. You can answer again later."),
    _l("Yes, remove my answers"),
)
def my_withdraw():
    """Stop: remove the answers in one click."""
    with transaction() as db:
        services.withdraw_profile(db, db.merge(current_user.family), None, utcnow())
    flash(_("Your answers are removed. We no longer count them."))
    return redirect(url_for("families_portal.me"))


def portal_section(db: Session, family: Family) -> tuple[str, dict[str, Any]] | None:
    """On the family's page: the questions, and whether they answered."""
    return "reach/_portal.html", {"profile": services.profile_of(db, family.id)}


if portal_section not in PORTAL_SECTIONS:
    PORTAL_SECTIONS.append(portal_section)

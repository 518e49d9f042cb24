"""A signal's pages: the list, one signal with its plan and history, and the steps on it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from spelotheek import csvfile
from spelotheek.auth.access import allow
from spelotheek.auth.roles import COORDINATOR_ONLY, OFFICE
from spelotheek.content_forms import fill_translations, translations_of
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.forms import flash_errors
from spelotheek.reach.rules import rounding_from, threshold_from
from spelotheek.signals import queries, rules, services
from spelotheek.signals.forms import DescribeForm, NewSignalForm, StatusForm, StepForm
from spelotheek.signals.views import (
    READERS,
    bp,
    domain_choices,
    own_organization,
    today,
    visible,
)


def _back(signal_id: int, anchor: str = ""):
    return redirect(url_for(".show", signal_id=signal_id) + anchor)


def _new_form() -> NewSignalForm:
    form = NewSignalForm(prefix="new")
    form.domain_id.choices = domain_choices(get_session(), _("Not chosen"))
    return form


@bp.get("/signals")
@allow(READERS)
def index():
    """The signals bundle: open signals, the most counted first (a partner: its own)."""
    show_all = request.args.get("all") == "1"
    db = get_session()
    return render_template(
        "signals/index.html",
        signals=queries.signals(db, open_only=not show_all, organization_id=own_organization()),
        counts=queries.counts_by_status(db) if own_organization() is None else {},
        show_all=show_all,
        form=_new_form(),
        labels=rules.STATUS_LABELS,
    )


@bp.post("/signals")
@allow(OFFICE)
def create():
    """Note a barrier that keeps coming back as a signal straight away."""
    form = _new_form()
    if form.validate_on_submit():
        try:
            with transaction() as db:
                signal = services.create_signal(
                    db, current_user.id, form.title.data, today(), utcnow(),
                    domain_id=form.domain_id.data or None,
                )  # fmt: skip
        except DomainError as error:
            form.title.errors = [*form.title.errors, str(error.message)]
        else:
            flash(_("Saved."))
            return _back(signal.id)
    db = get_session()
    return render_template(
        "signals/index.html",
        signals=queries.signals(db),
        counts=queries.counts_by_status(db),
        show_all=False,
        form=form,
        labels=rules.STATUS_LABELS,
    ), 422


def _describe_form(signal=None) -> DescribeForm:
    db = get_session()
    form = DescribeForm(prefix="describe")
    form.domain_id.choices = domain_choices(db, _("Not chosen"))
    form.organization_id.choices = [SelectChoice(0, _("Not chosen yet"))] + [
        SelectChoice(ident, name) for ident, name in queries.organizations(db)
    ]
    if signal is not None and not form.is_submitted():
        form.title.data, form.outcome.data = signal.title, signal.outcome
        form.domain_id.data = signal.domain_id or 0
        form.organization_id.data = signal.organization_id or 0
        form.level.data, form.authority.data = signal.level, signal.authority
        fill_translations(form, signal, ("title", "outcome"))
    return form


@bp.get("/signals/<int:signal_id>")
@allow(READERS)
def show(signal_id: int):
    """One signal: count and since when, partner and level, action plan and history."""
    signal = visible(queries.signal_page(get_session(), signal_id))
    staff = current_user.principal in OFFICE
    status_form = StatusForm(prefix="status")
    status_form.status.data = signal.status
    return render_template(
        "signals/show.html",
        signal=signal,
        staff=staff,
        status_form=status_form,
        step_form=StepForm(prefix="step"),
        describe_form=_describe_form(signal) if staff else None,
        labels=rules.STATUS_LABELS,
        levels=rules.LEVEL_LABELS,
    )


@bp.post("/signals/<int:signal_id>/again")
@allow(OFFICE)
def again(signal_id: int):
    """It came up once more (+1)."""
    try:
        with transaction() as db:
            services.count_again(db, current_user.id, services.get_signal(db, signal_id), utcnow())
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    else:
        flash(_("Counted once more."))
    return _back(signal_id)


@bp.post("/signals/<int:signal_id>/status")
@allow(OFFICE)
def status(signal_id: int):
    """Where the signal stands now, and what changed: a new entry in its history."""
    form = StatusForm(prefix="status")
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(signal_id, "#status")
    try:
        with transaction() as db:
            services.set_status(
                db, current_user.id, services.get_signal(db, signal_id), form.status.data,
                form.what_changed.data or "", utcnow(),
            )  # fmt: skip
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    else:
        flash(_("Saved."))
    return _back(signal_id, "#history")


@bp.post("/signals/<int:signal_id>/describe")
@allow(OFFICE)
def describe(signal_id: int):
    """Change the signal's words, outcome, domain, responsible partner and level."""
    form = _describe_form()
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(signal_id, "#describe")
    fields = {
        "title": form.title.data,
        "title_texts": translations_of(form, "title"),
        "outcome": form.outcome.data,
        "outcome_texts": translations_of(form, "outcome"),
        "domain_id": form.domain_id.data,
        "organization_id": form.organization_id.data,
        "level": form.level.data,
        "authority": form.authority.data,
    }
    try:
        with transaction() as db:
            services.describe(
                db, current_user.id, services.get_signal(db, signal_id), fields, utcnow()
            )
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    else:
        flash(_("Saved."))
    return _back(signal_id)


@bp.post("/signals/<int:signal_id>/steps")
@allow(READERS)
def add_step(signal_id: int):
    """A step of the action plan (staff, or the responsible partner)."""
    form = StepForm(prefix="step")
    visible(queries.find(get_session(), signal_id))
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(signal_id, "#plan")
    try:
        with transaction() as db:
            services.add_step(
                db, current_user.id, services.get_signal(db, signal_id), form.what.data,
                form.owner.data or "", form.due_on.data, utcnow(),
            )  # fmt: skip
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Saved."))
    return _back(signal_id, "#plan")


@bp.post("/signals/<int:signal_id>/steps/<int:step_id>/done")
@allow(READERS)
def step_done(signal_id: int, step_id: int):
    """The step was done today."""
    visible(queries.find(get_session(), signal_id))
    with transaction() as db:
        step = services.get_step(db, services.get_signal(db, signal_id), step_id)
        services.mark_step_done(db, current_user.id, step, today(), utcnow())
    flash(_("Marked as done."))
    return _back(signal_id, "#plan")


@bp.get("/signals.csv")
@allow(COORDINATOR_ONLY)
def export():
    """The signals as CSV; counts follow the small-number rule of the reach statistics."""
    found = queries.signals(get_session(), open_only=request.args.get("all") != "1")
    threshold = threshold_from(current_app.config.get("REACH_THRESHOLD", 10))
    rounding = rounding_from(current_app.config.get("REACH_ROUNDING", 5))
    header = ("id", "signal", "status", "barriers", "since", "partner", "level", "authority")
    rows = (
        (
            s.id,
            s.title,
            s.status,
            rules.public_count(s.barrier_count, threshold, rounding),
            s.first_seen_on.isoformat(),
            s.organization.name if s.organization else "",
            s.level,
            s.authority,
        )
        for s in found
    )
    return csvfile.response([header, *rows], "signals.csv")

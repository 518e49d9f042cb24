"""Barriers waiting to be grouped: recorded by a worker (or from the rights check, handovers,
topics) and grouped by staff into a new or an existing signal."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from spelotheek.auth.access import allow
from spelotheek.auth.roles import OFFICE
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.forms import flash_errors
from spelotheek.signals import barriers, queries, rules
from spelotheek.signals.forms import BarrierForm, GroupForm
from spelotheek.signals.views import bp, domain_choices, today


def _forms() -> tuple[BarrierForm, GroupForm]:
    db = get_session()
    record = BarrierForm(prefix="barrier")
    record.domain_id.choices = domain_choices(db, _("Not chosen"))
    grouping = GroupForm(prefix="group")
    grouping.barrier_ids.choices = [
        SelectChoice(b.id, b.what) for b in queries.ungrouped_barriers(db)
    ]
    grouping.signal_id.choices = [SelectChoice(0, _("A new signal"))] + [
        SelectChoice(s.id, s.title) for s in queries.signals(db)
    ]
    return record, grouping


def _page(record: BarrierForm, grouping: GroupForm, status: int = 200):
    return render_template(
        "signals/barriers.html",
        barriers=queries.ungrouped_barriers(get_session()),
        record_form=record,
        group_form=grouping,
        sources=rules.SOURCE_LABELS,
    ), status


@bp.get("/signals/barriers")
@allow(OFFICE)
def barrier_list():
    """Barriers that wait to be grouped, and a form to record one."""
    return _page(*_forms())


@bp.post("/signals/barriers")
@allow(OFFICE)
def record():
    """A barrier a worker met: domain, what blocked, where (nothing about the family)."""
    record_form, grouping = _forms()
    if record_form.validate_on_submit():
        try:
            with transaction() as db:
                barriers.record_barrier(
                    db, current_user.id, record_form.domain_id.data or None,
                    record_form.what.data, record_form.place.data or "", today(),
                )  # fmt: skip
        except DomainError as error:
            record_form.what.errors = [*record_form.what.errors, str(error.message)]
        else:
            flash(_("Saved. It waits here to be grouped into a signal."))
            return redirect(url_for(".barrier_list"))
    return _page(record_form, grouping, 422)


@bp.post("/signals/barriers/group")
@allow(OFFICE)
def group():
    """Group the ticked barriers into a new or an existing signal."""
    _record, form = _forms()
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for(".barrier_list"))
    try:
        with transaction() as db:
            signal = barriers.group(
                db, current_user.id, form.barrier_ids.data or [], today(), utcnow(),
                signal_id=form.signal_id.data or None, title=form.title.data or "",
            )  # fmt: skip
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
        return redirect(url_for(".barrier_list"))
    flash(_("Grouped into the signal."))
    return redirect(url_for(".show", signal_id=signal.id))

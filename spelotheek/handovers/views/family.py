"""The family's side, in its own language: see a handover and exactly what would be shared, say
yes, change it, say no, or take the yes back. The printed slip's QR code leads here too, after
logging in with card and PIN."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from spelotheek.auth.access import allow
from spelotheek.auth.roles import FAMILY_ONLY
from spelotheek.confirm import confirm_first
from spelotheek.db import get_session, transaction
from spelotheek.forms import flash_errors
from spelotheek.handovers import notices, queries, rules, services
from spelotheek.handovers.forms import DecisionForm, PlanForm
from spelotheek.handovers.views import about, bp, now
from spelotheek.registry import PORTAL_SECTIONS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from spelotheek.families.models import Family


def _show(handover_id: int):
    return redirect(url_for(".family_show", handover_id=handover_id))


@bp.get("/h/<slip_code>")
@allow(FAMILY_ONLY)
def slip_open(slip_code: str):
    """The slip's QR code: after logging in, the family's own handover (nobody else's)."""
    handover = queries.by_slip(get_session(), current_user.id, slip_code)
    return _show(handover.id)


@bp.get("/me/handovers/<int:handover_id>")
@allow(FAMILY_ONLY)
def family_show(handover_id: int):
    """One handover as the family sees it: where to, the warm way, what would be shared."""
    with transaction() as db:
        handover = queries.family_handover(db, current_user.id, handover_id)
        services.expire_if_due(handover, now())
    family = queries.family(db, current_user.id)
    today = now().astimezone(rules.BRUSSELS).date()
    facts = services.family_facts(family, handover, today)
    preview = rules.shared_values(handover.shares, facts)
    return render_template(
        "handovers/family_show.html",
        handover=handover,
        preview=handover.shared if handover.decision == "approved" else preview,
        **about(db, handover),
        form=DecisionForm(),
    )


def _decide(handover_id: int, step: str, done: str):
    form = DecisionForm()
    if not form.validate():
        flash_errors(form)
        return _show(handover_id)
    try:
        with transaction() as db:
            handover = queries.family_handover(db, current_user.id, handover_id)
            if step == "approve":
                services.approve(db, queries.family(db, current_user.id), handover, now())
                told = notices.for_partner(db, handover) + notices.for_sender(db, handover)
            else:
                getattr(services, step)(db, handover, now())
                told = notices.for_sender(db, handover)
    except rules.HandoverRefused as error:
        flash(str(error.message), "error")
    else:
        notices.send(told)
        flash(done)
    return _show(handover_id)


@bp.post("/me/handovers/<int:handover_id>/approve")
@allow(FAMILY_ONLY)
def approve(handover_id: int):
    """Yes: exactly what is listed goes to the partner, nothing else."""
    return _decide(handover_id, "approve", _("Thank you. The partner can now see what you chose."))


@bp.post("/me/handovers/<int:handover_id>/refuse")
@allow(FAMILY_ONLY)
def refuse(handover_id: int):
    """No: nothing is passed on."""
    return _decide(handover_id, "refuse", _("Nothing is passed on. That is fine."))


@bp.post("/me/handovers/<int:handover_id>/withdraw")
@allow(FAMILY_ONLY)
@confirm_first(
    _l("Take your yes back?"),
    _l("The service no longer sees what you shared. You can ask the worker for a new handover."),
    _l("Yes, take it back"),
)
def withdraw(handover_id: int):
    """Take the yes back: the partner no longer sees anything."""
    return _decide(handover_id, "withdraw", _("Taken back. The partner no longer sees it."))


def _change_choices(form: PlanForm, offered: list[str]) -> None:
    form.shares.choices = [
        SelectChoice(k, v) for k, v in rules.SHARE_LABELS.items() if k in offered
    ]
    today = now().astimezone(rules.BRUSSELS).date()
    form.meetup.choices = [SelectChoice("", _("Choose a date"))] + [
        SelectChoice(value, f"{format_date(day, 'EEE d MMM')} · {title}")
        for value, day, title in queries.meetup_dates(get_session(), today)
    ]


@bp.route("/me/handovers/<int:handover_id>/change", methods=["GET", "POST"])
@allow(FAMILY_ONLY)
def change(handover_id: int):
    """Take things away from what is shared, write the question again, choose another way."""
    db = get_session()
    handover = queries.family_handover(db, current_user.id, handover_id)
    form = PlanForm(obj=handover)
    _change_choices(form, list(handover.shares))
    if not form.is_submitted():
        form.shares.data = list(handover.shares)
        if handover.meetup_series_id and handover.meetup_day:
            form.meetup.data = f"{handover.meetup_series_id}:{handover.meetup_day.isoformat()}"
    elif form.validate():
        try:
            with transaction() as db:
                handover = queries.family_handover(db, current_user.id, handover_id)
                family = queries.family(db, current_user.id)
                services.change(db, family, handover, form.plan(handover.note), now())
                told = notices.for_sender(db, handover)
        except rules.HandoverRefused as error:
            form.question.errors = [*form.question.errors, str(error.message)]
        else:
            notices.send(told)
            flash(_("Changed."))
            return _show(handover_id)
    status = 400 if form.is_submitted() else 200
    return render_template("handovers/change.html", form=form, handover=handover), status


def portal_section(db: Session, family: Family) -> tuple[str, dict[str, Any]] | None:
    """The family's handovers on its own page (none: no section)."""
    listed = queries.family_handovers(db, family.id)
    if not listed:
        return None
    names = queries.services_by_id(db, {h.service_id for h in listed if h.service_id})
    return "handovers/_portal.html", {"listed": listed, "services": names}


PORTAL_SECTIONS.append(portal_section)

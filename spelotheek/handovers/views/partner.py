"""The receiving partner's side: the handovers the family approved for its organisation only,
exactly what the family chose to share, and the status that goes back to the sender and the
family. Any other handover — waiting, refused, withdrawn, expired, another organisation's —
is not found. Every look is audited."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from spelotheek.auth.access import allow
from spelotheek.auth.roles import PARTNER_ONLY
from spelotheek.db import get_session, transaction
from spelotheek.forms import flash_errors
from spelotheek.handovers import notices, queries, rules, services
from spelotheek.handovers.forms import StatusForm
from spelotheek.handovers.views import about, bp, now


def _organization_id() -> int:
    return int(current_user.user.organization_id or 0)


@bp.get("/partner/handovers")
@allow(PARTNER_ONLY)
def partner_list():
    """The approved handovers to my organisation."""
    with transaction() as db:
        listed = queries.for_partner(db, _organization_id())
        passed_on = queries.prepared_by(db, current_user.id)
        services.viewed(db, current_user.id, None, "partner list")
    ids = {h.service_id for h in (*listed, *passed_on) if h.service_id}
    return render_template(
        "handovers/partner_list.html",
        listed=listed,
        passed_on=passed_on,
        services=queries.services_by_id(db, ids),
    )


def _status_form(service_id: int | None) -> StatusForm:
    form = StatusForm()
    form.suggested_service_id.choices = [SelectChoice(0, _("No suggestion"))] + [
        SelectChoice(sid, label)
        for sid, label in queries.service_choices(get_session(), leave_out=service_id)
    ]
    return form


@bp.get("/partner/handovers/<int:handover_id>")
@allow(PARTNER_ONLY)
def partner_show(handover_id: int):
    """One approved handover: what the family shared, how to meet, what happened so far."""
    with transaction() as db:
        handover = queries.partner_handover(db, _organization_id(), handover_id)
        services.viewed(db, current_user.id, handover.id, "partner")
    return render_template(
        "handovers/partner_show.html",
        handover=handover,
        **about(db, handover),
        form=_status_form(handover.service_id),
    )


@bp.post("/partner/handovers/<int:handover_id>/status")
@allow(PARTNER_ONLY)
def partner_status(handover_id: int):
    """Say what happened; with 'not our service', suggest another and maybe pass it on."""
    db = get_session()
    handover = queries.partner_handover(db, _organization_id(), handover_id)
    form = _status_form(handover.service_id)
    if not form.validate():
        flash_errors(form)
        return redirect(url_for(".partner_show", handover_id=handover_id))
    try:
        with transaction() as db:
            handover = queries.partner_handover(db, _organization_id(), handover_id)
            services.set_partner_status(
                db,
                current_user.id,
                handover,
                form.status.data or "",
                now(),
                form.suggested_service_id.data or None,
            )
            told = notices.for_sender(db, handover)
            if form.pass_on.data and form.status.data == "not_ours":
                made = services.pass_on(
                    db, current_user.id, handover, now(), current_app.config["HANDOVER_EXPIRY_DAYS"]
                )
                told += notices.for_family(queries.family(db, made.family_id), made)
    except rules.HandoverRefused as error:
        flash(str(error.message), "error")
    else:
        notices.send(told)
        flash(_("Thank you. The sender and the family see what happened."))
    return redirect(url_for(".partner_show", handover_id=handover_id))

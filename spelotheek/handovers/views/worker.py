"""The worker's side: prepare a handover from a family's page, follow what one prepared, print
the slip, note an anonymous barrier when it failed. Every look at a handover is audited."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from spelotheek.auth.access import allow
from spelotheek.auth.roles import Role
from spelotheek.db import get_session, transaction
from spelotheek.forms import flash_errors
from spelotheek.handovers import notices, queries, rules, services
from spelotheek.handovers.forms import BarrierForm, PrepareForm
from spelotheek.handovers.slip import slip_languages
from spelotheek.handovers.views import SENDERS, WORKERS, about, bp, now
from spelotheek.hosts import external_url
from spelotheek.qr import qr_svg


def _today():
    return now().astimezone(rules.BRUSSELS).date()


def _fill_choices(form: PrepareForm) -> None:
    db = get_session()
    form.service_id.choices = [SelectChoice(0, _("Choose a service"))] + [
        SelectChoice(sid, label) for sid, label in queries.service_choices(db)
    ]
    form.meetup.choices = [SelectChoice("", _("Choose a date"))] + [
        SelectChoice(value, f"{format_date(day, 'EEE d MMM')} · {title}")
        for value, day, title in queries.meetup_dates(db, _today())
    ]


@bp.route("/handovers/new/<int:family_id>", methods=["GET", "POST"])
@allow(WORKERS)
def prepare(family_id: int):
    """Prepare a handover of a family to a service; the family decides before anything leaves."""
    db = get_session()
    family = queries.family(db, family_id)
    if not services.may_prepare_for(db, current_user.user, family_id):
        raise rules.handover_not_found()
    form = PrepareForm()
    _fill_choices(form)
    if not form.is_submitted():
        form.token.data = services.new_slip_code()
        form.shares.data = ["first_name", "question"]
    elif form.validate():
        try:
            with transaction() as db:
                handover, made = services.prepare(
                    db,
                    current_user.id,
                    db.merge(family),
                    form.service_id.data or 0,
                    form.plan(form.note.data or ""),
                    form.token.data or "",
                    now(),
                    current_app.config["HANDOVER_EXPIRY_DAYS"],
                    _today(),
                )
                told = notices.for_family(family, handover) if made else []
                handover_id = handover.id
        except rules.HandoverRefused as error:
            form.question.errors = [*form.question.errors, str(error.message)]
        else:
            notices.send(told)
            if made:
                flash(_("The handover is ready. Give the family the slip, or let it log in."))
            return redirect(url_for(".sender_show", handover_id=handover_id))
    status = 400 if form.is_submitted() else 200
    return render_template("handovers/prepare.html", form=form, family=family), status


@bp.get("/handovers")
@allow(SENDERS)
def sent():
    """The handovers I prepared, with what came back; silent partners marked."""
    facilitator = current_user.user.role == Role.FACILITATOR
    with transaction() as db:
        listed = queries.prepared_by(db, current_user.id)
        # A midwife opens no family pages: her groups' families are listed here to hand over.
        families = queries.group_families(db, current_user.id) if facilitator else []
        services.viewed(db, current_user.id, None, "sender list")
    names = queries.services_by_id(db, {h.service_id for h in listed if h.service_id})
    return render_template("handovers/sent.html", listed=listed, services=names, families=families)


@bp.get("/handovers/<int:handover_id>")
@allow(SENDERS)
def sender_show(handover_id: int):
    """One handover I prepared: the family's answer, the partner's status, the steps."""
    with transaction() as db:
        handover = queries.sender_handover(db, current_user.id, handover_id)
        services.expire_if_due(handover, now())
        services.viewed(db, current_user.id, handover.id, "sender")
    return render_template(
        "handovers/sender_show.html",
        handover=handover,
        **about(db, handover),
        barrier_form=BarrierForm(),
        failed=handover.partner_status in rules.FAILED_STATES,
    )


@bp.get("/handovers/<int:handover_id>/slip")
@allow(SENDERS)
def slip(handover_id: int):
    """The printed slip: the QR code holds only the random slip address (log in to see more)."""
    with transaction() as db:
        handover = queries.sender_handover(db, current_user.id, handover_id)
        services.viewed(db, current_user.id, handover.id, "slip")
    address = external_url(".slip_open", slip_code=handover.slip_code)
    if current_user.user.role == Role.PARTNER:  # a partner knows only what was shared with it
        language: str | None = handover.call_language
    else:
        language = queries.family(db, handover.family_id).language
    return render_template(
        "handovers/slip.html", qr=qr_svg(address), languages=slip_languages(language)
    )


@bp.post("/handovers/<int:handover_id>/barrier")
@allow(SENDERS)
def barrier(handover_id: int):
    """Note what blocked, without the family, for the network's signals."""
    form = BarrierForm()
    if not form.validate():
        flash_errors(form)
        return redirect(url_for(".sender_show", handover_id=handover_id))
    try:
        with transaction() as db:
            handover = queries.sender_handover(db, current_user.id, handover_id)
            services.note_barrier(
                db, current_user.id, handover, form.what.data or "", form.place.data or "", now()
            )
    except rules.HandoverRefused as error:
        flash(str(error.message), "error")
    else:
        flash(_("Thank you. The barrier is noted, without the family's name."))
    return redirect(url_for(".sender_show", handover_id=handover_id))

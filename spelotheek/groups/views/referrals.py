"""Participants without a family card: a midwife's referral, and linking the card later."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.roles import GROUPS
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.families.cards import family_for_scan
from spelotheek.families.revoked import staff_scans
from spelotheek.groups import participants, rules, services, signup
from spelotheek.groups.forms import LinkCardForm, ReferForm
from spelotheek.groups.views import bp
from spelotheek.phones import PhoneRefused


@bp.route("/groups/<int:group_id>/refer", methods=["GET", "POST"])
@allow(GROUPS)
def refer(group_id: int):
    """Enrol a referred parent without a family card: first name and phone, with consent."""
    group = services.get_group(get_session(), current_user.user, group_id)
    form = ReferForm()
    form.due.choices = [("", _("Not known"))] + [
        (m.strftime("%Y-%m"), format_date(m, "LLLL y"))
        for m in rules.month_choices(group.due_from, group.due_to)
    ]
    if form.validate_on_submit():
        try:
            with transaction() as db:
                group = services.get_group(db, current_user.user, group_id)
                signup.sign_up(
                    db,
                    group,
                    first_name=form.first_name.data or "",
                    phone=form.phone.data or "",
                    consent=bool(form.consent.data),
                    now=utcnow(),
                    language=form.language.data or None,
                    due=form.due_month(),
                    contact_ok=bool(form.contact_ok.data),
                    actor_id=current_user.id,
                )
        except PhoneRefused as error:
            form.phone.errors = [*form.phone.errors, str(error.message)]
        except DomainError as error:
            form.consent.errors = [*form.consent.errors, str(error.message)]
        else:
            flash(_("Enrolled. Welcome to the group!"))
            return redirect(url_for(".participants", group_id=group_id))
    status = 400 if form.is_submitted() else 200
    return render_template("groups/refer.html", form=form, group=group), status


@bp.route("/groups/<int:group_id>/enrolments/<int:enrolment_id>/card", methods=["GET", "POST"])
@allow(GROUPS)
def link_card(group_id: int, enrolment_id: int):
    """The participant got a family card: link it (the first name and phone are forgotten)."""
    group = services.get_group(get_session(), current_user.user, group_id)
    enrolment = participants.get_enrolment_of(group, enrolment_id)
    form = LinkCardForm()
    if form.validate_on_submit():
        card = form.card.data or ""
        try:
            with staff_scans(current_user.id, card), transaction() as db:
                group = services.get_group(db, current_user.user, group_id)
                signup.link_card(
                    db,
                    current_user.id,
                    group,
                    participants.get_enrolment_of(group, enrolment_id),
                    family_for_scan(db, card),
                )
        except DomainError as error:
            form.card.errors = [*form.card.errors, str(error.message)]
        else:
            flash(_("The family card is linked. We no longer keep the phone number here."))
            return redirect(url_for(".participants", group_id=group_id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "groups/link_card.html", form=form, group=group, enrolment=enrolment
    ), status

"""The participant's side: their group's schedule on /me, the private feed link, sharing
their name with the group, and stopping (withdrawing consent) at any time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.roles import FAMILY_ONLY
from spelotheek.confirm import confirm_first
from spelotheek.db import transaction, utcnow
from spelotheek.families.models import Family
from spelotheek.groups import feeds, participants, services, signup
from spelotheek.groups.forms import ShareForm
from spelotheek.groups.views import bp
from spelotheek.hosts import external_url
from spelotheek.registry import PORTAL_SECTIONS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def portal_section(db: Session, family: Family) -> tuple[str, dict[str, Any]] | None:
    """The family's group schedule on its own page, or nothing when it is in no group."""
    enrolments = feeds.family_enrolments(db, family.id)
    if not enrolments:
        return None
    now = utcnow()
    return "groups/_portal.html", {
        "enrolments": [
            (e, [s for s in e.group.sessions if s.position >= e.first_position]) for e in enrolments
        ],
        "now": now,
    }


PORTAL_SECTIONS.append(portal_section)


@bp.route("/me/groups/<int:enrolment_id>", methods=["GET", "POST"])
@allow(FAMILY_ONLY)
def my_group(enrolment_id: int):
    """The participant's group: who shares their name, my own choice, feed link, stopping."""
    family_id = current_user.family.id
    form = ShareForm()
    if form.validate_on_submit():
        with transaction() as db:
            enrolment = feeds.family_enrolment(db, family_id, enrolment_id)
            enrolment.share_name = bool(form.share_name.data)
        flash(_("Saved."))
        return redirect(url_for(".my_group", enrolment_id=enrolment_id))
    with transaction() as db:
        enrolment = feeds.family_enrolment(db, family_id, enrolment_id)
        names = feeds.shared_names(db, enrolment, family_id)
    form.share_name.data = enrolment.share_name
    return render_template(
        "groups/my_group.html",
        enrolment=enrolment,
        names=names,
        form=form,
        next_session=services.next_session(enrolment.group, utcnow()),
    )


@bp.post("/me/groups/<int:enrolment_id>/contact")
@allow(FAMILY_ONLY)
def contact(enrolment_id: int):
    """The participant says yes or no to being contacted after a missed session."""
    on = request.form.get("contact_ok") == "y"
    with transaction() as db:
        enrolment = feeds.family_enrolment(db, current_user.family.id, enrolment_id)
        signup.set_contact(db, enrolment, on, utcnow())
    if on:
        flash(_("Saved. If you miss a session, the midwife may call or send you a message."))
    else:
        flash(_("Saved. You are no longer on the list to contact when you miss a session."))
    if request.form.get("next") == "me":
        return redirect(url_for("families_portal.me"))
    return redirect(url_for(".my_group", enrolment_id=enrolment_id))


@bp.post("/me/groups/<int:enrolment_id>/feed")
@allow(FAMILY_ONLY)
def new_feed(enrolment_id: int):
    """Make a private calendar link (an older link stops working); shown once."""
    with transaction() as db:
        enrolment = feeds.family_enrolment(db, current_user.family.id, enrolment_id)
        token = feeds.new_feed_token(db, enrolment)
    return render_template(
        "groups/feed_link.html",
        enrolment=enrolment,
        url=external_url(".feed", token=token),
    )


@bp.post("/me/groups/<int:enrolment_id>/feed/revoke")
@allow(FAMILY_ONLY)
@confirm_first(
    _l("Stop the calendar link?"),
    _l("Calendars that use this link no longer get the sessions. You can make a new link later."),
    _l("Yes, stop the link"),
)
def revoke_feed(enrolment_id: int):
    """Stop the private calendar link."""
    with transaction() as db:
        feeds.revoke_feed(db, feeds.family_enrolment(db, current_user.family.id, enrolment_id))
    flash(_("The calendar link no longer works."))
    return redirect(url_for(".my_group", enrolment_id=enrolment_id))


@bp.post("/me/groups/<int:enrolment_id>/stop")
@allow(FAMILY_ONLY)
@confirm_first(
    _l("Stop with the group?"),
    _l(
        "Your name, due month and attendance are removed from the group at once. Nothing "
        "changes at the toy library or the meetings. You are always welcome back."
    ),
    _l("Yes, stop with the group"),
)
def stop(enrolment_id: int):
    """The participant stops: consent withdrawn, name removed from the group at once."""
    with transaction() as db:
        enrolment = feeds.family_enrolment(db, current_user.family.id, enrolment_id)
        participants.withdraw(db, enrolment, utcnow())
    flash(_("You are no longer in the group. You are always welcome back."))
    return redirect(url_for("families_portal.me"))

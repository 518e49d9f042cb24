"""Staff pages for families: list, create (with the printable card), edit, card lost, PIN."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.fresh import proven_just_now
from spelotheek.auth.roles import OFFICE
from spelotheek.channels import services as channels
from spelotheek.channels.forms import heard_choices
from spelotheek.confirm import confirm_first
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.families import (  # noqa: F401  (retention registers purgers)
    cards,
    datapage,
    loginlinks,
    phonesessions,
    pins,
    queries,
    reading,
    retention,
    rights,
    services,
)
from spelotheek.families.cardimage import card_picture, data_uri, qr_text
from spelotheek.families.download import json_download
from spelotheek.families.forms import (
    ChildForm,
    ExportReasonForm,
    FamilyForm,
    LibraryCardForm,
    NewFamilyForm,
    PinForm,
)
from spelotheek.families.models import Family
from spelotheek.forms import flash_errors
from spelotheek.qr import qr_svg
from spelotheek.templating import BRUSSELS
from spelotheek.urls import page_number

bp = Blueprint("families", __name__, url_prefix="/families")
PAGE_SIZE = 50


@bp.get("/")
@allow(OFFICE)
def index():
    """Families by display name, searchable, one page at a time."""
    query = request.args.get("q", "").strip()[:60]
    page = page_number(request.args.get("page", 1, type=int))
    families = queries.by_name(get_session(), query, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
    return render_template(
        "families/index.html",
        families=families[:PAGE_SIZE],
        query=query,
        page=page,
        has_more=len(families) > PAGE_SIZE,
    )


def _card_page(family: Family, issued: cards.IssuedCard):
    """The one moment the card code is known: show it, print it, save it (with or without the
    name, as the "print the name" box says: both pictures are made now, the code is not kept)."""
    site, link = current_app.config["SITE_NAME"], qr_text(issued.code)
    named = card_picture(issued.code, site, family.display_name, qr=link)
    return render_template(
        "families/card.html",
        family=family,
        code=issued.formatted,
        qr=qr_svg(link),
        card_image=data_uri(named.png),
        card_image_without_name=data_uri(card_picture(issued.code, site, qr=link).png),
        name_on_picture=named.name_shown,
    )


@bp.route("/new", methods=["GET", "POST"])
@allow(OFFICE)
def create():
    """Register a family and issue its card."""
    form = NewFamilyForm()
    form.heard_from.choices = heard_choices(channels.active_channels(get_session()))
    if form.validate_on_submit():
        try:
            with transaction() as db:
                family, issued = services.create_family(db, current_user.id, form.profile())
                # Counted in the same transaction, as a number for the month: never on the family.
                channels.count_new_family(
                    db, form.heard_channel_id(), datetime.now(BRUSSELS).date()
                )
        except DomainError as error:
            flash(str(error.message), "error")
            return render_template("families/form.html", form=form, family=None), 422
        flash(
            _(
                "The family is registered. Print the card or save it on the phone now: "
                "the code is shown only once."
            )
        )
        return _card_page(family, issued)
    return render_template("families/form.html", form=form, family=None)


@bp.get("/<int:family_id>")
@allow(OFFICE)
@reading.rate_limited
def show(family_id: int):
    """A family's profile, card status and children (opening it is audited and counted)."""
    with transaction() as db:
        family = services.get_family(db, family_id)
        rights.open_family(db, current_user.id, family_id)
        phones = len(phonesessions.devices_of(db, family_id, utcnow()))
    return render_template(
        "families/show.html",
        family=family,
        phones=phones,
        child_form=ChildForm(prefix="child"),
        pin_form=PinForm(prefix="pin"),
        library_form=LibraryCardForm(prefix="library"),
    )


@bp.route("/<int:family_id>/edit", methods=["GET", "POST"])
@allow(OFFICE)
@reading.rate_limited
def edit(family_id: int):
    """Change a family's profile."""
    family = services.get_family(get_session(), family_id)
    form = FamilyForm(obj=family)
    if form.validate_on_submit():
        with transaction() as db:
            services.update_family(db, current_user.id, db.merge(family), form.profile())
        flash(_("Saved."))
        return redirect(url_for(".show", family_id=family_id))
    return render_template("families/form.html", form=form, family=family)


@bp.post("/<int:family_id>/card")
@allow(OFFICE)
@confirm_first(
    _l("Block the card and make a new one?"),
    _l(
        "The family's card stops working at once, at the desk and for logging in. The new card "
        "is shown once; print it or give the code to the family."
    ),
    _l("Yes, block it and make a new card"),
)
def reissue(family_id: int):
    """Card lost or broken: the old card stops working and a new one is issued."""
    with transaction() as db:
        family = services.get_family(db, family_id)
        issued = cards.reissue_card(db, current_user.id, family, utcnow())
    flash(_("The old card no longer works. Here is the new card."))
    return _card_page(family, issued)


@bp.post("/<int:family_id>/pin")
@allow(OFFICE)
def pin(family_id: int):
    """Set the PIN the family uses to log in with its card."""
    form = PinForm(prefix="pin")
    if not form.validate_on_submit():
        for error in form.pin.errors:
            flash(str(error), "error")
        return redirect(url_for(".show", family_id=family_id))
    with transaction() as db:
        pins.set_pin(db, current_user.id, services.get_family(db, family_id), form.pin.data)
    flash(_("The PIN is set. The family can now log in with the card and this PIN."))
    return redirect(url_for(".show", family_id=family_id))


@bp.post("/<int:family_id>/sessions/end")
@allow(OFFICE)
def end_sessions(family_id: int):
    """A phone lost or shared: log the family out on every phone and computer."""
    with transaction() as db:
        phonesessions.end_all_sessions(db, current_user.id, services.get_family(db, family_id))
    flash(_("The family is logged out everywhere. It logs in again with its card and PIN."))
    return redirect(url_for(".show", family_id=family_id))


@bp.post("/<int:family_id>/library-card")
@allow(OFFICE)
def library_card(family_id: int):
    """Link (or unlink) the family's public-library card."""
    form = LibraryCardForm(prefix="library")
    if not form.validate_on_submit():
        abort(400)
    try:
        with transaction() as db:
            cards.link_library_card(
                db, current_user.id, services.get_family(db, family_id), form.number.data or ""
            )
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Saved."))
    return redirect(url_for(".show", family_id=family_id))


@bp.post("/<int:family_id>/children")
@allow(OFFICE)
def add_child(family_id: int):
    """Add a child by birth year and month."""
    form = ChildForm(prefix="child")
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for(".show", family_id=family_id))
    with transaction() as db:
        services.add_child(
            db,
            current_user.id,
            services.get_family(db, family_id),
            form.birth_year.data,
            form.birth_month.data,
        )
    return redirect(url_for(".show", family_id=family_id))


@bp.post("/<int:family_id>/children/<int:child_id>/delete")
@allow(OFFICE)
@confirm_first(
    _l("Remove this child?"),
    _l("The child's birth year and month are removed from the family. This cannot be undone."),
    _l("Yes, remove the child"),
)
def remove_child(family_id: int, child_id: int):
    """Forget a child."""
    with transaction() as db:
        services.remove_child(db, current_user.id, services.get_family(db, family_id), child_id)
    return redirect(url_for(".show", family_id=family_id))


@bp.route("/<int:family_id>/data", methods=["GET", "POST"])
@allow(OFFICE)
@reading.rate_limited  # before the proof: failed proofs count towards the limit too
@proven_just_now
def data(family_id: int):
    """Everything we keep about a family, for the family, after a stated reason (page or JSON)."""
    family = services.get_family(get_session(), family_id)
    form = ExportReasonForm()
    if not form.validate_on_submit():
        status = 200 if request.method == "GET" else 400
        return render_template("families/export_reason.html", form=form, family=family), status
    with transaction() as db:
        exported = rights.export_family(
            db, db.merge(family), current_user.id, reason=form.audit_reason()
        )
    if request.form.get("format") == "json":
        return json_download(exported, f"family-{family_id}.json")
    return render_template(
        "families/data.html",
        sections=datapage.readable(exported),
        family=family,
        reason_form=form,
    )


@bp.route("/<int:family_id>/erase", methods=["GET", "POST"])
@allow(OFFICE)
@confirm_first(
    _l("Delete the data?"),
    _l(
        "We delete the name, contact details, children's birth months and the card. The card "
        "stops working. Only counts without a name stay."
    ),
    _l("Yes, delete everything"),
)
def erase(family_id: int):
    """Delete a family's data on its request (after a confirmation page)."""
    family = services.get_family(get_session(), family_id)
    if request.method == "POST":
        with transaction() as db:
            rights.erase_family(db, db.merge(family), actor_id=current_user.id)
        flash(_("The family's data is deleted. Only anonymous counts remain."))
        return redirect(url_for(".index"))
    return render_template("families/erase.html", family=family, staff=True)

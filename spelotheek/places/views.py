"""The "your first visit" page of each location, and its entrance photo."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE, OFFICE
from spelotheek.caching import public_page
from spelotheek.confirm import confirm_first
from spelotheek.content_forms import fill_translations, translations_of
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import NotFound
from spelotheek.forms import flash_errors
from spelotheek.loans import photos
from spelotheek.locations import services as locations
from spelotheek.places import entrance, services
from spelotheek.places.forms import AccessForm, EntrancePhotoForm
from spelotheek.storage import current as current_storage
from spelotheek.templating import BRUSSELS

bp = Blueprint("places", __name__)


def _visit_or_404(location_id: int) -> services.FirstVisit:
    try:
        return services.first_visit(get_session(), location_id, datetime.now(BRUSSELS))
    except NotFound:
        abort(404)


@bp.get("/places/<int:location_id>/first-visit")
@allow(EVERYONE)
@public_page
def first_visit(location_id: int):
    """What to expect, what to bring, who you meet, and what the entrance looks like."""
    visit = _visit_or_404(location_id)
    may_edit = current_user.principal in OFFICE
    return render_template(
        "places/first_visit.html",
        visit=visit,
        location=visit.location,
        photo=visit.location.entrance_photo,
        form=EntrancePhotoForm() if may_edit else None,
    )


@bp.get("/places/<int:location_id>/entrance/<name>/<size>.jpg")
@allow(EVERYONE)
def entrance_photo(location_id: int, name: str, size: str):
    """The entrance photo in one size (re-encoded on upload: no metadata inside)."""
    if entrance.current(get_session(), location_id) != name:
        abort(404)
    return photos.response(entrance.prefix(location_id), name, size)


@bp.post("/places/<int:location_id>/entrance")
@allow(OFFICE)
def upload_entrance(location_id: int):
    """Put a new photo of the entrance on the first-visit page (it replaces the old one)."""
    _visit_or_404(location_id)
    form = EntrancePhotoForm()
    if not form.validate_on_submit():
        flash_errors(form)
    else:
        try:
            _replace_photo(location_id, form.photo.data.read(photos.MAX_BYTES + 1))
        except photos.PhotoRefused as error:  # not a photo, or the storage is unreachable
            flash(str(error.message), "error")
        else:
            flash(_("The new photo of the entrance is on the page."))
    return redirect(url_for(".first_visit", location_id=location_id))


@bp.post("/places/<int:location_id>/entrance/remove")
@allow(OFFICE)
@confirm_first(
    _l("Remove the entrance photo?"),
    _l("The photo is deleted; the drawing shows on the first-visit page again."),
    _l("Yes, remove the photo"),
)
def remove_entrance(location_id: int):
    """Take the entrance photo off the page; the drawing shows again."""
    _visit_or_404(location_id)
    with transaction() as db:
        old = entrance.record(db, current_user.id, location_id, None)
    if old:
        photos.remove(current_storage(), entrance.prefix(location_id), old)
        flash(_("The photo of the entrance is removed."))
    return redirect(url_for(".first_visit", location_id=location_id))


def _replace_photo(location_id: int, data: bytes) -> None:
    """Store the new photo, point the location at it, then drop the old one: a location never
    points at a photo that is not stored, and a failed save leaves no new file behind."""
    storage = current_storage()
    folder = entrance.prefix(location_id)
    name = photos.store(storage, folder, data)
    try:
        with transaction() as db:
            old = entrance.record(db, current_user.id, location_id, name)
    except BaseException:
        photos.remove(storage, folder, name)
        raise
    photos.remove(storage, folder, old)


@bp.route("/places/<int:location_id>/access", methods=["GET", "POST"])
@allow(OFFICE)
def access(location_id: int):
    """Write how to get in and around the building, in Dutch and the other languages."""
    location = _visit_or_404(location_id).location
    form = AccessForm()
    if not form.is_submitted():
        form.accessibility.data = location.accessibility
        fill_translations(form, location, ["accessibility"])
    if form.validate_on_submit():
        with transaction() as db:
            locations.change_accessibility(
                db,
                current_user.id,
                location_id,
                form.accessibility.data,
                translations_of(form, "accessibility"),
            )
        flash(_("Saved."))
        return redirect(url_for(".first_visit", location_id=location_id))
    status = 422 if form.is_submitted() else 200
    return render_template("places/access.html", form=form, location=location), status

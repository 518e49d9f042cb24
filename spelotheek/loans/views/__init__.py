"""The toy library: public catalogue, the family's own loans, catalogue management."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek import csvfile
from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE, FAMILY_ONLY, OFFICE
from spelotheek.caching import public_page
from spelotheek.confirm import confirm_first
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.forms import flash_errors
from spelotheek.loans import catalogue, csvio, holds, itemstates, photos, rules, services, terms
from spelotheek.loans.forms import (
    AREA_LABELS,
    STATE_LABELS,
    ImportForm,
    ItemsForm,
    ItemStateForm,
    ToyForm,
)
from spelotheek.locations.services import all_locations
from spelotheek.registry import PORTAL_SECTIONS, REMINDER_SENDERS
from spelotheek.storage import current as current_storage
from spelotheek.urls import page_number, record_id

bp = Blueprint("loans", __name__)
PAGE_SIZE = 24
COUNT_AHEAD = 500  # toys counted beyond this page; more are "more than …"
AGES = range(0, 9)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"toy_area_labels": AREA_LABELS, "item_state_labels": STATE_LABELS}


@bp.get("/toys", endpoint="catalogue")
@allow(EVERYONE)
@public_page
def catalogue_page():
    """The catalogue: search words, age, development area, on the shelf now."""
    words = request.args.get("q", "").strip()[:100]
    age = request.args.get("age", type=int)
    area = request.args.get("area") if request.args.get("area") in rules.AREAS else None
    available = request.args.get("available") == "1"
    page = page_number(request.args.get("page", 1, type=int))
    count_up_to = page * PAGE_SIZE + COUNT_AHEAD + 1
    cards, total = catalogue.search(
        get_session(),
        words=words,
        age_months=rules.years_to_months(age) if age in AGES else None,
        area=area,
        available_now=available,
        page=page,
        per_page=PAGE_SIZE,
        count_up_to=count_up_to,
    )
    return render_template(
        "loans/catalogue.html",
        cards=cards,
        total=total,
        more_than=count_up_to - 1 if total >= count_up_to else None,
        words=words,
        age=age if age in AGES else None,
        ages=AGES,
        area=area,
        available=available,
        page=page,
        has_more=page * PAGE_SIZE < total,
    )


@bp.get("/toys/<int:toy_id>")
@allow(EVERYONE)
@public_page
def toy(toy_id: int):
    """One toy: photo, parts, how many copies are on the shelf and how many families wait."""
    card = catalogue.toy_card(get_session(), toy_id)
    return render_template("loans/toy.html", card=card, toy=card.toy)


@bp.get("/toys/photos/<name>/<size>.jpg")
@allow(EVERYONE)
def photo(name: str, size: str):
    """A toy photo (the server chose the name; no metadata inside)."""
    return photos.response(photos.TOYS, name, size)


@bp.post("/toys/<int:toy_id>/reserve")
@allow(FAMILY_ONLY)
def reserve(toy_id: int):
    """The family puts itself on the waiting list for a toy."""
    try:
        with transaction() as db:
            family = db.merge(current_user.family)
            hold = holds.place_hold(db, None, family, toy_id, utcnow())
            ready = hold.status == "ready"
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    else:
        flash(
            _("A copy is kept for you. Pick it up at the desk.")
            if ready
            else _("You are on the list. We tell you when it is your turn.")
        )
    return redirect(url_for(".toy", toy_id=toy_id))


@bp.post("/me/loans/<int:loan_id>/renew")
@allow(FAMILY_ONLY)
def renew(loan_id: int):
    """The family asks for more time with a toy."""
    try:
        with transaction() as db:
            loan = services.renew(db, current_user.family.id, loan_id, utcnow())
            due = loan.due_on
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    else:
        flash(_("Done. Bring it back by %(day)s.", day=format_date(due, "EEEE d MMMM")))
    return redirect(url_for("families_portal.me"))


@bp.post("/me/holds/<int:hold_id>/cancel")
@allow(FAMILY_ONLY)
@confirm_first(
    _l("Cancel this reservation?"),
    _l("You lose your place in the queue for this toy."),
    _l("Yes, cancel the reservation"),
)
def cancel_own_hold(hold_id: int):
    """The family no longer waits for a toy."""
    with transaction() as db:
        holds.cancel_hold(db, None, hold_id, utcnow(), family_id=current_user.family.id)
    flash(_("You are no longer on the list for this toy."))
    return redirect(url_for("families_portal.me"))


@bp.post("/me/missing/<int:missing_id>/found")
@allow(FAMILY_ONLY)
def report_found(missing_id: int):
    """The family found the missing pieces at home."""
    try:
        with transaction() as db:
            itemstates.mark_found(db, None, missing_id, utcnow(), family_id=current_user.family.id)
    except DomainError as error:
        if error.status == 404:
            raise
        flash(str(error.message), "error")
    else:
        flash(_("Thank you! Please bring the pieces at your next visit."))
    return redirect(url_for("families_portal.me"))


def portal_section(db, family):
    """The family page part: loans with due dates, reservations, and toys for its children."""
    from spelotheek.loans import queries
    from spelotheek.loans.panel import family_panel

    today = terms.local_today(utcnow())
    panel = family_panel(db, family.id, today)
    policy = terms.get_policy(db)
    since = utcnow().replace(microsecond=0)
    recent_missing = queries.open_missing_parts(db, family.id)
    reportable = [
        m
        for m in recent_missing
        if m.loan.returned_at and (since - m.loan.returned_at).days <= policy.found_grace_days
    ]
    return "loans/_portal.html", {
        "panel": panel,
        "missing": reportable,
        "suggestions": catalogue.toys_for_ages(db, panel.ages),
        "limit_reason": terms.shown_reason(panel.limit_reason) if panel.limit_reason else None,
    }


if portal_section not in PORTAL_SECTIONS:
    PORTAL_SECTIONS.append(portal_section)


def _reminders(db, now):
    from spelotheek.loans.reminders import send_reminders

    return send_reminders(db, now)


if not any(getattr(s, "__module__", "") == __name__ for s in REMINDER_SENDERS):
    REMINDER_SENDERS.append(_reminders)


def _location_choices(db) -> list[tuple[int, str]]:
    return [(0, "—")] + [(loc.id, loc.name) for loc in all_locations(db)]


def _save_toy_form(form: ToyForm, toy_id: int | None):
    parts = rules.parse_parts(form.parts.data or "")
    upload = form.photo.data
    storage = current_storage()
    new_photo = None
    if upload:
        new_photo = photos.store(storage, photos.TOYS, upload.read(photos.MAX_BYTES + 1))
    try:
        with transaction() as db:
            toy = catalogue.get_toy(db, toy_id) if toy_id else None
            old_photo = toy.photo if toy else None
            toy = catalogue.save_toy(db, current_user.id, toy, form.fields_dict(), parts)
            if new_photo:
                toy.photo = new_photo
            saved_id = toy.id
    except BaseException:
        photos.remove(storage, photos.TOYS, new_photo)  # nothing half-saved: no orphan files
        raise
    if new_photo and old_photo:
        photos.remove(storage, photos.TOYS, old_photo)
    return saved_id


@bp.route("/toys/new", methods=["GET", "POST"])
@allow(OFFICE)
def new_toy():
    """Add a toy to the catalogue."""
    form = ToyForm()
    if form.validate_on_submit():
        try:
            toy_id = _save_toy_form(form, None)
        except DomainError as error:
            form.form_errors.append(str(error.message))
        else:
            flash(_("Saved. Now add the copies with their labels."))
            return redirect(url_for(".manage_toy", toy_id=toy_id))
    return render_template("loans/toy_form.html", form=form, toy=None)


@bp.route("/toys/<int:toy_id>/edit", methods=["GET", "POST"])
@allow(OFFICE)
def manage_toy(toy_id: int):
    """Change a toy, see and add its copies."""
    db = get_session()
    toy = catalogue.get_toy(db, toy_id)
    form = ToyForm(obj=toy)
    if request.method == "GET":
        form.areas.data = toy.area_list
        form.parts.data = "\n".join(f"{p.expected_count} {p.description}" for p in toy.parts)
    items_form = ItemsForm(prefix="items")
    items_form.location.choices = _location_choices(db)
    if form.validate_on_submit():
        try:
            _save_toy_form(form, toy_id)
        except DomainError as error:
            form.form_errors.append(str(error.message))
        else:
            flash(_("Saved."))
            return redirect(url_for(".manage_toy", toy_id=toy_id))
    return render_template(
        "loans/toy_form.html",
        form=form,
        toy=toy,
        items_form=items_form,
        state_form=ItemStateForm(),
    )


@bp.post("/toys/<int:toy_id>/items")
@allow(OFFICE)
def add_items(toy_id: int):
    """Add copies of a toy, each with a new label."""
    form = ItemsForm(prefix="items")
    form.location.choices = _location_choices(get_session())
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for(".manage_toy", toy_id=toy_id))
    with transaction() as db:
        toy = catalogue.get_toy(db, toy_id)
        items = catalogue.add_items(
            db, current_user.id, toy, form.count.data, form.location.data or None
        )
        ids = [i.id for i in items]
    flash(_("Added. Print the labels and stick them on."))
    return redirect(url_for(".labels", item=ids))


@bp.post("/items/<int:item_id>/state")
@allow(OFFICE)
def item_state(item_id: int):
    """Staff move a copy to cleaning, repair, back on the shelf, or retire it."""
    from spelotheek.loans import queries

    form = ItemStateForm()
    item = queries.item(get_session(), item_id)
    if item is None:
        abort(404)
    toy_id = item.toy_id
    back = (
        url_for(".lists")
        if request.form.get("back") == "lists"
        else url_for(".manage_toy", toy_id=toy_id)
    )
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(back)
    try:
        with transaction() as db:
            item = queries.item(db, item_id, for_update=True)
            if item is None:  # deleted since it was read above
                abort(404)
            itemstates.set_item_state(
                db, current_user.id, item, form.state.data, utcnow(), form.note.data
            )
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Saved."))
    return redirect(back)


@bp.get("/toys/labels")
@allow(OFFICE)
def labels():
    """A sheet of small QR labels (the label code only) to print and stick on the copies."""
    from spelotheek.qr import label_qr

    chosen = (record_id(text) for text in request.args.getlist("item")[:500])
    ids = [i for i in chosen if i is not None]
    items = catalogue.items_for_labels(get_session(), ids, record_id(request.args.get("toy")))
    sheet = [(item, label_qr(item.label)) for item in items]
    return render_template("loans/labels.html", sheet=sheet)


@bp.route("/toys/import", methods=["GET", "POST"])
@allow(OFFICE)
def import_toys():
    """Upload a catalogue CSV: new toys are added, known references updated."""
    form = ImportForm()
    report = None
    status = 200
    if form.validate_on_submit():
        try:
            rows = csvio.read_csv(form.file.data.read(4 * 1024 * 1024))
            with transaction() as db:
                report = csvio.import_rows(db, current_user.id, rows)
        except DomainError as error:
            form.file.errors.append(str(error.message))
            status = 422
    elif request.method == "POST":
        status = 422
    wants_json = request.accept_mimetypes.best == "application/json"
    if wants_json and request.method == "POST":
        html = render_template("loans/_import_report.html", report=report, form=form)
        return {"html": html}, status
    return render_template("loans/import.html", form=form, report=report), status


@bp.get("/toys/export.csv")
@allow(OFFICE)
def export_toys():
    """The whole catalogue as CSV (the same columns the import reads)."""
    return csvfile.response(csvio.export_rows(get_session()), "toys.csv")


# Modules that add the desk's routes to bp and register data-rights and retention hooks.
from spelotheek.loans import privacy  # noqa: E402,F401
from spelotheek.loans.views import desk as desk_pages  # noqa: E402,F401

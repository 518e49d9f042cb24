"""The desk page (works as plain form posts; desk.js makes it live), staff lists and policy."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek import typed
from spelotheek.auth import attempts
from spelotheek.auth.access import allow
from spelotheek.auth.roles import COORDINATOR_ONLY, DESK, OFFICE
from spelotheek.confirm import confirm_first
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.families import cardlock
from spelotheek.families import queries as family_queries
from spelotheek.families import services as families
from spelotheek.families.revoked import audit_revoked_scans
from spelotheek.loans import catalogue, desk, holds, itemstates, reminders, rules, services, terms
from spelotheek.loans.forms import FamilyLimitForm, ItemStateForm, PolicyForm, ReasonForm, ScanForm
from spelotheek.loans.panel import family_panel
from spelotheek.loans.undo import undo_last
from spelotheek.loans.views import bp

FAMILY_KEY, RESULT_KEY, PARTS_KEY = "desk_family", "desk_result", "desk_parts"


def _remember(result: desk.DeskResult) -> None:
    """Keep the desk's state in the session for the next page (no names: ids and labels).

    Only a card scan opens a family: no other result may move the desk to another family.
    """
    session[RESULT_KEY] = {"signal": result.signal, "message": result.message}
    if result.kind == "family" and result.family_id:
        session[FAMILY_KEY] = result.family_id
    if result.kind == "parts_check":
        session[PARTS_KEY] = result.item_label
    else:
        session.pop(PARTS_KEY, None)


def _refusal(error: DomainError) -> desk.DeskResult:
    return desk.DeskResult(
        desk.REFUSED, "refused", str(error.message), session.get(FAMILY_KEY), code=error.code
    )


@bp.get("/desk", endpoint="desk")
@allow(DESK)
def desk_page():
    """One keyboard-first screen: scan a card, then toy labels."""
    db = get_session()
    family_id = session.get(FAMILY_KEY)
    shown = None
    if family_id:
        try:
            shown = family_panel(db, family_id, terms.local_today(utcnow()), attempts.card_limit())
        except DomainError:
            session.pop(FAMILY_KEY, None)
    parts_item = None
    if session.get(PARTS_KEY):
        try:
            parts_item = services.item_by_label(db, session[PARTS_KEY])
        except DomainError:
            session.pop(PARTS_KEY, None)
    result = session.pop(RESULT_KEY, None)
    return render_template(
        "loans/desk.html",
        form=ScanForm(formdata=None),
        panel=shown,
        parts_item=parts_item,
        result=result,
        limit_form=FamilyLimitForm(formdata=None, prefix="limit"),
    )


@bp.post("/desk/scan")
@allow(DESK)
def desk_scan():
    """A scan sent as a plain form (without JavaScript)."""
    form = ScanForm()
    if not form.validate_on_submit():
        session[RESULT_KEY] = {
            "signal": desk.REFUSED,
            "message": _("Scan a family card or a toy label."),
        }
        return redirect(url_for(".desk"))
    try:
        with audit_revoked_scans(current_user.id), transaction() as db:
            result = desk.scan(
                db,
                current_user.id,
                form.code.data,
                session.get(FAMILY_KEY),
                utcnow(),
                current_app.config["LOANS_REPEAT_SECONDS"],
            )
    except DomainError as error:
        result = _refusal(error)
    _remember(result)
    return redirect(url_for(".desk"))


@bp.post("/desk/return")
@allow(DESK)
def desk_return():
    """The parts check sent as a plain form: missing counts per part (empty means none)."""
    label = request.form.get("item", "")[:20]
    missing: dict[int, int] = {}
    try:
        for key, value in request.form.items():
            if key.startswith("missing-") and value.strip():
                missing[int(key.removeprefix("missing-"))] = rules.parse_missing_count(value)
        with transaction() as db:
            result = desk.take_back(
                db, current_user.id, label, missing, utcnow(), session.get(FAMILY_KEY)
            )
    except ValueError:
        result = _refusal(DomainError(_("Please give numbers only.")))
        result.kind = "parts_check"
        result.item_label = label
    except DomainError as error:
        result = _refusal(error)
        if error.code in rules.PARTS_CHECK_REFUSALS:
            result.kind, result.item_label = "parts_check", label
    _remember(result)
    return redirect(url_for(".desk"))


@bp.post("/desk/undo")
@allow(DESK)
def desk_undo():
    """Undo this desk user's last lend or return."""
    try:
        with transaction() as db:
            result = undo_last(db, current_user.id, utcnow(), session.get(FAMILY_KEY))
    except DomainError as error:
        result = _refusal(error)
    _remember(result)
    return redirect(url_for(".desk"))


@bp.post("/desk/unlock-card")
@allow(DESK)
def desk_unlock_card():
    """Unlock the card of the family on screen after many wrong PIN tries (card in hand)."""
    family_id = session.get(FAMILY_KEY)
    if family_id is None:
        abort(404)
    with transaction() as db:
        cardlock.unlock_card(db, current_user.id, families.get_family(db, family_id))
    flash(_("The card is unlocked. The family can log in with its PIN again."))
    return redirect(url_for(".desk"))


@bp.post("/desk/done")
@allow(DESK)
def desk_done():
    """Close the family panel: the next family can come."""
    for key in (FAMILY_KEY, PARTS_KEY, RESULT_KEY):
        session.pop(key, None)
    return redirect(url_for(".desk"))


@bp.post("/desk/hold")
@allow(DESK)
def desk_hold():
    """Reserve a toy (by its catalogue reference) for the family at the desk."""
    from spelotheek.loans import queries

    family_id = session.get(FAMILY_KEY)
    ref = typed.reference(request.form.get("ref", ""))[:20]
    try:
        with transaction() as db:
            family = family_queries.family(db, family_id) if family_id else None
            toy_id = queries.toy_id_by_ref(db, ref)
            if family is None or toy_id is None:
                raise DomainError(_("Scan the family card and give the toy's number."))
            hold = holds.place_hold(db, current_user.id, family, toy_id, utcnow())
            ready = hold.status == "ready"
        message = (
            _("A copy is on the shelf: it is kept for this family now.")
            if ready
            else _("Reserved. The family is on the list.")
        )
        session[RESULT_KEY] = {"signal": desk.OK, "message": message}
    except DomainError as error:
        session[RESULT_KEY] = {"signal": desk.REFUSED, "message": str(error.message)}
    return redirect(url_for(".desk"))


@bp.post("/desk/family/<int:family_id>/limit")
@allow(OFFICE)
def family_limit(family_id: int):
    """Give one family its own maximum number of toys at home (empty: the usual number)."""
    form = FamilyLimitForm(prefix="limit")
    if not form.validate_on_submit():
        for error in [*form.limit.errors, *form.reason.errors]:
            flash(str(error), "error")
        return redirect(url_for(".desk"))
    try:
        with transaction() as db:
            if family_queries.family(db, family_id) is None:
                abort(404)
            terms.set_family_limit(
                db,
                current_user.id,
                family_id,
                form.limit.data,
                form.reason.data or "",
                now=utcnow(),
            )
    except DomainError as error:
        flash(str(error.message), "error")
        return redirect(url_for(".desk"))
    flash(_("Saved. The family sees the new number and why on its own page."))
    return redirect(url_for(".desk"))


@bp.get("/desk/lists")
@allow(OFFICE)
def lists():
    """Overdue, reservations to prepare, incomplete copies, to call, most and never borrowed."""
    from spelotheek.loans import queries

    db = get_session()
    now = utcnow()
    with transaction() as write:
        holds.expire_holds(write, now)
    most, never = catalogue.most_and_never_borrowed(db, now - timedelta(days=365))
    return render_template(
        "loans/lists.html",
        overdue=queries.overdue(db, now),
        ready=queries.holds(db, "ready"),
        waiting=queries.holds(db, "waiting"),
        incomplete=queries.incomplete(db),
        to_call=reminders.to_call(db, now),
        most=most,
        never=never,
        reason_form=ReasonForm(formdata=None),
        state_form=ItemStateForm(formdata=None),
    )


@bp.post("/holds/<int:hold_id>/cancel")
@allow(OFFICE)
@confirm_first(
    _l("Cancel this reservation?"),
    _l("The family loses its place in the queue for this toy."),
    _l("Yes, cancel the reservation"),
)
def cancel_hold(hold_id: int):
    """Staff end a reservation, with a reason."""
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Please give a reason."), "error")
        return redirect(url_for(".lists"))
    with transaction() as db:
        holds.cancel_hold(db, current_user.id, hold_id, utcnow(), form.reason.data)
    flash(_("The reservation is cancelled."))
    return redirect(url_for(".lists"))


@bp.post("/holds/<int:hold_id>/move")
@allow(OFFICE)
def move_hold(hold_id: int):
    """Staff move a reservation up or down in its toy's queue."""
    direction = -1 if request.form.get("direction") == "up" else 1
    with transaction() as db:
        holds.move_hold(db, current_user.id, hold_id, direction)
    return redirect(url_for(".lists"))


@bp.post("/missing/<int:missing_id>/found")
@allow(OFFICE)
def staff_found(missing_id: int):
    """The missing pieces came back: when nothing is missing any more the copy is restored."""
    with transaction() as db:
        itemstates.mark_found(db, current_user.id, missing_id, utcnow())
    flash(_("Saved. Thank you."))
    return redirect(url_for(".lists"))


@bp.route("/desk/policy", methods=["GET", "POST"])
@allow(COORDINATOR_ONLY)
def policy():
    """The coordinator sets the loan period, limits, renewals and pickup time."""
    current = terms.get_policy(get_session())
    form = PolicyForm(data=current.__dict__)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in terms.POLICY_FIELDS}
        values["clean_after_return"] = bool(values["clean_after_return"])
        with transaction() as db:
            terms.set_policy(db, current_user.id, values)
        flash(_("Saved."))
        return redirect(url_for(".policy"))
    return render_template("loans/policy.html", form=form)

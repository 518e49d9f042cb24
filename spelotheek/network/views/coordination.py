"""The coordinator's directory pages: closures, life domains, rights, entries to check."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek import mail
from spelotheek.auth.access import allow
from spelotheek.auth.roles import COORDINATOR_ONLY
from spelotheek.confirm import confirm_first
from spelotheek.content_forms import fill_translations
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.domain_errors import NotFound
from spelotheek.hosts import external_url
from spelotheek.network import domains, entries, rights_editing, rules, schedules, upkeep
from spelotheek.network.checks import EntryError
from spelotheek.network.forms import EXTRA_ROWS, ClosureForm, DomainForm, MoveForm
from spelotheek.network.right_forms import RIGHT_TRANSLATED, RightForm
from spelotheek.network.views import bp
from spelotheek.network.views.manage import NOT_FOUND, own_organization, refused


def _status(form) -> int:
    return 422 if form.is_submitted() else 200


@bp.route("/network/manage/closures", methods=["GET", "POST"])
@allow(COORDINATOR_ONLY)
def manage_closures():
    """The network's closed days (holidays): without a place, every network place."""
    db = get_session()
    form = ClosureForm()
    form.location_id.choices = [(0, _("Every network place"))] + [
        (p.id, f"{p.organization.name} — {p.name}") for p in entries.every_location(db)
    ]
    if form.validate_on_submit():
        location = entries.location(db, form.location_id.data) if form.location_id.data else None
        try:
            with transaction() as db:
                schedules.add_closure(
                    db,
                    current_user.id,
                    location,
                    form.first_day.data,
                    form.last_day.data,
                    form.reason.data or "",
                )
        except EntryError as error:
            refused(form, error)
        else:
            flash(_("Saved."))
            return redirect(url_for(".manage_closures"))
    closures = entries.closures_since(db, upkeep.today() - timedelta(days=31))
    return render_template("network/manage/closures.html", form=form, closures=closures), _status(
        form
    )


@bp.post("/network/manage/closures/<int:closure_id>/remove")
@allow(COORDINATOR_ONLY)
@confirm_first(
    _l("Open these days again?"),
    _l("The network's places are shown as open on these days."),
    _l("Yes, open them again"),
)
def manage_remove_closure(closure_id: int):
    """Open the days of a closure again."""
    closure = entries.closure(get_session(), closure_id)
    if closure is None:
        raise NotFound(NOT_FOUND)
    with transaction() as db:
        schedules.remove_closure(db, current_user.id, closure)
    flash(_("Saved."))
    return redirect(url_for(".manage_closures"))


@bp.get("/network/manage/domains")
@allow(COORDINATOR_ONLY)
def manage_domains():
    """The life domains in order, to rename, move and add."""
    return render_template(
        "network/manage/domains.html", domains=entries.domains(get_session()), move=MoveForm()
    )


def _domain_form(form: DomainForm) -> DomainForm:
    form.pictogram.choices = [(p, p) for p in domains.pictograms()]
    return form


@bp.route("/network/manage/domains/new", methods=["GET", "POST"])
@allow(COORDINATOR_ONLY)
def manage_new_domain():
    """Add a life domain."""
    form = _domain_form(DomainForm())
    if form.validate_on_submit():
        try:
            with transaction() as db:
                domains.add_domain(db, current_user.id, form.code.data or "", form.values())
        except EntryError as error:
            refused(form, error)
        else:
            flash(_("Saved."))
            return redirect(url_for(".manage_domains"))
    return render_template("network/manage/domain.html", form=form, domain=None), _status(form)


def _domain(domain_id: int):
    domain = entries.domain(get_session(), domain_id)
    if domain is None:
        raise NotFound(NOT_FOUND)
    return domain


@bp.route("/network/manage/domains/<int:domain_id>", methods=["GET", "POST"])
@allow(COORDINATOR_ONLY)
def manage_domain(domain_id: int):
    """Rename a life domain (five languages) or give it another pictogram."""
    domain = _domain(domain_id)
    form = _domain_form(DomainForm(obj=domain))
    if not form.is_submitted():
        fill_translations(form, domain, ["name"])
    if form.validate_on_submit():
        try:
            with transaction() as db:
                domains.change_domain(db, current_user.id, domain, form.values())
        except EntryError as error:
            refused(form, error)
        else:
            flash(_("Saved."))
            return redirect(url_for(".manage_domains"))
    return render_template("network/manage/domain.html", form=form, domain=domain), _status(form)


@bp.post("/network/manage/domains/<int:domain_id>/move")
@allow(COORDINATOR_ONLY)
def manage_move_domain(domain_id: int):
    """Move a life domain one place up or down."""
    domain = _domain(domain_id)
    form = MoveForm()
    if form.validate_on_submit():
        with transaction() as db:
            domains.move_domain(
                db, current_user.id, domain, -1 if form.direction.data == "up" else 1
            )
    return redirect(url_for(".manage_domains"))


@bp.get("/network/manage/domains/<int:domain_id>/history")
@allow(COORDINATOR_ONLY)
def manage_domain_history(domain_id: int):
    """Who changed a life domain, and when."""
    domain = _domain(domain_id)
    rows = entries.history(get_session(), domain.uuid)
    back = url_for(".manage_domains")
    return render_template("network/manage/history.html", rows=rows, title=domain.name, back=back)


@bp.get("/network/manage/rights")
@allow(COORDINATOR_ONLY)
def manage_rights():
    """Every right, with its domain and whether its table of cases holds."""
    found = entries.rights(get_session())
    failing = {r.id for r in found if rights_editing.failing_cases(r.conditions, r.cases)}
    return render_template("network/manage/rights.html", rights=found, failing=failing)


def _right_form(form: RightForm) -> RightForm:
    db = get_session()
    from spelotheek.templating import content_text

    form.domain_id.choices = [(d.id, content_text(d, "name")) for d in entries.domains(db)]
    form.services.choices = [
        (s.id, f"{s.organization.name} — {s.name}") for s in entries.active_services(db)
    ]
    return form


def _outcomes(conditions, cases):
    """Each case's outcome as the rules give it, for the editor (None when unknown shapes)."""
    try:
        return rules.run_cases(rules.checked_conditions(conditions), cases)
    except (rules.ConditionError, KeyError, TypeError, ValueError):
        return None


def _save_right(form: RightForm, right):
    """Save the right when its form, conditions and cases hold; else the page with errors."""
    cases = form.table()
    if cases is not None:
        try:
            with transaction() as db:
                saved = rights_editing.save_right(
                    db,
                    current_user.id,
                    right,
                    form.values(cases),
                    form.services.data or [],
                    upkeep.today(),
                )
        except EntryError as error:
            refused(form, error)
        else:
            flash(_("Saved. Every case gives the outcome you expect."))
            return redirect(url_for(".manage_right", right_id=saved.id))
    return None


@bp.route("/network/manage/rights/new", methods=["GET", "POST"])
@allow(COORDINATOR_ONLY)
def manage_new_right():
    """Add a right with its conditions and table of cases."""
    form = _right_form(RightForm())
    if form.validate_on_submit():
        done = _save_right(form, None)
        if done is not None:
            return done
    return render_template(
        "network/manage/right.html", form=form, right=None, outcomes=None
    ), _status(form)


@bp.route("/network/manage/rights/<int:right_id>", methods=["GET", "POST"])
@allow(COORDINATOR_ONLY)
def manage_right(right_id: int):
    """Change a right; each case of its table shows the outcome the rules give."""
    right = entries.right(get_session(), right_id)
    if right is None:
        raise NotFound(NOT_FOUND)
    if request.method == "GET":
        form = _right_form(RightForm(obj=right))
        while len(form.cases) < len(right.cases) + EXTRA_ROWS:
            form.cases.append_entry()
        fill_translations(form, right, RIGHT_TRANSLATED)
        form.fill_conditions(list(right.conditions))
        form.services.data = [s.id for s in right.services]
        for entry, case in zip(form.cases, right.cases, strict=False):
            entry.form.fill(case)
    else:
        form = _right_form(RightForm())
        if form.validate_on_submit():
            done = _save_right(form, right)
            if done is not None:
                return done
    outcomes = _outcomes(right.conditions, right.cases)
    return render_template(
        "network/manage/right.html", form=form, right=right, outcomes=outcomes
    ), _status(form)


@bp.get("/network/manage/rights/<int:right_id>/history")
@allow(COORDINATOR_ONLY)
def manage_right_history(right_id: int):
    """Who changed a right, and when."""
    right = entries.right(get_session(), right_id)
    if right is None:
        raise NotFound(NOT_FOUND)
    rows = entries.history(get_session(), right.uuid)
    back = url_for(".manage_right", right_id=right_id)
    return render_template("network/manage/history.html", rows=rows, title=right.title, back=back)


@bp.get("/network/manage/unchecked")
@allow(COORDINATOR_ONLY)
def manage_unchecked():
    """Entries not checked for six months (or never), to ask their partner to check."""
    before = upkeep.stale_before(upkeep.today())
    found = entries.unchecked(get_session(), before)
    return render_template("network/manage/unchecked.html", found=found, before=before)


@bp.post("/network/manage/organizations/<int:organization_id>/ask-check")
@allow(COORDINATOR_ONLY)
def manage_ask_check(organization_id: int):
    """E-mail the organisation's partner accounts: "please check your entries" and a link."""
    organization = own_organization(organization_id)
    with transaction() as db:
        recipients = upkeep.request_check(db, current_user.id, organization, utcnow())
    link = external_url("network.manage_organization", organization_id=organization_id)
    sent = 0
    for recipient in recipients:
        with force_locale(recipient.language):
            subject = _("Please check your entries in the directory")
            text, html = mail.render(
                "network_check_request", recipient.language, subject, link=link
            )
        try:
            mail.send(recipient.email, subject, text, recipient.language, html)
            sent += 1
        except mail.MailNotSent:
            continue  # logged by mail.send, without the address
    if not recipients:
        flash(_("This organisation has no partner account yet. Add one under Staff."), "error")
    elif sent < len(recipients):
        flash(_("Not every message could be sent. Please try again later."), "error")
    else:
        flash(_("We asked the partner to check its entries."))
    return redirect(url_for(".manage_unchecked"))

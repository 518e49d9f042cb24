"""Keeping the directory true: partners edit their own entries, the coordinator all.

A partner reaches only its own organisation: another organisation's pages (and its services
and places) answer 404, as if they did not exist, so ids cannot be probed.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from spelotheek.auth.access import allow
from spelotheek.auth.roles import COORDINATOR_ONLY, NETWORK_EDITORS, Role
from spelotheek.confirm import confirm_first
from spelotheek.content_forms import fill_translations
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.network import editing, entries, schedules, upkeep
from spelotheek.network.checks import EntryError
from spelotheek.network.forms import (
    EXTRA_ROWS,
    SERVICE_TRANSLATED,
    HoursForm,
    LocationForm,
    OrganizationForm,
    ServiceForm,
)
from spelotheek.network.models import NetworkLocation, Organization, Service
from spelotheek.network.views import bp

NOT_FOUND = _l("We could not find this entry.")


def refused(form: Any, error: DomainError) -> None:
    """Show a refusal next to the field it is about, else at the top of the form."""
    target = getattr(form, getattr(error, "field", ""), None)
    if target is not None and hasattr(target, "errors") and not hasattr(target, "entries"):
        target.errors = [*target.errors, str(error.message)]
    else:
        form.form_errors.append(str(error.message))


def _may_edit(organization_id: int) -> bool:
    if current_user.principal == Role.COORDINATOR:
        return True
    return current_user.user.organization_id == organization_id


def own_organization(organization_id: int) -> Organization:
    """The organisation, when this account may edit it; else 404 (never 403: no probing)."""
    organization = entries.organization(get_session(), organization_id)
    if organization is None or not _may_edit(organization.id):
        raise NotFound(NOT_FOUND)
    return organization


def own_service(service_id: int) -> Service:
    """The service, when this account may edit its organisation; else 404."""
    service = entries.service(get_session(), service_id)
    if service is None or not _may_edit(service.organization_id):
        raise NotFound(NOT_FOUND)
    return service


def own_location(location_id: int) -> NetworkLocation:
    """The place, when this account may edit its organisation; else 404."""
    location = entries.location(get_session(), location_id)
    if location is None or not _may_edit(location.organization_id):
        raise NotFound(NOT_FOUND)
    return location


def partner_scope_first(view: Any) -> Any:
    """For a partner, check ownership before a confirmation page is shown: another
    organisation's entry answers 404 at once, as an unknown one does."""

    @wraps(view)
    def wrapper(**ids: int) -> Any:
        if current_user.principal == Role.PARTNER:
            if "service_id" in ids:
                own_service(ids["service_id"])
            if "location_id" in ids:
                own_location(ids["location_id"])
        return view(**ids)

    return wrapper


def _status(form: Any) -> int:
    return 422 if form.is_submitted() else 200


@bp.get("/network/manage")
@allow(NETWORK_EDITORS)
def manage():
    """The coordinator's list of organisations; a partner goes to its own page."""
    if current_user.principal == Role.PARTNER:
        return redirect(
            url_for(".manage_organization", organization_id=current_user.user.organization_id)
        )
    return render_template(
        "network/manage/index.html",
        organizations=entries.organizations_with_entries(get_session()),
        stale_before=upkeep.stale_before(upkeep.today()),
    )


@bp.route("/network/manage/organizations/new", methods=["GET", "POST"])
@allow(COORDINATOR_ONLY)
def manage_new_organization():
    """Add an organisation to the network."""
    form = OrganizationForm()
    if form.validate_on_submit():
        try:
            with transaction() as db:
                organization = editing.create_organization(
                    db, current_user.id, form.values(), upkeep.today()
                )
        except EntryError as error:
            refused(form, error)
        else:
            flash(_("Saved."))
            return redirect(url_for(".manage_organization", organization_id=organization.id))
    return render_template(
        "network/manage/organization_form.html", form=form, organization=None
    ), _status(form)


@bp.route("/network/manage/organizations/<int:organization_id>", methods=["GET", "POST"])
@allow(NETWORK_EDITORS)
def manage_organization(organization_id: int):
    """An organisation's page: its details, services and places, and "still true"."""
    organization = own_organization(organization_id)
    form = OrganizationForm(obj=organization)
    if not form.is_submitted():
        fill_translations(form, organization, ["description"])
    if form.validate_on_submit():
        try:
            with transaction() as db:
                editing.change_organization(
                    db, current_user.id, organization, form.values(), upkeep.today()
                )
        except EntryError as error:
            refused(form, error)
        else:
            flash(_("Saved."))
            return redirect(url_for(".manage_organization", organization_id=organization_id))
    return render_template(
        "network/manage/organization.html", form=form, organization=organization
    ), _status(form)


@bp.post("/network/manage/organizations/<int:organization_id>/checked")
@allow(NETWORK_EDITORS)
def manage_checked(organization_id: int):
    """ "All our entries are still true": the organisation and its services, checked today."""
    organization = own_organization(organization_id)
    with transaction() as db:
        upkeep.mark_checked(db, current_user.id, organization, upkeep.today())
    flash(_("Thank you. Your entries are marked as checked today."))
    return redirect(url_for(".manage_organization", organization_id=organization_id))


@bp.route(
    "/network/manage/organizations/<int:organization_id>/services/new", methods=["GET", "POST"]
)
@allow(NETWORK_EDITORS)
def manage_new_service(organization_id: int):
    """Add a service to an organisation."""
    organization = own_organization(organization_id)
    form = ServiceForm()
    form.domains.choices = _domain_choices()
    if form.validate_on_submit():
        try:
            with transaction() as db:
                service = editing.create_service(
                    db,
                    current_user.id,
                    organization,
                    form.values(),
                    form.domains.data or [],
                    upkeep.today(),
                )
        except EntryError as error:
            refused(form, error)
        else:
            flash(_("Saved. Now add where and when families can come."))
            return redirect(url_for(".manage_service", service_id=service.id))
    return render_template(
        "network/manage/service.html", form=form, organization=organization, service=None
    ), _status(form)


def _domain_choices() -> list[tuple[int, str]]:
    from spelotheek.templating import content_text

    return [(d.id, content_text(d, "name")) for d in entries.domains(get_session())]


@bp.route("/network/manage/services/<int:service_id>", methods=["GET", "POST"])
@allow(NETWORK_EDITORS)
def manage_service(service_id: int):
    """Change a service; its places and hours are listed below the form."""
    service = own_service(service_id)
    form = ServiceForm(obj=service)
    form.domains.choices = _domain_choices()
    if not form.is_submitted():
        fill_translations(form, service, SERVICE_TRANSLATED)
        form.domains.data = [d.id for d in service.domains]
        form.price.data = None if service.price_cents is None else service.price_cents / 100
    if form.validate_on_submit():
        try:
            with transaction() as db:
                editing.change_service(
                    db,
                    current_user.id,
                    service,
                    form.values(),
                    form.domains.data or [],
                    upkeep.today(),
                )
        except EntryError as error:
            refused(form, error)
        else:
            flash(_("Saved."))
            return redirect(url_for(".manage_service", service_id=service_id))
    return render_template(
        "network/manage/service.html",
        form=form,
        organization=service.organization,
        service=service,
    ), _status(form)


@bp.post("/network/manage/services/<int:service_id>/remove")
@allow(NETWORK_EDITORS)
@partner_scope_first
@confirm_first(
    _l("Remove this service?"),
    _l("Families no longer find it. Its history stays."),
    _l("Yes, remove it"),
)
def manage_remove_service(service_id: int):
    """Take a service out of the directory."""
    service = own_service(service_id)
    organization_id = service.organization_id
    with transaction() as db:
        editing.remove_service(db, current_user.id, service)
    flash(_("The service is removed."))
    return redirect(url_for(".manage_organization", organization_id=organization_id))


@bp.route(
    "/network/manage/services/<int:service_id>/places/<int:location_id>", methods=["GET", "POST"]
)
@allow(NETWORK_EDITORS)
def manage_hours(service_id: int, location_id: int):
    """The weekly hours of a service at one of its organisation's places."""
    service = own_service(service_id)
    location = own_location(location_id)
    if location.organization_id != service.organization_id:
        raise NotFound(NOT_FOUND)
    place = next((p for p in service.places if p.location_id == location.id), None)
    form = HoursForm()
    if not form.is_submitted() and place is not None:
        stored = [{"weekday": h.weekday, "opens": h.opens, "closes": h.closes} for h in place.hours]
        form = HoursForm(data={"rows": stored + [{}] * EXTRA_ROWS})
    if form.validate_on_submit():
        rows = form.hours()
        if rows is not None:
            try:
                with transaction() as db:
                    schedules.set_hours(db, current_user.id, service, location, rows)
            except EntryError as error:
                refused(form, error)
            else:
                flash(_("Saved."))
                return redirect(url_for(".manage_service", service_id=service_id))
    return render_template(
        "network/manage/hours.html", form=form, service=service, location=location, place=place
    ), _status(form)


@bp.post("/network/manage/services/<int:service_id>/places/<int:location_id>/remove")
@allow(NETWORK_EDITORS)
@partner_scope_first
@confirm_first(
    _l("Stop offering this service here?"),
    _l("Its opening hours at this place go. Its history stays."),
    _l("Yes, stop it here"),
)
def manage_remove_place(service_id: int, location_id: int):
    """The service is no longer offered at this place."""
    service = own_service(service_id)
    location = own_location(location_id)
    with transaction() as db:
        schedules.remove_place(db, current_user.id, service, location)
    flash(_("Saved."))
    return redirect(url_for(".manage_service", service_id=service_id))


@bp.route("/network/manage/organizations/<int:organization_id>/places/new", methods=["GET", "POST"])
@allow(NETWORK_EDITORS)
def manage_new_location(organization_id: int):
    """Add a place where the organisation receives families."""
    organization = own_organization(organization_id)
    form = LocationForm()
    if form.validate_on_submit():
        try:
            with transaction() as db:
                editing.create_location(db, current_user.id, organization, form.values())
        except EntryError as error:
            refused(form, error)
        else:
            flash(_("Saved."))
            return redirect(url_for(".manage_organization", organization_id=organization_id))
    return render_template(
        "network/manage/location.html", form=form, organization=organization, location=None
    ), _status(form)


@bp.route("/network/manage/places/<int:location_id>", methods=["GET", "POST"])
@allow(NETWORK_EDITORS)
def manage_location(location_id: int):
    """Change a place's address, access and nearest stop."""
    location = own_location(location_id)
    form = LocationForm(obj=location)
    if not form.is_submitted():
        fill_translations(form, location, ["transit_stop", "access_note"])
        known = location.step_free
        form.step_free.data = "unknown" if known is None else ("yes" if known else "no")
    if form.validate_on_submit():
        try:
            with transaction() as db:
                editing.change_location(db, current_user.id, location, form.values())
        except EntryError as error:
            refused(form, error)
        else:
            flash(_("Saved."))
            return redirect(
                url_for(".manage_organization", organization_id=location.organization_id)
            )
    return render_template(
        "network/manage/location.html",
        form=form,
        organization=location.organization,
        location=location,
    ), _status(form)


@bp.post("/network/manage/places/<int:location_id>/remove")
@allow(NETWORK_EDITORS)
@partner_scope_first
@confirm_first(
    _l("Remove this place?"),
    _l("The hours of every service at this place go too. Its history stays."),
    _l("Yes, remove it"),
)
def manage_remove_location(location_id: int):
    """Take a place out of the directory."""
    location = own_location(location_id)
    organization_id = location.organization_id
    with transaction() as db:
        editing.remove_location(db, current_user.id, location)
    flash(_("The place is removed."))
    return redirect(url_for(".manage_organization", organization_id=organization_id))


def _history(entry: Any, title: str, back: str):
    rows = entries.history(get_session(), entry.uuid)
    return render_template("network/manage/history.html", rows=rows, title=title, back=back)


@bp.get("/network/manage/organizations/<int:organization_id>/history")
@allow(NETWORK_EDITORS)
def manage_organization_history(organization_id: int):
    """Who changed what of an organisation, and when."""
    organization = own_organization(organization_id)
    back = url_for(".manage_organization", organization_id=organization_id)
    return _history(organization, organization.name, back)


@bp.get("/network/manage/services/<int:service_id>/history")
@allow(NETWORK_EDITORS)
def manage_service_history(service_id: int):
    """Who changed what of a service, and when."""
    service = own_service(service_id)
    return _history(service, service.name, url_for(".manage_service", service_id=service_id))


@bp.get("/network/manage/places/<int:location_id>/history")
@allow(NETWORK_EDITORS)
def manage_location_history(location_id: int):
    """Who changed what of a place, and when."""
    location = own_location(location_id)
    return _history(location, location.name, url_for(".manage_location", location_id=location_id))


# The coordinator's pages (closures, life domains, rights, entries to check) use this blueprint.
from spelotheek.network.views import coordination  # noqa: E402, F401

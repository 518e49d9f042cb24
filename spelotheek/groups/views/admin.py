"""Coordinator pages for groups: session plan templates, join requests, the access list."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from spelotheek import audit, csvfile
from spelotheek.audit import queries as audit_queries
from spelotheek.auth.access import allow
from spelotheek.auth.fresh import fresh_login_required
from spelotheek.auth.roles import COORDINATOR_ONLY
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.groups import plans, retention, rules, services
from spelotheek.groups.forms import TemplateForm
from spelotheek.groups.views import bp
from spelotheek.templating import local


@bp.get("/groups/templates")
@allow(COORDINATOR_ONLY)
def templates():
    """The session plans a new group can start from."""
    with transaction() as db:
        plans.ensure_default_templates(db)
    return render_template("groups/templates.html", templates=plans.templates(get_session()))


@bp.route("/groups/templates/new", methods=["GET", "POST"], defaults={"template_id": None})
@bp.route("/groups/templates/<int:template_id>", methods=["GET", "POST"])
@allow(COORDINATOR_ONLY)
def template(template_id: int | None):
    """Make or change a session plan: one line per session, weeks after the first | theme."""
    existing = None
    if template_id is not None:
        existing = next((t for t in plans.templates(get_session()) if t.id == template_id), None)
        if existing is None:
            raise NotFound(_("We could not find this plan."))
    form = TemplateForm()
    if not form.is_submitted() and existing is not None:
        form.name.data = existing.name
        form.lines.data = "\n".join(f"{s.offset_weeks} | {s.theme}" for s in existing.steps)
    if form.validate_on_submit():
        try:
            steps = rules.parse_template_lines(form.lines.data or "")
            with transaction() as db:
                plans.save_template(db, current_user.id, template_id, form.name.data, steps)
        except DomainError as error:
            form.lines.errors = [*form.lines.errors, str(error.message)]
        else:
            flash(_("Saved."))
            return redirect(url_for(".templates"))
    status = 400 if form.is_submitted() else 200
    return render_template("groups/template.html", form=form, existing=existing), status


@bp.get("/groups/join-requests")
@allow(COORDINATOR_ONLY)
def join_requests():
    """Phone numbers left on the public page, to call back."""
    return render_template(
        "groups/join_requests.html",
        requests=retention.join_requests(get_session()),
        days=rules.JOIN_REQUEST_DAYS,
    )


@bp.post("/groups/join-requests/<int:request_id>/done")
@allow(COORDINATOR_ONLY)
def join_request_done(request_id: int):
    """Called back: remove the phone number now."""
    with transaction() as db:
        retention.remove_join_request(db, current_user.id, request_id)
    flash(_("Removed."))
    return redirect(url_for(".join_requests"))


@bp.get("/groups/access-log.csv")
@allow(COORDINATOR_ONLY)
@fresh_login_required
def access_log() -> Response:
    """Who looked at or changed group participants, and when (the legal access list)."""
    db = get_session()
    rows = audit_queries.group_access(db, services.ACCESS_ACTIONS)
    lines = [
        (
            local(event.at).isoformat(timespec="seconds"),
            user_name or event.actor_kind,
            role or event.actor_kind,
            event.action,
            event.subject_id,
            group_name or "",
            event.detail,
        )
        for event, user_name, role, group_name in rows
    ]
    with transaction() as db:
        audit.record(db, "group_access_log_exported", actor_id=current_user.id)
    header = ("when", "who", "role", "action", "group_id", "group", "detail")
    return csvfile.response([header, *lines], "group-access-log.csv")

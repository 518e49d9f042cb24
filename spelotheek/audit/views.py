"""The coordinator's audit log page and its CSV export."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from spelotheek import audit, csvfile
from spelotheek.audit import queries
from spelotheek.auth.access import allow
from spelotheek.auth.fresh import fresh_login_required
from spelotheek.auth.roles import COORDINATOR_ONLY
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.families.rights import OPENED
from spelotheek.templating import BRUSSELS
from spelotheek.urls import page_number

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 100


@bp.get("/")
@allow(COORDINATOR_ONLY)
def index():
    """The latest audit events, newest first, one page at a time."""
    action = request.args.get("action", "")[:60] or None
    page = page_number(request.args.get("page", 1, type=int))
    rows = queries.events(get_session(), action, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
    actions = queries.actions(get_session())
    midnight = datetime.combine(utcnow().astimezone(BRUSSELS).date(), time(0), BRUSSELS)
    return render_template(
        "audit/index.html",
        opened_today=audit.opened_per_account(get_session(), OPENED, midnight.astimezone(UTC)),
        rows=rows[:PAGE_SIZE],
        has_more=len(rows) > PAGE_SIZE,
        page=page,
        action=action or "",
        actions=actions,
    )


@bp.get("/export.csv")
@allow(COORDINATOR_ONLY)
@fresh_login_required
def export() -> Response:
    """Every audit event as CSV (for the privacy officer); the export itself is audited."""
    with transaction() as db:
        audit.record(db, "audit_exported", actor_id=current_user.id)
    header = (
        "at_utc",
        "actor_id",
        "actor_role",
        "actor_kind",
        "action",
        "subject_type",
        "subject_id",
        "detail",
    )
    rows = (
        (
            event.at.isoformat(),
            event.actor_id,
            role,
            event.actor_kind,
            event.action,
            event.subject_type,
            event.subject_id,
            event.detail,
        )
        for event, role in queries.events(get_session(), request.args.get("action") or None, None)
    )
    stamp = datetime.now().strftime("%Y%m%d")
    return csvfile.response([header, *rows], f"audit-{stamp}.csv")

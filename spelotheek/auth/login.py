"""Logins for staff and families, device tokens, session expiry and the central access check."""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import timedelta

from flask import Flask, abort, flash, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, logout_user

from spelotheek import audit
from spelotheek.auth.access import declared_access, is_api_request
from spelotheek.auth.models import User
from spelotheek.auth.principals import Anonymous, FamilyPrincipal, StaffPrincipal
from spelotheek.auth.roles import ANONYMOUS, FAMILY
from spelotheek.db import WRITE_OPTION, get_session, utcnow
from spelotheek.errors import error_response

log = logging.getLogger(__name__)
login_manager = LoginManager()
login_manager.anonymous_user = Anonymous
login_manager.session_protection = None  # we bind sessions to an account version instead


@login_manager.user_loader
def _load_principal(identifier: str) -> StaffPrincipal | FamilyPrincipal | None:
    """Restore the principal from the session; a stale account version ends the session."""
    from spelotheek.families.models import Family

    try:
        kind, raw_id, raw_version = identifier.split(":")
        object_id, version = int(raw_id), int(raw_version)
    except ValueError:
        return None
    db = get_session()
    if kind == "u":
        user = db.get(User, object_id)
        if user and user.active and user.session_version == version:
            return StaffPrincipal(user)
    elif kind == "f":
        family = db.get(Family, object_id)
        if family and family.session_version == version:
            return FamilyPrincipal(family)
    return None


TOKEN_TOUCH_AFTER = timedelta(minutes=1)


@login_manager.request_loader
def _load_from_bearer(req) -> StaffPrincipal | None:
    """Devices call the API with 'Authorization: Bearer <token>'."""
    from spelotheek.auth.services import user_for_token

    header = req.headers.get("Authorization", "")
    if not req.path.startswith("/api/") or not header.startswith("Bearer "):
        return None
    db = get_session()
    token, now = header[len("Bearer ") :].strip(), utcnow()
    user = user_for_token(db, token, now, touch_after=TOKEN_TOUCH_AFTER)
    if user is not None and db.dirty:
        # At most once a minute per device the lookup writes last_used_at. Then redo it with
        # the write lock taken up front (SQLite), or a request that read first could fail with
        # "database is locked" while another desk writes; commit so the mark stays even when
        # the request itself only reads. Every other request only reads here.
        db.rollback()
        db.connection(execution_options={WRITE_OPTION: True})
        user = user_for_token(db, token, now, touch_after=TOKEN_TOUCH_AFTER)
        db.commit()
    if user is None:
        return None
    token_key = hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return StaffPrincipal(user, via_token=True, token_key=token_key)


def start_session(principal: StaffPrincipal | FamilyPrincipal) -> None:
    """Begin a fresh session for a principal that just proved who it is."""
    from flask_login import login_user

    lang = session.get("lang")
    session.clear()  # a new session at login: nothing from before carries over but the language
    if lang:
        session["lang"] = lang
    login_user(principal)
    now = int(time.time())
    session["auth_at"] = now
    session["seen_at"] = now
    session.permanent = True


def _expire_idle_session(app: Flask) -> None:
    """Log out sessions idle too long or older than the maximum."""
    if not current_user.is_authenticated or getattr(current_user, "via_token", False):
        return
    now = int(time.time())
    idle_minutes = app.config[
        "FAMILY_IDLE_MINUTES" if current_user.is_family else "STAFF_IDLE_MINUTES"
    ]
    auth_at = session.get("auth_at", 0)
    seen_at = session.get("seen_at", 0)
    if now - seen_at > idle_minutes * 60 or now - auth_at > app.config["SESSION_MAX_HOURS"] * 3600:
        logout_user()
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        flash(_("You were logged out because you were away for a while. Please log in again."))
        return
    if now - seen_at >= 30:  # rewrite the cookie at most twice a minute
        session["seen_at"] = now


def enforce_access() -> ResponseReturnValue | None:
    """Refuse the request unless the endpoint's declared access includes the caller."""
    if request.endpoint is None:
        return None  # no route: the 404/405 handlers answer
    allowed = declared_access(request.endpoint)
    if allowed is None:
        log.error("route %s declares no access; refused", request.endpoint)
        abort(403)
    principal = current_user.principal
    if principal in allowed:
        return None
    if principal == ANONYMOUS:
        if is_api_request():
            return error_response(401)
        if allowed == {FAMILY}:
            return redirect(url_for("families_portal.login", next=request.full_path))
        return redirect(url_for("auth.login", next=request.full_path))
    db = get_session()
    audit.record_by_staff_or_family(  # anonymous visitors were sent to log in above
        db,
        "permission_denied",
        current_user.id if current_user.is_staff else None,
        subject_type="",
        subject_id=None,
        detail=f"{request.method} {request.endpoint}",
    )
    db.commit()
    return error_response(403)


# What an account that must set up two-step login can still reach before it has.
_DURING_SETUP = {"auth.two_step", "auth.logout", "main.choose_language", "main.privacy", "static"}


def _require_two_step_setup() -> ResponseReturnValue | None:
    """Accounts whose role needs two-step login set it up before anything else."""
    if session.get("must_enrol") and request.endpoint not in _DURING_SETUP:
        if is_api_request():
            return error_response(403)
        return redirect(url_for("auth.two_step"))
    return None


def init_app(app: Flask) -> None:
    """Bind Flask-Login and the checks that run before every request."""
    login_manager.init_app(app)

    @app.before_request
    def _before() -> ResponseReturnValue | None:
        g.request_started = time.perf_counter()
        if request.endpoint == "static":
            return None  # public files; no need to load who is asking
        _expire_idle_session(app)
        return enforce_access() or _require_two_step_setup()

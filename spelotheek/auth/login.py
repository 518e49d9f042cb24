"""Logins for staff and families, device tokens, session expiry and the central access check."""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import UTC, datetime, timedelta

from flask import Flask, Request, abort, flash, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, logout_user
from itsdangerous import BadSignature

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

# A family's phone that stays logged in: the device token (see families/phonesessions.py) and
# the Unix time its session ends. Such a session has no idle time-out and no SESSION_MAX_HOURS.
DEVICE_KEY = "device"
DEVICE_UNTIL = "device_until"


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie; a phone that stays logged in keeps it until its end."""

    def get_expiration_time(self, app: Flask, session: SessionMixin) -> datetime | None:
        """The phone session's own end, else now + PERMANENT_SESSION_LIFETIME."""
        until = session.get(DEVICE_UNTIL)
        if session.permanent and isinstance(until, int):
            return datetime.fromtimestamp(until, UTC)
        return super().get_expiration_time(app, session)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """As Flask's, but a signature may be as old as a phone session may last.

        Ordinary sessions are still held to SESSION_MAX_HOURS by their own login time (see
        _expire_idle_session), so accepting an older signature opens nothing more.
        """
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        longest = max(
            app.permanent_session_lifetime, timedelta(days=app.config["PHONE_SESSION_DAYS"])
        )
        try:
            return self.session_class(serializer.loads(value, max_age=int(longest.total_seconds())))
        except BadSignature:
            return self.session_class()


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
        if family is None:
            return None
        if DEVICE_KEY in session:
            # A phone that stays logged in lives as long as its row: the family or the desk
            # ends it by deleting the row (a new card or PIN deletes them all).
            return FamilyPrincipal(family) if _phone_known(family.id) else None
        if family.session_version == version:
            return FamilyPrincipal(family)
    return None


def _phone_known(family_id: int) -> bool:
    """True while this session's phone is still one the family keeps logged in."""
    from spelotheek.families import phonesessions

    token = session.get(DEVICE_KEY)
    if not isinstance(token, str):
        return False
    db, now = get_session(), utcnow()
    device = phonesessions.device_for(db, family_id, token, now)
    if device is None or not phonesessions.needs_touch(device, now):
        return device is not None
    # Once an hour the phone's last_seen_at is written: with the write lock taken up front and
    # committed at once, as the bearer token's mark below (and for the same reasons).
    db.rollback()
    db.connection(execution_options={WRITE_OPTION: True})
    device = phonesessions.device_for(db, family_id, token, now)
    if device is not None:
        device.last_seen_at = now
    db.commit()
    return device is not None


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


def start_session(
    principal: StaffPrincipal | FamilyPrincipal,
    device_token: str | None = None,
    device_until: datetime | None = None,
) -> None:
    """Begin a fresh session for a principal that just proved who it is.

    With `device_token`, a family's phone stays logged in until `device_until`.
    """
    from flask_login import login_user

    lang = session.get("lang")
    session.clear()  # a new session at login: nothing from before carries over but the language
    if lang:
        session["lang"] = lang
    login_user(principal)
    now = int(time.time())
    session["auth_at"] = now
    session["seen_at"] = now
    if device_token is not None and device_until is not None:
        session[DEVICE_KEY] = device_token
        session[DEVICE_UNTIL] = int(device_until.timestamp())
    session.permanent = True


def end_family_session(family_id: int) -> None:
    """Logging out ends this session everywhere: a phone's row, or every copy of the cookie."""
    from spelotheek.families import phonesessions
    from spelotheek.families.models import Family

    db = get_session()
    token = session.get(DEVICE_KEY)
    if isinstance(token, str):
        phonesessions.forget_device(db, family_id, token)
    else:
        family = db.get(Family, family_id)
        if family is not None:
            family.session_version += 1


def _clear_session() -> None:
    """Forget everything in the cookie but the language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _expire_idle_session(app: Flask) -> None:
    """Log out sessions idle too long or older than the maximum."""
    if not current_user.is_authenticated:
        if DEVICE_KEY in session:  # the phone's session was ended: forget its long cookie
            _clear_session()
        return
    if getattr(current_user, "via_token", False):
        return
    if current_user.is_family and DEVICE_KEY in session:
        return  # a phone that stays logged in: its row's end applies (checked at load)
    now = int(time.time())
    idle_minutes = app.config[
        "FAMILY_IDLE_MINUTES" if current_user.is_family else "STAFF_IDLE_MINUTES"
    ]
    auth_at = session.get("auth_at", 0)
    seen_at = session.get("seen_at", 0)
    if now - seen_at > idle_minutes * 60 or now - auth_at > app.config["SESSION_MAX_HOURS"] * 3600:
        logout_user()
        _clear_session()
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
    app.session_interface = SessionCookies()

    @app.before_request
    def _before() -> ResponseReturnValue | None:
        g.request_started = time.perf_counter()
        if request.endpoint == "static":
            return None  # public files; no need to load who is asking
        _expire_idle_session(app)
        return enforce_access() or _require_two_step_setup()

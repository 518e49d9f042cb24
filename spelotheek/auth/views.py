"""Staff login (with two-step login), logout, and changing one's own password."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from spelotheek.auth import start_session, twofactor
from spelotheek.auth.access import allow
from spelotheek.auth.forms import CodeForm, ConfirmForm, LoginForm, PasswordForm
from spelotheek.auth.models import User
from spelotheek.auth.principals import StaffPrincipal
from spelotheek.auth.roles import ANY_STAFF, EVERYONE
from spelotheek.auth.services import authenticate, change_password, end_all_sessions
from spelotheek.db import get_session, transaction, utcnow
from spelotheek.errors import DomainError
from spelotheek.extensions import form_field_key, limiter
from spelotheek.qr import qr_svg
from spelotheek.urls import safe_next

bp = Blueprint("auth", __name__)


def _failed(response) -> bool:
    """Count a login attempt against the limits only when it did not succeed."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@allow(EVERYONE)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_ADDRESS"], methods=["POST"], deduct_when=_failed
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"],
    methods=["POST"],
    key_func=form_field_key("email"),
    deduct_when=_failed,
)
def login():
    """Log a staff member in with e-mail and password (and a second step where set up)."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        with transaction() as db:
            user = authenticate(db, form.email.data or "", form.password.data or "")
        if user is not None:
            target = safe_next(form.next.data) or url_for("main.home")
            if user.totp_secret:
                session.clear()
                session["pending"] = {
                    "uid": user.id,
                    "ver": user.session_version,
                    "at": int(time.time()),
                    "next": target,
                }
                return redirect(url_for(".code"))
            return _finish_login(user, target)
        form.password.errors.append(_("This e-mail and password do not match an active account."))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 400


def _finish_login(user: User, target: str):
    """Start the session; accounts that must use two-step login set it up first."""
    start_session(StaffPrincipal(user))
    if not user.totp_secret and twofactor.required_for(
        user.role, current_app.config["REQUIRE_TWO_STEP_ROLES"]
    ):
        session["must_enrol"] = True
        flash(_("Your role needs two-step login. Please set it up now: it takes two minutes."))
        return redirect(url_for(".two_step"))
    return redirect(target)


def _pending_key() -> str:
    """Throttle second-step tries per pending account."""
    pending = session.get("pending") or {}
    return f"two-step:{pending.get('uid', 'none')}"


@bp.route("/login/code", methods=["GET", "POST"])
@allow(EVERYONE)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"],
    methods=["POST"],
    key_func=_pending_key,
    deduct_when=_failed,
)
def code():
    """The second step: a code from the authenticator app or a recovery code."""
    pending = session.get("pending")
    if not pending or time.time() - pending["at"] > 300:
        session.pop("pending", None)
        flash(_("Please log in again."))
        return redirect(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit():
        with transaction() as db:
            user = db.get(User, pending["uid"])
            ok = (
                user is not None
                and user.active
                and user.session_version == pending["ver"]
                and twofactor.verify(db, user, form.code.data or "", utcnow())
            )
        if ok:
            return _finish_login(user, pending["next"])
        form.code.errors.append(_("This code is not right. Codes change every 30 seconds."))
    return render_template("auth/code.html", form=form), 200 if request.method == "GET" else 400


@bp.route("/login/confirm", methods=["GET", "POST"])
@allow(ANY_STAFF)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"], methods=["POST"], deduct_when=_failed
)
def confirm():
    """Ask for the password (and code) again before a sensitive page."""
    form = ConfirmForm()
    if form.validate_on_submit():
        with transaction() as db:
            user = authenticate(db, current_user.user.email, form.password.data or "")
            ok = user is not None and (
                not user.totp_secret or twofactor.verify(db, user, form.code.data or "", utcnow())
            )
        if ok:
            session["auth_at"] = int(time.time())
            return redirect(safe_next(request.args.get("next")) or url_for("main.home"))
        form.password.errors.append(_("The password or code is not right."))
    return render_template(
        "auth/confirm.html", form=form, needs_code=bool(current_user.user.totp_secret)
    ), 200 if request.method == "GET" else 400


@bp.route("/account/two-step", methods=["GET", "POST"])
@allow(ANY_STAFF)
def two_step():
    """Set up two-step login with an authenticator app; shows the recovery codes once."""
    user = current_user.user
    form = CodeForm()
    if not session.get("enrol_secret"):
        session["enrol_secret"] = twofactor.new_secret()
    secret = session["enrol_secret"]
    if form.validate_on_submit():
        with transaction() as db:
            codes = twofactor.enable(db, db.merge(user), secret, form.code.data or "", utcnow())
        if codes is not None:
            session.pop("enrol_secret", None)
            session.pop("must_enrol", None)
            return render_template("auth/recovery_codes.html", codes=codes)
        form.code.errors.append(_("This code is not right. Codes change every 30 seconds."))
    uri = twofactor.provisioning_uri(secret, user.id, current_app.config["SITE_NAME"])
    return render_template(
        "auth/two_step.html",
        form=form,
        secret=secret,
        qr=qr_svg(uri),
        enabled=bool(user.totp_secret),
    )


@bp.post("/logout")
@allow(EVERYONE)
def logout():
    """End this session and every other copy of it."""
    if current_user.is_authenticated:
        with transaction():
            if current_user.is_staff:
                end_all_sessions(current_user.user)
            else:
                current_user.family.session_version += 1
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are logged out."))
    return redirect(url_for("main.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@allow(ANY_STAFF)
def password():
    """Change one's own password; every other session of the account ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        db = get_session()
        user = authenticate(db, current_user.user.email, form.current.data or "")
        if user is None:
            form.current.errors.append(_("Your current password is not right."))
        else:
            try:
                with transaction() as db:
                    change_password(db, db.merge(current_user.user), form.new.data or "")
            except DomainError as error:
                form.new.errors.append(str(error.message))
            else:
                start_session(StaffPrincipal(current_user.user))
                flash(_("Your password is changed. You are logged out everywhere else."))
                return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)

"""Staff login and logout, and changing one's own password."""

from __future__ import annotations

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

from spelotheek.auth import start_session
from spelotheek.auth.access import allow
from spelotheek.auth.forms import LoginForm, PasswordForm
from spelotheek.auth.principals import StaffPrincipal
from spelotheek.auth.roles import ANY_STAFF, EVERYONE
from spelotheek.auth.services import authenticate, change_password, end_all_sessions
from spelotheek.db import get_session, transaction
from spelotheek.errors import DomainError
from spelotheek.extensions import form_field_key, limiter
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
    """Log a staff member in with e-mail and password."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        with transaction() as db:
            user = authenticate(db, form.email.data or "", form.password.data or "")
        if user is not None:
            start_session(StaffPrincipal(user))
            return redirect(safe_next(form.next.data) or url_for("main.home"))
        form.password.errors.append(_("This e-mail and password do not match an active account."))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 400


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

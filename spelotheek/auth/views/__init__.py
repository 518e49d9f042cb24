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
from flask_babel import ngettext
from flask_login import current_user, logout_user

from spelotheek.auth import attempts, queries, twofactor
from spelotheek.auth.access import allow
from spelotheek.auth.forms import CodeForm, ConfirmForm, LoginForm, PasswordForm, TwoStepForm
from spelotheek.auth.login import end_family_session, start_session
from spelotheek.auth.models import User
from spelotheek.auth.principals import StaffPrincipal
from spelotheek.auth.roles import ANY_STAFF, EVERYONE
from spelotheek.auth.services import (
    authenticate,
    change_password,
    end_all_sessions,
    prove_identity,
)
from spelotheek.db import transaction, utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.qr import qr_svg
from spelotheek.urls import safe_next

bp = Blueprint("auth", __name__)


def too_many_tries(template: str, form, refused: attempts.TooManyTries, **context):
    """The same form again, with how long to wait (429)."""
    message = ngettext(
        "Too many tries. Please wait %(num)d minute and try again.",
        "Too many tries. Please wait %(num)d minutes and try again.",
        refused.minutes,
    )
    return render_template(template, form=form, refused=message, **context), 429


@bp.route("/login", methods=["GET", "POST"])
@allow(EVERYONE)
def login():
    """Log a staff member in with e-mail and password (and a second step where set up)."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email, password = form.email.data or "", form.password.data or ""

        def check() -> User | None:
            with transaction() as db:
                return authenticate(db, email, password)

        try:
            # The second step counts its own tries: a right password here is a success.
            user = attempts.guarded(attempts.staff_account(email), check, remember=False)
        except attempts.TooManyTries as refused:
            return too_many_tries("auth/login.html", form, refused)
        if user is not None:
            target = safe_next(form.next.data) or landing(user)
            if user.totp_secret:
                session.clear()
                session["pending"] = {
                    "uid": user.id,
                    "ver": user.session_version,
                    "at": int(time.time()),
                    "next": target,
                    "account": attempts.staff_account(email),
                }
                return redirect(url_for(".code"))
            attempts.remember_device(attempts.staff_account(email))
            return _finish_login(user, target)
        form.password.errors.append(_("This e-mail and password do not match an active account."))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 400


# Who works at the desk starts there; the coordinator and facilitators plan from the menu.
LANDINGS = {"volunteer": "loans.desk", "staff": "loans.desk"}


def landing(user: User) -> str:
    """Where a staff account lands after logging in without a `next` page: a partner on its
    own organisation's page."""
    if user.role == "partner" and user.organization_id is not None:
        return url_for("network.manage_organization", organization_id=user.organization_id)
    return url_for(LANDINGS.get(user.role, "main.home"))


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


@bp.route("/login/code", methods=["GET", "POST"])
@allow(EVERYONE)
def code():
    """The second step: a code from the authenticator app or a recovery code."""
    pending = session.get("pending")
    if not pending or time.time() - pending["at"] > 300:
        session.pop("pending", None)
        flash(_("Please log in again."))
        return redirect(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit():
        typed = form.code.data or ""

        def check() -> User | None:
            with transaction() as db:
                user = queries.account(db, pending["uid"])
                ok = (
                    user is not None
                    and user.active
                    and user.session_version == pending["ver"]
                    and twofactor.verify(db, user, typed, utcnow())
                )
            return user if ok else None

        try:
            user = attempts.guarded(attempts.user_account("two-step", pending["uid"]), check)
        except attempts.TooManyTries as refused:
            return too_many_tries("auth/code.html", form, refused)
        if user is not None:
            attempts.remember_device(pending.get("account", ""))
            return _finish_login(user, pending["next"])
        form.code.errors.append(_("This code is not right. Codes change every 30 seconds."))
    return render_template("auth/code.html", form=form), 200 if request.method == "GET" else 400


def _proved(password: str, code: str) -> bool | None:
    """Password (and code) of the logged-in staff member, as one counted try.

    Raises TooManyTries: guessing a password through a logged-in session is throttled too.
    """

    def check() -> bool | None:
        with transaction() as db:
            return prove_identity(db, db.merge(current_user.user), password, code, utcnow()) or None

    return attempts.guarded(attempts.user_account("prove", current_user.id), check, remember=False)


@bp.route("/login/confirm", methods=["GET", "POST"])
@allow(ANY_STAFF)
def confirm():
    """Ask for the password (and code) again before a sensitive page."""
    form = ConfirmForm()
    needs_code = bool(current_user.user.totp_secret)
    if form.validate_on_submit():
        try:
            ok = _proved(form.password.data or "", form.code.data or "")
        except attempts.TooManyTries as refused:
            return too_many_tries("auth/confirm.html", form, refused, needs_code=needs_code)
        if ok:
            session["auth_at"] = int(time.time())
            return redirect(safe_next(request.args.get("next")) or url_for("main.home"))
        form.password.errors.append(_("The password or code is not right."))
    return render_template(
        "auth/confirm.html", form=form, needs_code=needs_code
    ), 200 if request.method == "GET" else 400


@bp.route("/account/two-step", methods=["GET", "POST"])
@allow(ANY_STAFF)
def two_step():
    """Set up two-step login with an authenticator app; shows the recovery codes once.

    Replacing the secret asks for the password and, when two-step login is on, a current
    code: a session left open on a desk must not be enough to take the account over.
    """
    user = current_user.user
    enabled = bool(user.totp_secret)
    form = TwoStepForm()
    if not session.get("enrol_secret"):
        session["enrol_secret"] = twofactor.new_secret()
    secret = session["enrol_secret"]
    context = {
        "secret": secret,
        "qr": qr_svg(twofactor.provisioning_uri(secret, user.id, current_app.config["SITE_NAME"])),
        "enabled": enabled,
    }
    if form.validate_on_submit():
        try:
            proved = _proved(form.password.data or "", form.current_code.data or "")
        except attempts.TooManyTries as refused:
            return too_many_tries("auth/two_step.html", form, refused, **context)
        if not proved:
            form.password.errors.append(_("The password or code is not right."))
        else:
            with transaction() as db:
                codes = twofactor.enable(db, db.merge(user), secret, form.code.data or "", utcnow())
            if codes is not None:
                session.pop("enrol_secret", None)
                session.pop("must_enrol", None)
                return render_template("auth/recovery_codes.html", codes=codes)
            form.code.errors.append(_("This code is not right. Codes change every 30 seconds."))
    status = 200 if request.method == "GET" else 400
    return render_template("auth/two_step.html", form=form, **context), status


@bp.post("/logout")
@allow(EVERYONE)
def logout():
    """End this session and every other copy of it."""
    if current_user.is_authenticated:
        with transaction():
            if current_user.is_staff:
                end_all_sessions(current_user.user)
            else:
                end_family_session(current_user.family.id)
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
    """Change one's own password (with the current one and a code); other sessions end."""
    form = PasswordForm()
    needs_code = bool(current_user.user.totp_secret)
    if form.validate_on_submit():
        try:
            proved = _proved(form.current.data or "", form.code.data or "")
        except attempts.TooManyTries as refused:
            return too_many_tries("auth/password.html", form, refused, needs_code=needs_code)
        if not proved:
            form.current.errors.append(_("Your current password or code is not right."))
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
    status = 200 if request.method == "GET" else 400
    return render_template("auth/password.html", form=form, needs_code=needs_code), status

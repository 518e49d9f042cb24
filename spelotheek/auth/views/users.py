"""The coordinator's page for staff accounts: add, change role, deactivate."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from spelotheek.auth import queries, services, twofactor
from spelotheek.auth.access import allow
from spelotheek.auth.models import User
from spelotheek.auth.roles import COORDINATOR_ONLY, Role
from spelotheek.confirm import confirm_first
from spelotheek.db import get_session, transaction
from spelotheek.domain_errors import DomainError, NotFound
from spelotheek.network import entries

bp = Blueprint("users", __name__, url_prefix="/users")


def organization_choices() -> list[tuple[int, str]]:
    """The network's organisations a partner account can belong to ("none" first)."""
    choices = [(o.id, o.name) for o in entries.organizations(get_session())]
    return [(0, _("None (not a partner)")), *choices]


def role_choices() -> list[SelectChoice]:
    """The roles with their names in the page's language."""
    names = {
        Role.COORDINATOR: _("Coordinator"),
        Role.STAFF: _("Staff"),
        Role.VOLUNTEER: _("Volunteer"),
        Role.FACILITATOR: _("Facilitator (midwife)"),
        Role.PARTNER: _("Partner (an organisation in the network)"),
    }
    return [SelectChoice(role.value, names[role]) for role in Role]


class NewUserForm(FlaskForm):
    """A new staff account with a first password to hand over."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=role_choices)
    organization_id = SelectField(
        _l("Organisation"),
        coerce=int,
        choices=organization_choices,
        default=0,
        description=_l("Only for a partner: the organisation whose entries it keeps."),
    )
    password = PasswordField(
        _l("First password"),
        description=_l(
            "At least 10 characters. Ask the person to change it after the first login."
        ),
        validators=[DataRequired(), Length(min=10, max=200)],
    )


class RoleForm(FlaskForm):
    """Another role for an account (a partner: with its organisation)."""

    role = SelectField(_l("Role"), choices=role_choices)
    organization_id = SelectField(
        _l("Organisation"), coerce=int, choices=organization_choices, default=0
    )


def _account(db, user_id: int) -> User:
    user = queries.account(db, user_id)
    if user is None:
        raise NotFound(_l("We could not find this account."))
    return user


@bp.route("/", methods=["GET", "POST"])
@allow(COORDINATOR_ONLY)
def index():
    """Every staff account, and a form to add one."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            with transaction() as db:
                services.create_user(
                    db,
                    current_user.id,
                    form.email.data,
                    form.name.data,
                    form.role.data,
                    form.password.data,
                    organization_id=form.organization_id.data or None,
                )
        except services.AccountError as error:
            target = form.organization_id if form.role.data == "partner" else form.email
            target.errors.append(str(error.message))
        except DomainError as error:
            form.email.errors.append(str(error.message))
        else:
            flash(_("The account is ready."))
            return redirect(url_for(".index"))
    users = queries.accounts(get_session())
    return render_template(
        "auth/users.html",
        users=users,
        form=form,
        role_choices=role_choices(),
        organization_choices=organization_choices(),
    )


@bp.post("/<int:user_id>/role")
@allow(COORDINATOR_ONLY)
def change_role(user_id: int):
    """Give an account another role; its sessions end."""
    form = RoleForm()
    if form.validate_on_submit():
        try:
            with transaction() as db:
                services.change_role(
                    db,
                    current_user.id,
                    _account(db, user_id),
                    form.role.data,
                    form.organization_id.data or None,
                )
        except services.AccountError as error:
            flash(str(error.message), "error")
        else:
            flash(_("The role is changed. That person has to log in again."))
    else:
        flash(_("Please choose a role from the list."), "error")
    return redirect(url_for(".index"))


@bp.post("/<int:user_id>/active")
@allow(COORDINATOR_ONLY)
def toggle_active(user_id: int):
    """Deactivate an account (its sessions end at once) or activate it again."""
    with transaction() as db:
        user = _account(db, user_id)
        if user.id == current_user.id:
            raise DomainError(_l("You cannot deactivate your own account."))
        services.set_active(db, current_user.id, user, not user.active)
    flash(_("Saved."))
    return redirect(url_for(".index"))


@bp.post("/<int:user_id>/two-step")
@allow(COORDINATOR_ONLY)
@confirm_first(
    _l("Switch off two-step login?"),
    _l(
        "The person's authenticator app and recovery codes stop working. They set up two-step "
        "login again at their next login."
    ),
    _l("Yes, switch it off"),
)
def reset_two_step(user_id: int):
    """Lost phone and codes: switch two-step login off so the person can set it up again."""
    with transaction() as db:
        twofactor.reset(db, current_user.id, _account(db, user_id))
    flash(_("Two-step login is reset. That person sets it up again at the next login."))
    return redirect(url_for(".index"))

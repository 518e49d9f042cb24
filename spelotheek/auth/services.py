"""Staff accounts, logins and device tokens: session in, flush, never commit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, joinedload

from spelotheek import audit, typed
from spelotheek.auth import twofactor
from spelotheek.auth.models import ApiToken, User
from spelotheek.auth.passwords import hash_secret, needs_rehash, verify_secret
from spelotheek.auth.roles import Role
from spelotheek.domain_errors import DomainError
from spelotheek.network.models import Organization

MIN_PASSWORD_LENGTH = 10


class AccountError(DomainError):
    """A staff account cannot be created or changed as asked."""


def normalise_email(email: str) -> str:
    """E-mail addresses compare without case, spaces or invisible marks (see typed.email)."""
    return typed.email(email)


def check_password_strength(password: str) -> None:
    """Refuse passwords that are too short to resist guessing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_l("A password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))


def create_user(
    session: Session,
    actor_id: int | None,
    email: str,
    name: str,
    role: str,
    password: str,
    language: str = "nl",
    organization_id: int | None = None,
) -> User:
    """Add a staff account (actor None: the command line); AccountError for a taken e-mail, a
    weak password, or a partner without its organisation."""
    email = normalise_email(email)
    if role not in {r.value for r in Role}:
        raise AccountError(_l("Unknown role."))
    organization_id = _organization_for(session, role, organization_id)
    if "@" not in email or len(email) > 254:
        raise AccountError(_l("Please give a valid e-mail address."))
    check_password_strength(password)
    if session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise AccountError(_l("There is already an account with this e-mail address."))
    user = User(
        email=email,
        name=name.strip() or email,
        role=role,
        password_hash=hash_secret(password),
        language=language,
        organization_id=organization_id,
    )
    session.add(user)
    session.flush()
    audit.record_by_staff_or_system(
        session, "account_created", actor_id, subject_type="user", subject_id=user.id, detail=role
    )
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active account with this e-mail and password, or None."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if not verify_secret(user.password_hash if user else None, password):
        return None
    if user is None or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_secret(password)
    return user


def prove_identity(session: Session, user: User, password: str, code: str, now: datetime) -> bool:
    """True when the password is right and, with two-step login on, a current code too."""
    if authenticate(session, user.email, password) is None:
        return False
    return not user.totp_secret or twofactor.verify(session, user, code, now)


def end_all_sessions(user: User) -> None:
    """Make every session cookie of this account invalid, copies included."""
    user.session_version += 1


def change_password(session: Session, user: User, new_password: str) -> None:
    """Set a new password and end every other session of the account."""
    check_password_strength(new_password)
    user.password_hash = hash_secret(new_password)
    end_all_sessions(user)
    audit.record(
        session, "password_changed", actor_id=user.id, subject_type="user", subject_id=user.id
    )
    session.flush()


def set_active(session: Session, actor_id: int | None, user: User, active: bool) -> None:
    """Activate or deactivate an account; deactivation ends its sessions."""
    user.active = active
    if not active:
        end_all_sessions(user)
    audit.record_by_staff_or_system(
        session,
        "account_activated" if active else "account_deactivated",
        actor_id,
        subject_type="user",
        subject_id=user.id,
    )
    session.flush()


def _organization_for(session: Session, role: str, organization_id: int | None) -> int | None:
    """The organisation a partner account belongs to; other roles belong to none."""
    if role != Role.PARTNER:
        return None
    if not organization_id or session.get(Organization, organization_id) is None:
        raise AccountError(_l("A partner account needs its organisation. Please choose one."))
    return organization_id


def change_role(
    session: Session,
    actor_id: int | None,
    user: User,
    role: str,
    organization_id: int | None = None,
) -> None:
    """Give an account another role (a partner: with its organisation); its sessions end so the
    new rights apply at once."""
    if role not in {r.value for r in Role}:
        raise AccountError(_l("Unknown role."))
    old = user.role
    user.organization_id = _organization_for(session, role, organization_id)
    user.role = role
    end_all_sessions(user)
    audit.record_by_staff_or_system(
        session,
        "role_changed",
        actor_id,
        subject_type="user",
        subject_id=user.id,
        detail=f"{old}->{role}",
    )
    session.flush()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(session: Session, actor_id: int | None, user: User, label: str = "") -> str:
    """A new bearer token for a device of this account; returns the token (shown once)."""
    token = "spt_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=_token_hash(token), label=label[:80])
    session.add(row)
    session.flush()
    # The label is free text ("Marie's phone"), so the trail keeps only the token's number.
    audit.record_by_staff_or_system(
        session,
        "api_token_created",
        actor_id,
        subject_type="user",
        subject_id=user.id,
        detail=f"token {row.id}",
    )
    return token


@cache
def _token_lookup() -> Select[ApiToken]:
    """The token with its account, by hash; built once, as every API request runs it."""
    return (
        select(ApiToken)
        .where(ApiToken.token_hash == bindparam("token_hash"))
        .options(joinedload(ApiToken.user))
    )


def user_for_token(
    session: Session, token: str, now: datetime, touch_after: timedelta = timedelta(0)
) -> User | None:
    """The active account a bearer token belongs to, or None when unknown or revoked.

    The token's `last_used_at` is set to `now` when it is older than `touch_after`: a desk
    scanning all day then writes it once a minute, not on every scan.
    """
    row = session.scalar(_token_lookup(), {"token_hash": _token_hash(token)})
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    if row.last_used_at is None or now - row.last_used_at >= touch_after:
        row.last_used_at = now
    return row.user


def revoke_api_token(session: Session, actor_id: int | None, token_id: int, now: datetime) -> bool:
    """Revoke a device token; False when it does not exist."""
    row = session.get(ApiToken, token_id)
    if row is None:
        return False
    row.revoked_at = row.revoked_at or now
    audit.record_by_staff_or_system(
        session,
        "api_token_revoked",
        actor_id,
        subject_type="user",
        subject_id=row.user_id,
        detail=f"token {row.id}",
    )
    session.flush()
    return True

"""Two-step login for staff: TOTP (RFC 6238) and one-time recovery codes. Never commits."""

from __future__ import annotations

import secrets
from datetime import datetime

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit, typed
from spelotheek.auth.models import RecoveryCode, User

RECOVERY_CODES = 10
STEP_SECONDS = 30


def required_for(role: str, required_roles: tuple[str, ...] | list[str]) -> bool:
    """True when accounts with this role must use a second step."""
    return role in required_roles


def new_secret() -> str:
    """A fresh TOTP secret (160 bits, base32)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, user_id: int, issuer: str) -> str:
    """The otpauth:// URI for an authenticator app; it names the account by number, not e-mail."""
    return pyotp.TOTP(secret).provisioning_uri(name=f"staff-{user_id}", issuer_name=issuer)


def _matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step whose code matches (now, or one step either side for clock drift)."""
    code = typed.digits(code)  # ASCII only: str.isdigit() is true for '²' and '٣' too
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    step = int(at.timestamp()) // STEP_SECONDS
    for candidate in (step - 1, step, step + 1):
        if secrets.compare_digest(totp.at(candidate * STEP_SECONDS), code):
            return candidate
    return None


def _code_hash(code: str) -> str:
    return typed.digest(typed.fold(code))


def _new_recovery_codes(session: Session, user: User) -> list[str]:
    session.query(RecoveryCode).filter_by(user_id=user.id).delete()
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=_code_hash(c)) for c in codes)
    return codes


def enable(session: Session, user: User, secret: str, code: str, at: datetime) -> list[str] | None:
    """Turn on two-step login when the code from the app matches; answers the recovery codes."""
    step = _matching_step(secret, code, at)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step
    codes = _new_recovery_codes(session, user)
    audit.record(
        session, "two_step_enabled", actor_id=user.id, subject_type="user", subject_id=user.id
    )
    session.flush()
    return codes


def verify(session: Session, user: User, code: str, at: datetime) -> bool:
    """Check a code from the app (each used once) or an unused recovery code."""
    if not user.totp_secret:
        return False
    step = _matching_step(user.totp_secret, code, at)
    if step is not None and step > user.totp_last_step:
        user.totp_last_step = step
        session.flush()
        return True
    recovery = session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _code_hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is None:
        return False
    recovery.used_at = at
    audit.record(
        session, "recovery_code_used", actor_id=user.id, subject_type="user", subject_id=user.id
    )
    session.flush()
    return True


def reset(session: Session, actor_id: int, user: User) -> None:
    """Switch off someone's two-step login (lost phone and codes); they set it up again."""
    user.totp_secret = None
    user.totp_last_step = 0
    session.query(RecoveryCode).filter_by(user_id=user.id).delete()
    user.session_version += 1
    audit.record(
        session, "two_step_reset", actor_id=actor_id, subject_type="user", subject_id=user.id
    )
    session.flush()

"""Staff accounts and device tokens, on both databases."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from spelotheek.audit import AuditEvent
from spelotheek.auth import services
from spelotheek.auth.passwords import hash_secret, verify_secret
from tests.factories import PASSWORD, make_user

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def test_password_hashes_are_argon2id_and_verify() -> None:
    stored = hash_secret("a long enough password")
    assert stored.startswith("$argon2id$")
    assert verify_secret(stored, "a long enough password")
    assert not verify_secret(stored, "a long enough passworD")
    assert not verify_secret(None, "anything")


def test_the_stand_in_hash_for_unknown_accounts_costs_a_real_check_and_nothing_at_import() -> None:
    """Importing the module hashes nothing (every worker and command imports it), and the stand-in
    hash has the production parameters: checking an unknown address costs what a real one does,
    in a fresh worker too."""
    check = (
        "import argon2\n"
        "def refuse(*args, **kwargs): raise AssertionError('hashed at import')\n"
        "argon2.PasswordHasher.hash = refuse\n"
        "from spelotheek.auth import passwords as p\n"
        "assert p._DUMMY_HASH.startswith('$argon2id$')\n"
        "assert not p._hasher.check_needs_rehash(p._DUMMY_HASH), 'not the production cost'\n"
        "assert not p.verify_secret(None, 'no account has this password')\n"
    )
    done = subprocess.run(  # noqa: S603  (this interpreter, fixed code, no shell)
        [sys.executable, "-c", check], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr


def test_create_user_normalises_the_email(db) -> None:
    user = services.create_user(db, None, "  Staff@Example.TEST ", "Sam", "staff", "long enough pw")
    assert user.email == "staff@example.test"
    assert services.authenticate(db, "STAFF@example.test", "long enough pw") == user


@pytest.mark.parametrize(
    ("email", "role", "password", "message"),
    [
        ("a@example.test", "admin", "long enough pw", "Unknown role"),
        ("not-an-email", "staff", "long enough pw", "valid e-mail"),
        ("a@example.test", "staff", "short", "at least 10"),
    ],
)
def test_create_user_refuses_bad_input(db, email, role, password, message) -> None:
    with pytest.raises(services.AccountError) as refused:
        services.create_user(db, None, email, "A", role, password)
    assert message in str(refused.value.message)


def test_an_email_can_have_only_one_account(db) -> None:
    services.create_user(db, None, "a@example.test", "A", "staff", "long enough pw")
    with pytest.raises(services.AccountError):
        services.create_user(db, None, "A@example.test", "B", "volunteer", "long enough pw")


def test_inactive_accounts_cannot_log_in(db) -> None:
    user = make_user(db, active=False)
    assert services.authenticate(db, user.email, PASSWORD) is None


def test_wrong_password_is_refused(db) -> None:
    user = make_user(db)
    assert services.authenticate(db, user.email, PASSWORD + "x") is None
    assert services.authenticate(db, "nobody@example.test", PASSWORD) is None


def test_deactivating_or_changing_role_ends_sessions_and_is_audited(db) -> None:
    coordinator = make_user(db, role="coordinator")
    user = make_user(db, role="volunteer")
    version = user.session_version
    services.change_role(db, coordinator.id, user, "staff")
    services.set_active(db, coordinator.id, user, False)
    assert user.session_version == version + 2
    actions = db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["role_changed", "account_deactivated"]
    assert db.scalars(select(AuditEvent.detail)).first() == "volunteer->staff"


def test_tokens_work_until_revoked(db) -> None:
    user = make_user(db)
    token = services.create_api_token(db, None, user, "desk tablet")
    assert services.user_for_token(db, token, NOW) == user
    row = user.tokens[0]
    assert row.last_used_at == NOW
    assert token not in row.token_hash
    assert services.revoke_api_token(db, None, row.id, NOW)
    assert services.user_for_token(db, token, NOW) is None
    assert not services.revoke_api_token(db, None, 999_999, NOW)


def test_tokens_of_inactive_accounts_do_not_work(db) -> None:
    user = make_user(db)
    token = services.create_api_token(db, None, user)
    user.active = False
    assert services.user_for_token(db, token, NOW) is None

"""The `spelotheek` command line against the test database."""

from __future__ import annotations

from sqlalchemy import func, select

from spelotheek.audit import AuditEvent
from spelotheek.auth.models import ApiToken, User
from spelotheek.auth.services import authenticate, user_for_token
from spelotheek.cli import main
from spelotheek.db import utcnow
from spelotheek.families.models import Family
from spelotheek.locations.models import Location


def test_create_user_with_a_password(app, db) -> None:
    result = app.test_cli_runner().invoke(
        main,
        [
            "create-user",
            "Coord@Example.org",
            "--role",
            "coordinator",
            "--password",
            "long password 1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert authenticate(db, "coord@example.org", "long password 1").role == "coordinator"


def test_create_user_asks_for_the_password_when_left_out(app, db) -> None:
    result = app.test_cli_runner().invoke(
        main,
        ["create-user", "v@example.org", "--role", "volunteer"],
        input="long password 2\nlong password 2\n",
    )
    assert result.exit_code == 0, result.output
    assert authenticate(db, "v@example.org", "long password 2") is not None


def test_create_user_refuses_a_weak_password_and_creates_nothing(app, db) -> None:
    result = app.test_cli_runner().invoke(
        main, ["create-user", "w@example.org", "--role", "staff", "--password", "short"]
    )
    assert result.exit_code == 1 and "10" in result.output
    assert db.scalar(select(func.count()).select_from(User)) == 0


def test_create_token_prints_a_working_token(app, db) -> None:
    runner = app.test_cli_runner()
    runner.invoke(
        main, ["create-user", "d@example.org", "--role", "staff", "--password", "long password 3"]
    )
    result = runner.invoke(main, ["create-token", "d@example.org", "--label", "desk tablet"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert user_for_token(db, token, utcnow()).email == "d@example.org"
    assert runner.invoke(main, ["create-token", "nobody@example.org"]).exit_code == 1


def test_accounts_and_tokens_made_on_the_command_line_are_audited_as_such(app, db) -> None:
    runner = app.test_cli_runner()
    made = ["create-user", "e@example.org", "--role", "staff", "--password", "long password 4"]
    assert runner.invoke(main, made).exit_code == 0
    assert runner.invoke(main, ["create-token", "e@example.org"]).exit_code == 0
    db.rollback()
    db.expire_all()
    token_id = db.scalar(select(ApiToken.id))
    assert runner.invoke(main, ["revoke-token", str(token_id)]).exit_code == 0
    db.rollback()
    db.expire_all()
    rows = db.execute(
        select(
            AuditEvent.action, AuditEvent.actor_id, AuditEvent.actor_kind, AuditEvent.detail
        ).order_by(AuditEvent.id)
    ).all()
    assert [tuple(row) for row in rows] == [
        ("account_created", None, "system", "staff (command line)"),
        ("api_token_created", None, "system", f"token {token_id} (command line)"),
        ("api_token_revoked", None, "system", f"token {token_id} (command line)"),
    ]


def test_demo_data_loads_once_and_prints_the_logins(app, db) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(main, ["demo"])
    assert first.exit_code == 0, first.output
    assert "coordinator@demo.spelotheek.be" in first.output and "PIN" in first.output
    counts = (
        db.scalar(select(func.count()).select_from(Family)),
        db.scalar(select(func.count()).select_from(User)),
        db.scalar(select(func.count()).select_from(Location)),
    )
    assert counts == (40, 5, 2)  # the four demo accounts and the directory's partner
    assert runner.invoke(main, ["demo"]).exit_code == 0
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Family)) == 40
    assert (
        db.scalar(
            select(func.count()).select_from(Family).where(Family.library_card_hash.isnot(None))
        )
        == 8
    )
    assert len(set(db.scalars(select(Family.language)).all())) >= 5

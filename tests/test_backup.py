"""Backup and restore round-trip every table, on both databases."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pyotp
from sqlalchemy import func, select

import spelotheek.models  # noqa: F401
from spelotheek import audit
from spelotheek.audit import AuditEvent
from spelotheek.auth import twofactor
from spelotheek.auth.services import create_api_token
from spelotheek.cli import main
from spelotheek.db import Base
from spelotheek.families.models import Child
from spelotheek.reach import services as reach_services
from spelotheek.reach import snapshots
from tests.factories import make_user


def _fingerprint(db) -> dict[str, tuple[int, str]]:
    """Row count and a digest of the sorted rows of every table."""
    result = {}
    for table in Base.metadata.sorted_tables:
        rows = sorted(repr(tuple(row)) for row in db.execute(select(table)))
        result[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def test_backup_and_restore_round_trip_every_table(app, db, tmp_path) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(main, ["demo"]).exit_code == 0
    user = make_user(db, role="coordinator")
    create_api_token(db, user, "desk")
    secret, now = twofactor.new_secret(), datetime.now(UTC)
    assert twofactor.enable(db, user, secret, pyotp.TOTP(secret).at(now), now)
    audit.record(db, "test_event", actor_id=user.id)
    start = now.date().replace(day=1)  # a reach snapshot, as the dashboard keeps one
    counts = reach_services.count(db, start, start + timedelta(days=31), "all", ("household",), now)
    snapshots.keep(db, "demo", counts, now, timedelta(minutes=10))
    db.commit()
    before = _fingerprint(db)
    empty = [name for name, (count, _) in before.items() if count == 0]
    assert empty == [], f"demo data should fill every table; empty: {empty}"

    target = tmp_path / "backup.bin"
    result = runner.invoke(main, ["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0

    db.query(Child).delete()
    db.query(AuditEvent).delete()
    db.commit()
    assert db.scalar(select(func.count()).select_from(Child)) == 0
    db.close()

    result = runner.invoke(main, ["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    db.expire_all()
    assert _fingerprint(db) == before


def test_restore_refuses_a_missing_file(app, tmp_path) -> None:
    result = app.test_cli_runner().invoke(main, ["restore", "--yes", str(tmp_path / "none")])
    assert result.exit_code != 0

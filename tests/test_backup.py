"""Backup and restore round-trip every table, on both databases."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp
import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

import spelotheek.models  # noqa: F401
from spelotheek import audit, backup, backup_checks, create_app
from spelotheek.audit import AuditEvent
from spelotheek.auth import twofactor
from spelotheek.auth.models import LoginThrottle
from spelotheek.auth.services import create_api_token
from spelotheek.backup_checks import head_revision
from spelotheek.cli import main
from spelotheek.db import Base
from spelotheek.families.models import Child
from spelotheek.jobs.models import JobRun
from spelotheek.migrate import alembic_config, upgrade
from spelotheek.reach import services as reach_services
from spelotheek.reach import snapshots
from tests.conftest import forget_kept_apps, settings_for
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
    create_api_token(db, None, user, "desk")
    secret, now = twofactor.new_secret(), datetime.now(UTC)
    assert twofactor.enable(db, user, secret, pyotp.TOTP(secret).at(now), now)
    audit.record(db, "test_event", actor_id=user.id)
    start = now.date().replace(day=1)  # a reach snapshot, as the dashboard keeps one
    counts = reach_services.count(db, start, start + timedelta(days=31), "all", ("household",), now)
    snapshots.keep(db, "demo", counts, now, timedelta(minutes=10))
    db.add(LoginThrottle(key="account:hash", window_started_at=now, attempts=2, failures=1))
    db.add(JobRun(name="purge", slot=now, started_at=now, finished_at=now, owner="job-id"))
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


def _state(app, db, backend: str) -> tuple[object, ...]:
    """What the current database holds: every table's rows, and on SQLite the file's bytes."""
    fingerprint = _fingerprint(db)
    db.close()
    # The last connection out writes the WAL back: this app's, and those of apps kept for
    # later tests (tests/conftest.py).
    app.extensions["engine"].dispose()
    forget_kept_apps(app.config["DATABASE_URL"])
    if backend != "sqlite":
        return (fingerprint,)
    path = Path(make_url(app.config["DATABASE_URL"]).database)
    files = [path, *path.parent.glob(path.name + "-*")]
    return fingerprint, {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def _real_backup(app, tmp_path: Path) -> Path:
    runner = app.test_cli_runner()
    assert runner.invoke(main, ["demo"]).exit_code == 0
    target = tmp_path / "real.backup"
    result = runner.invoke(main, ["backup", str(target)])
    assert result.exit_code == 0, result.output
    return target


def _random_bytes(path: Path, backend: str, app, db) -> None:
    path.write_bytes(random.Random(18).randbytes(64 * 1024))


def _empty(path: Path, backend: str, app, db) -> None:
    path.write_bytes(b"")


def _someone_elses_sqlite(path: Path, backend: str, app, db) -> None:
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    other.execute("INSERT INTO notes (body) VALUES ('hello')")
    other.commit()
    other.close()


def _our_version_their_tables(path: Path, backend: str, app, db) -> None:
    _someone_elses_sqlite(path, backend, app, db)
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    other.execute("INSERT INTO alembic_version VALUES (?)", (head_revision(),))
    other.commit()
    other.close()


def _with_version(version: str) -> Callable[..., None]:
    def make(path: Path, backend: str, app, db) -> None:
        """A real backup whose schema version says something this code does not know."""
        if backend == "sqlite":
            path.write_bytes(_real_backup(app, path.parent).read_bytes())
            changed = sqlite3.connect(path)
            changed.execute("UPDATE alembic_version SET version_num = ?", (version,))
            changed.commit()
            changed.close()
            return
        _real_backup(app, path.parent)  # the demo data, as in the other cases
        try:  # a backup checks what it wrote: pg_dump by hand makes the odd one
            db.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": version})
            db.commit()
            backup._pg_dump(app.config["DATABASE_URL"], path)
        finally:
            db.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head_revision()})
            db.commit()

    return make


def _truncated(path: Path, backend: str, app, db) -> None:
    whole = _real_backup(app, path.parent).read_bytes()
    path.write_bytes(whole[: len(whole) * 2 // 3])


def _flipped(path: Path, backend: str, app, db) -> None:
    """A real backup with bytes flipped where data lives (a table's page; a data block)."""
    data = bytearray(_real_backup(app, path.parent).read_bytes())
    if backend == "sqlite":
        reader = sqlite3.connect(path.parent / "real.backup")
        root = reader.execute("SELECT rootpage FROM sqlite_master WHERE name = 'toys'").fetchone()
        page_size = reader.execute("PRAGMA page_size").fetchone()[0]
        reader.close()
        start = (root[0] - 1) * page_size
    else:
        start = len(data) * 3 // 4
    for offset in range(start, start + 64):
        data[offset] ^= 0xA5
    path.write_bytes(bytes(data))


REFUSED = {
    "random bytes": (_random_bytes, "not a"),
    "an empty file": (_empty, "is empty"),
    "someone else's SQLite": (_someone_elses_sqlite, "not a"),
    "our version, their tables": (_our_version_their_tables, "not a"),
    "an unknown schema version": (_with_version("9999_from_the_future"), "unknown"),
    "a schema version with odd characters": (_with_version("0010\x1b[2J"), "not one of ours"),
    "a truncated backup": (_truncated, "damaged"),
    "a backup with flipped bytes": (_flipped, "damaged"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_restore_refuses_what_is_not_a_whole_backup_of_ours(
    app, db, backend, tmp_path, case
) -> None:
    make, reason = REFUSED[case]
    if backend != "sqlite" and case in ("someone else's SQLite", "our version, their tables"):
        reason = "not a pg_dump archive"
    source = tmp_path / "candidate.backup"
    make(source, backend, app, db)
    make_user(db, role="staff", name="Still here")
    db.commit()
    before = _state(app, db, backend)

    result = app.test_cli_runner().invoke(main, ["restore", "--yes", str(source)])

    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    message = result.output.strip()
    assert "\n" not in message and "Traceback" not in message, message
    assert message.startswith("Restore refused:") and reason in message, message
    assert "The database was not changed." in message
    assert _state(app, db, backend) == before


def test_a_backup_from_an_older_version_is_restored_at_the_newest_schema(tmp_path) -> None:
    older = tmp_path / "older.sqlite"
    command.upgrade(alembic_config(f"sqlite:///{older}"), "0009")
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    upgrade(url)
    app = create_app(settings_for(url))
    try:
        result = app.test_cli_runner().invoke(main, ["restore", "--yes", str(older)])
        assert result.exit_code == 0, result.output
        with app.extensions["engine"].connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            assert [v[0] for v in version] == [head_revision()]
            assert connection.execute(text("SELECT count(*) FROM toy_words")).scalar() == 0
        assert not list(tmp_path.glob(".restore-*")), "the kept-aside copy is removed"
    finally:
        app.extensions["engine"].dispose()


def test_a_backup_is_checked_as_it_is_written(app, db, tmp_path, monkeypatch) -> None:
    checked = []
    monkeypatch.setattr(backup_checks, "check_sqlite", checked.append)
    monkeypatch.setattr(backup_checks, "check_pg_archive", checked.append)
    target = _real_backup(app, tmp_path)
    assert checked == [target]

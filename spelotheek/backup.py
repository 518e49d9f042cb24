"""Backups: SQLite's online backup, or pg_dump / pg_restore for PostgreSQL.

A restore checks the backup first (spelotheek.backup_checks): a file that is not ours or not
whole is refused before anything changes. The current database is kept aside until the
restored one opens at the newest schema, then removed (it holds data that may have been
erased since, which must not linger in a forgotten copy).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from spelotheek import backup_checks
from spelotheek.backup_checks import BackupError, last_line, run_pg
from spelotheek.db import make_engine
from spelotheek.migrate import upgrade

__all__ = ["BackupError", "backup", "restore"]


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(database)


def _libpq_url(url: str) -> str:
    """The URL as pg_dump understands it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy a SQLite database page by page (consistent while the site keeps running)."""
    origin = sqlite3.connect(source)
    destination = sqlite3.connect(target)
    try:
        origin.backup(destination)
    finally:
        destination.close()
        origin.close()


def _pg_dump(url: str, target: Path) -> None:
    result = run_pg(
        "pg_dump", "--format=custom", "--no-owner", "--file", str(target), _libpq_url(url)
    )
    if result.returncode != 0:
        raise BackupError(last_line(result, "pg_dump failed"))


def _pg_restore(url: str, source: Path) -> None:
    """Replace the database's contents in one transaction: on any error it stays as it was."""
    result = run_pg(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        _libpq_url(url),
        str(source),
    )
    if result.returncode != 0:
        raise BackupError(f"{source} is damaged ({last_line(result, 'pg_restore failed')})")


def backup(url: str, target: Path) -> None:
    """Write a consistent copy of the database at `url` to `target`, and check it reads back."""
    if url.startswith("sqlite"):
        _copy_sqlite(_sqlite_path(url), target)  # online: the site may keep running
        backup_checks.check_sqlite(target)
        return
    _pg_dump(url, target)
    backup_checks.check_pg_archive(target)


def _opens_at_head(url: str) -> None:
    """Refuse a database the site could not serve: it must open at the newest schema."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        raise BackupError("the restored database does not open") from None
    finally:
        engine.dispose()
    if [row[0] for row in found] != [backup_checks.head_revision()]:
        raise BackupError("the restored database is not at the newest schema")


def _swap(
    put_back: Callable[[], None], replace: Callable[[], None], check: Callable[[], None]
) -> None:
    """Replace, then check; on any failure at all, put the kept-aside database back."""
    try:
        replace()
        check()
    except Exception as error:
        put_back()
        raise BackupError(f"{_reason(error)}; the database was put back as it was") from None


def _reason(error: Exception) -> str:
    """One line about a failure (a library's own message may span lines or quote data)."""
    return (
        str(error) if isinstance(error, BackupError) else f"{type(error).__name__} while restoring"
    )


def _upgrade(url: str) -> None:
    try:
        upgrade(url)
    except Exception as error:
        raise BackupError(
            f"the backup could not be brought to the newest schema ({_reason(error)})"
        ) from None


def _restore_sqlite(url: str, source: Path) -> None:
    revision = backup_checks.check_sqlite(source)
    live = _sqlite_path(url)
    with tempfile.TemporaryDirectory(dir=live.parent, prefix=".restore-") as folder:
        os.chmod(folder, 0o700)  # the copies hold personal data
        staged, aside = Path(folder) / "staged.sqlite", Path(folder) / "aside.sqlite"
        _copy_sqlite(source, staged)
        staged_url = f"sqlite:///{staged}"
        if revision != backup_checks.head_revision():
            _upgrade(staged_url)  # an older backup is brought to this code's schema first
        _opens_at_head(staged_url)
        _copy_sqlite(live, aside)
        _swap(
            lambda: _copy_sqlite(aside, live),
            lambda: _copy_sqlite(staged, live),
            lambda: _opens_at_head(url),
        )


def _restore_postgresql(url: str, source: Path) -> None:
    revision = backup_checks.check_pg_archive(source)
    with tempfile.TemporaryDirectory(prefix="spelotheek-restore-") as folder:
        aside = Path(folder) / "aside.dump"
        _pg_dump(url, aside)
        # pg_restore runs in one transaction: a backup it cannot apply changes nothing. Only
        # what comes after it (an older schema migrated, the opening check) needs the copy.
        _pg_restore(url, source)

        def migrate() -> None:
            if revision != backup_checks.head_revision():
                upgrade(url)

        _swap(lambda: _pg_restore(url, aside), migrate, lambda: _opens_at_head(url))


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` with the backup in `source`, once it is checked."""
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    try:
        if url.startswith("sqlite"):
            _restore_sqlite(url, source)
        else:
            _restore_postgresql(url, source)
    except (OSError, sqlite3.Error, SQLAlchemyError) as error:
        raise BackupError(_reason(error)) from None

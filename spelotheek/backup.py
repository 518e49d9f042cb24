"""Backups: SQLite's online backup, or pg_dump / pg_restore for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess  # noqa: S404  (runs pg_dump/pg_restore with a fixed argument list)
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why."""


def _sqlite_path(url: str) -> str:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return database


def _libpq_url(url: str) -> str:
    """The URL as pg_dump understands it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def backup(url: str, target: Path) -> None:
    """Write a consistent copy of the database at `url` to `target`."""
    if url.startswith("sqlite"):
        source = sqlite3.connect(_sqlite_path(url))
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)  # online: the site may keep running
        finally:
            destination.close()
            source.close()
        return
    result = subprocess.run(  # noqa: S603  (fixed arguments, no shell; the URL is ours)
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), _libpq_url(url)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or "pg_dump failed")


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` with the backup in `source`."""
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    if url.startswith("sqlite"):
        backup_db = sqlite3.connect(source)
        live = sqlite3.connect(_sqlite_path(url))
        try:
            backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
        return
    result = subprocess.run(  # noqa: S603  (fixed arguments, no shell; the URL is ours)
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            _libpq_url(url),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or "pg_restore failed")

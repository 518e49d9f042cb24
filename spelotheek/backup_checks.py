"""Is a backup ours and whole? Checked before a restore replaces anything, and after a backup.

A backup is ours when its schema version is one of our migrations (so not newer than this
code) and its tables are exactly the tables that version has. Whole means SQLite's
`PRAGMA integrity_check` passes, or pg_restore reads every entry of a pg_dump archive.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404  (runs pg_dump/pg_restore with a fixed argument list)
import tempfile
from functools import cache
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from spelotheek.db import make_engine
from spelotheek.migrate import DATABASE_ONLY_TABLE, alembic_config

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ")
_REVISION = re.compile(r"[0-9A-Za-z_]{1,32}")


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why in one line."""


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head_revision() -> str:
    """The schema version this code migrates to."""
    head = _scripts().get_current_head()
    assert head is not None  # noqa: S101  (narrows the type: our migrations have one head)
    return head


def known_revisions() -> frozenset[str]:
    """Every schema version our migrations name."""
    return frozenset(script.revision for script in _scripts().walk_revisions())


def _known_revision(found: list[str]) -> str:
    """The backup's one schema version, when it is one of our migrations."""
    if len(found) != 1:
        raise BackupError("not a Spelotheek backup: it has no single schema version")
    revision = found[0]
    if not _REVISION.fullmatch(revision):
        raise BackupError("not a Spelotheek backup: its schema version is not one of ours")
    if revision not in {script.revision for script in _scripts().walk_revisions()}:
        raise BackupError(
            f"schema version {revision} is unknown to this version of Spelotheek "
            "(a backup from a newer version, or from another application)"
        )
    return revision


@cache
def tables_at(revision: str) -> frozenset[str]:
    """The tables a database at this schema version has (built once in a scratch SQLite)."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'scratch.sqlite'}"
        command.upgrade(alembic_config(url), revision)
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                names = inspect(connection).get_table_names()
        finally:
            engine.dispose()
    return frozenset(names)


def _compare_tables(found: set[str], expected: frozenset[str]) -> None:
    missing = sorted(expected - found)
    if missing or found - expected:
        detail = f"missing {', '.join(missing[:5])}" if missing else ""
        extra = len(found - expected)
        detail += f"{'; ' if detail else ''}{extra} unknown" if extra else ""
        raise BackupError(f"not a Spelotheek backup: its tables differ from ours ({detail})")


def check_sqlite(path: Path) -> str:
    """Refuse a file that is not a whole SQLite backup of ours; answers its schema version."""
    with path.open("rb") as file:
        magic = file.read(len(SQLITE_MAGIC))
    if not magic:
        raise BackupError(f"{path} is empty")
    if magic != SQLITE_MAGIC:
        raise BackupError(f"{path} is not a SQLite database (not a Spelotheek backup)")
    # Read-only and immutable: checking writes nothing, not even a journal beside the file.
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            raise BackupError(f"{path} is damaged (SQLite's integrity check failed)")
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        if "alembic_version" not in tables:
            raise BackupError("not a Spelotheek backup: it has no schema version")
        found = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError:
        raise BackupError(f"{path} is damaged (SQLite cannot read it)") from None
    finally:
        connection.close()
    revision = _known_revision([str(v) for v in found])
    _compare_tables(tables, tables_at(revision))
    return revision


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def run_pg(tool: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run pg_dump or pg_restore; output that is not UTF-8 (a damaged archive) is kept."""
    return subprocess.run(  # noqa: S603  (a fixed tool and argument list, no shell)
        [pg_tool(tool), *arguments],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )


def last_line(result: subprocess.CompletedProcess[str], fallback: str) -> str:
    """The tool's last error line, printable only (it may quote a damaged archive)."""
    lines = result.stderr.strip().splitlines() or [fallback]
    return "".join(c if c.isprintable() else "?" for c in lines[-1])[:200]


def _pg_restore(*arguments: str) -> subprocess.CompletedProcess[str]:
    return run_pg("pg_restore", *arguments)


def check_pg_archive(path: Path) -> str:
    """Refuse a file that is not a whole pg_dump archive of ours; answers its schema version."""
    with path.open("rb") as file:
        magic = file.read(len(PG_DUMP_MAGIC))
    if not magic:
        raise BackupError(f"{path} is empty")
    if magic != PG_DUMP_MAGIC:
        raise BackupError(f"{path} is not a pg_dump archive (not a Spelotheek backup)")
    listing = _pg_restore("--list", str(path))
    if listing.returncode != 0:
        raise BackupError(f"{path} is damaged (pg_restore cannot read its table of contents)")
    tables = {
        match.group(2)
        for line in listing.stdout.splitlines()
        if (match := _TOC_TABLE.match(line)) and match.group(1) == "public"
    }
    if "alembic_version" not in tables:
        raise BackupError("not a Spelotheek backup: it has no schema version")
    # Reading every entry (to nowhere) finds a truncated or damaged archive before a restore.
    if _pg_restore("--file", os.devnull, str(path)).returncode != 0:
        raise BackupError(f"{path} is damaged (pg_restore cannot read all of it)")
    data = _pg_restore("--data-only", "--table=alembic_version", "--file=-", str(path)).stdout
    copy = re.search(
        r"^COPY [^\n]*alembic_version[^\n]*FROM stdin;\n(.*?)^\\\.$", data, re.M | re.S
    )
    revision = _known_revision(copy.group(1).split() if copy else [])
    sqlite_only = {t for t in tables_at(revision) if t.startswith(DATABASE_ONLY_TABLE)}
    _compare_tables(tables, tables_at(revision) - sqlite_only)
    return revision

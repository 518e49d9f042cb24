"""Migrations: one head, and the migrated schema is exactly what the models describe."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

import spelotheek.models  # noqa: F401
from spelotheek.db import Base
from spelotheek.migrate import alembic_config, include_object, upgrade


def test_a_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_revisions_form_one_line_from_the_first() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revisions = list(script.walk_revisions())
    assert revisions[-1].down_revision is None
    assert all(r.is_branch_point is False for r in revisions)


def test_migrated_schema_equals_the_models(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    "include_object": include_object,
                },
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_a_sqlite_too_old_for_search_and_lending_is_refused_by_name(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 34, 1))
    with pytest.raises(RuntimeError, match="SQLite 3.35 or newer"):
        upgrade(f"sqlite:///{tmp_path / 'old.sqlite'}")

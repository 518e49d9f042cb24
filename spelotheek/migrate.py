"""Bring a database to the newest schema with Alembic (at start-up and in tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from spelotheek.db import make_engine
from spelotheek.paths import ROOT

# Any fixed number: workers starting together take turns instead of migrating twice.
_LOCK_ID = 74_6581_2026


# Indexes only some databases have, made by hand in a migration and not by the models: the
# toy words' trigram index exists on PostgreSQL with pg_trgm only (migration 0009).
DATABASE_ONLY_INDEXES = frozenset({"ix_toys_search_trgm"})

# SQLite's full-text table of toy words and the tables FTS5 keeps it in (migration 0010).
DATABASE_ONLY_TABLE = "toy_words"


def include_object(_object, name, type_, _reflected, _compare_to) -> bool:
    """Whether autogenerate compares this object (not the database-only indexes and tables)."""
    if type_ == "table":
        return name != DATABASE_ONLY_TABLE and not name.startswith(DATABASE_ONLY_TABLE + "_")
    return not (type_ == "index" and name in DATABASE_ONLY_INDEXES)


def alembic_config(url: str) -> Config:
    """Alembic's configuration for this database."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url
    return config


def upgrade(url: str) -> None:
    """Upgrade the database at `url` to the newest revision."""
    config = alembic_config(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": _LOCK_ID})
                connection.commit()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": _LOCK_ID})
                connection.commit()
    finally:
        engine.dispose()

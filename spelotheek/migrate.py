"""Bring a database to the newest schema with Alembic (at start-up and in tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from spelotheek.config import ROOT
from spelotheek.db import make_engine

# Any fixed number: workers starting together take turns instead of migrating twice.
_LOCK_ID = 74_6581_2026


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

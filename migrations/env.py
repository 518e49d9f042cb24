"""Alembic environment: the URL comes from the caller (spelotheek.migrate) or the settings."""

from __future__ import annotations

from alembic import context

import spelotheek.models  # noqa: F401  (registers every table)
from spelotheek.db import Base, make_engine
from spelotheek.migrate import include_object

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("database_url")
    if url:
        return url
    from spelotheek.config import load

    return load({"TESTING": True})["DATABASE_URL"]


def run_migrations_offline() -> None:
    """Write SQL instead of running it."""
    context.configure(
        url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on a live connection (given by the caller when it holds a lock)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

"""dates by day; toy words by trigram on PostgreSQL

Measured on the bench's Flanders dataset (issue 10): home and /meetups read a period's dates of
all 770 series with a sequential scan of 200,000 rows (32 ms); an index on original_day reads
the period. Searching the catalogue for a word read all 50,000 toys (45 ms on PostgreSQL); a
trigram index (pg_trgm) on the searched text finds the matching ones. SQLite has no such index
(LIKE '%word%' cannot use one), and where pg_trgm is not available or may not be created the
search works as before, only slower.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The same expression as spelotheek.loans.catalogue.SEARCHED, so the planner can use the index.
SEARCHED = "lower(name || ' ' || description || ' ' || tags)"


def upgrade() -> None:
    with op.batch_alter_table("meetup_occurrences") as batch_op:
        batch_op.create_index("ix_meetup_occurrences_original_day", ["original_day"], unique=False)
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            bind.execute(
                sa.text(
                    f"CREATE INDEX ix_toys_search_trgm ON toys USING gin (({SEARCHED}) gin_trgm_ops)"
                )
            )
    except sa.exc.DBAPIError as error:  # not installed, or this role may not create it
        logging.getLogger("alembic").warning("toy search without trigram index: %s", error.orig)


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_toys_search_trgm")
    with op.batch_alter_table("meetup_occurrences") as batch_op:
        batch_op.drop_index("ix_meetup_occurrences_original_day")

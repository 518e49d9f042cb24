"""jobs that run once (issue 23): a row per run of a periodic job in one slot

Revision ID: 0025_jobs
Revises: 0024_storage
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0025_jobs"
down_revision = "0024_storage"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("slot", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("started_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("finished_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_runs")),
        sa.UniqueConstraint("name", "slot", name=op.f("uq_job_runs_name")),
    )


def downgrade() -> None:
    op.drop_table("job_runs")

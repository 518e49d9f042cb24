"""reach snapshots: the raw counts of a recent reach computation, shared by all workers

Measured on the bench's Flanders dataset (issue 10): counting a year of a network's contacts
takes 1.4-1.8 s, six times a city's; the dashboard, printable page and CSV now reuse the counts
for a few minutes instead of counting again on each view.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reach_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("computed_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reach_snapshots")),
        sa.UniqueConstraint("key", name=op.f("uq_reach_snapshots_key")),
    )


def downgrade() -> None:
    op.drop_table("reach_snapshots")

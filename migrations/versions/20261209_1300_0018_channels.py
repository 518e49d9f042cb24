"""invitation channels (issue 21): where cards are handed out, and anonymous counts per channel
(scans per day, new families per month)

Revision ID: 0018_channels
Revises: 0017_messages
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0018_channels"
down_revision = "0017_messages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('midwife', 'school', 'social_service', 'child_health', 'library', "
            "'word_of_mouth', 'other')",
            name=op.f("ck_channels_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_channels_location_id_locations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channels")),
        sa.UniqueConstraint("code", name=op.f("uq_channels_code")),
    )
    op.create_table(
        "channel_counts",
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=10), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "measure IN ('scan', 'family')", name=op.f("ck_channel_counts_measure_known")
        ),
        sa.CheckConstraint("count >= 0", name=op.f("ck_channel_counts_count_not_negative")),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name=op.f("fk_channel_counts_channel_id_channels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("channel_id", "measure", "period", name=op.f("pk_channel_counts")),
    )


def downgrade() -> None:
    op.drop_table("channel_counts")
    op.drop_table("channels")

"""short messages delivered (issue 21): the language a family wants its messages in

Revision ID: 0020_delivery
Revises: 0019_phone_sessions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0020_delivery"
down_revision = "0019_phone_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "message_preferences",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("changed_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_message_preferences_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("family_id", name=op.f("pk_message_preferences")),
    )


def downgrade() -> None:
    op.drop_table("message_preferences")

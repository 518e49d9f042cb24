"""short messages to families (issue 21): per-channel opt-in and an outbox, never sent twice

Revision ID: 0017_messages
Revises: 0016_signals
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0017_messages"
down_revision = "0016_signals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "message_consents",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("given_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('sms', 'whatsapp')", name=op.f("ck_message_consents_channel_known")
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_message_consents_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("family_id", "channel", name=op.f("pk_message_consents")),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("send_after", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("provider_ref", sa.String(length=80), nullable=True),
        sa.Column("last_error", sa.String(length=120), nullable=False),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("sent_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("delivered_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "channel IN ('sms', 'whatsapp', 'email')", name=op.f("ck_messages_channel_known")
        ),
        sa.CheckConstraint(
            "purpose IN ('due_soon', 'hold_ready', 'meeting_cancelled', 'session_tomorrow', 'handover_waiting', 'login_link')",
            name=op.f("ck_messages_purpose_known"),
        ),
        sa.CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')",
            name=op.f("ck_messages_status_known"),
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_messages_attempts_not_negative")),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_messages_family_id_families"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_messages_idempotency_key")),
        sa.UniqueConstraint("provider_ref", name=op.f("uq_messages_provider_ref")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_messages_family_id"), ["family_id"], unique=False)
        batch_op.create_index(
            "ix_messages_status_send_after", ["status", "send_after"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_status_send_after")
        batch_op.drop_index(batch_op.f("ix_messages_family_id"))

    op.drop_table("messages")
    op.drop_table("message_consents")

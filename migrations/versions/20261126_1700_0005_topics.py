"""topics tables: proposals, supports and signals

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "topic_signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('new', 'handling', 'passed_on', 'resolved')",
            name=op.f("ck_topic_signals_status_known"),
        ),
        sa.CheckConstraint("occurrences >= 1", name=op.f("ck_topic_signals_occurrences_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_signals")),
    )
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("theme", sa.String(length=12), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("audience", sa.String(length=8), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decline_reason", sa.String(length=300), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("proposer_family_id", sa.Integer(), nullable=True),
        sa.Column("on_behalf_by_id", sa.Integer(), nullable=True),
        sa.Column("receipt_hash", sa.String(length=64), nullable=True),
        sa.Column("occurrence_id", sa.Integer(), nullable=True),
        sa.Column("group_session_id", sa.Integer(), nullable=True),
        sa.Column("planned_theme", sa.String(length=200), nullable=False),
        sa.Column("note_talked", sa.String(length=500), nullable=False),
        sa.Column("note_found", sa.String(length=500), nullable=False),
        sa.Column("note_next", sa.String(length=500), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=True),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("decided_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("discussed_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("updated_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(status = 'merged' AND merged_into_id IS NOT NULL) OR (status <> 'merged' AND merged_into_id IS NULL)",
            name=op.f("ck_topics_merged_has_target"),
        ),
        sa.CheckConstraint(
            "audience IN ('open', 'series', 'group')", name=op.f("ck_topics_audience_known")
        ),
        sa.CheckConstraint(
            "group_id IS NULL OR audience = 'group'", name=op.f("ck_topics_group_audience")
        ),
        sa.CheckConstraint(
            "series_id IS NULL OR audience = 'series'", name=op.f("ck_topics_series_audience")
        ),
        sa.CheckConstraint(
            "status IN ('new', 'accepted', 'planned', 'discussed', 'declined', 'merged')",
            name=op.f("ck_topics_status_known"),
        ),
        sa.CheckConstraint("text <> '' OR theme IS NOT NULL", name=op.f("ck_topics_text_or_theme")),
        sa.CheckConstraint(
            "theme IS NULL OR theme IN ('rights', 'health', 'housing', 'school', 'work', 'leisure', 'play', 'parenting', 'other')",
            name=op.f("ck_topics_theme_known"),
        ),
        sa.CheckConstraint(
            "merged_into_id IS NULL OR merged_into_id <> id", name=op.f("ck_topics_not_merged_self")
        ),
        sa.CheckConstraint(
            "occurrence_id IS NULL OR group_session_id IS NULL",
            name=op.f("ck_topics_planned_in_one_place"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["perinatal_groups.id"],
            name=op.f("fk_topics_group_id_perinatal_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_session_id"],
            ["group_sessions.id"],
            name=op.f("fk_topics_group_session_id_group_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["topics.id"],
            name=op.f("fk_topics_merged_into_id_topics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["meetup_occurrences.id"],
            name=op.f("fk_topics_occurrence_id_meetup_occurrences"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["on_behalf_by_id"],
            ["users.id"],
            name=op.f("fk_topics_on_behalf_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposer_family_id"],
            ["families.id"],
            name=op.f("fk_topics_proposer_family_id_families"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["meetup_series.id"],
            name=op.f("fk_topics_series_id_meetup_series"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["topic_signals.id"],
            name=op.f("fk_topics_signal_id_topic_signals"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("receipt_hash", name=op.f("uq_topics_receipt_hash")),
    )
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_topics_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_topics_group_session_id"), ["group_session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_topics_merged_into_id"), ["merged_into_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_topics_occurrence_id"), ["occurrence_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_topics_proposer_family_id"), ["proposer_family_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_topics_series_id"), ["series_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_topics_signal_id"), ["signal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_topics_status"), ["status"], unique=False)

    op.create_table(
        "topic_supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("browser_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "family_id IS NOT NULL OR browser_hash IS NOT NULL",
            name=op.f("ck_topic_supports_someone"),
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_topic_supports_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_topic_supports_topic_id_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_supports")),
        sa.UniqueConstraint("topic_id", "browser_hash", name="uq_topic_supports_browser"),
        sa.UniqueConstraint("topic_id", "family_id", name="uq_topic_supports_family"),
    )
    with op.batch_alter_table("topic_supports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_topic_supports_family_id"), ["family_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("topic_supports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topic_supports_family_id"))

    op.drop_table("topic_supports")
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topics_status"))
        batch_op.drop_index(batch_op.f("ix_topics_signal_id"))
        batch_op.drop_index(batch_op.f("ix_topics_series_id"))
        batch_op.drop_index(batch_op.f("ix_topics_proposer_family_id"))
        batch_op.drop_index(batch_op.f("ix_topics_occurrence_id"))
        batch_op.drop_index(batch_op.f("ix_topics_merged_into_id"))
        batch_op.drop_index(batch_op.f("ix_topics_group_session_id"))
        batch_op.drop_index(batch_op.f("ix_topics_group_id"))

    op.drop_table("topics")
    op.drop_table("topic_signals")

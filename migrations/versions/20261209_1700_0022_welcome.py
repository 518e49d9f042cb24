"""welcome buddies, the three-picture check-in and interpreter requests (issue 21 items 5-7)

Revision ID: 0022_welcome
Revises: 0020_delivery
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0022_welcome"
down_revision = "0020_delivery"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "welcome_buddies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=30), nullable=False),
        sa.Column("languages", sa.String(length=120), nullable=False),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_welcome_buddies_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_welcome_buddies")),
        sa.UniqueConstraint("family_id", name=op.f("uq_welcome_buddies_family_id")),
    )
    op.create_table(
        "welcome_buddy_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=False),
        sa.Column("first_name", sa.String(length=30), nullable=False),
        sa.Column("buddy_id", sa.Integer(), nullable=True),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["buddy_id"],
            ["welcome_buddies.id"],
            name=op.f("fk_welcome_buddy_requests_buddy_id_welcome_buddies"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["meetup_series.id"],
            name=op.f("fk_welcome_buddy_requests_series_id_meetup_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_welcome_buddy_requests")),
    )
    op.create_index(
        op.f("ix_welcome_buddy_requests_buddy_id"), "welcome_buddy_requests", ["buddy_id"]
    )
    op.create_index(op.f("ix_welcome_buddy_requests_day"), "welcome_buddy_requests", ["day"])
    op.create_index(
        op.f("ix_welcome_buddy_requests_series_id"), "welcome_buddy_requests", ["series_id"]
    )

    op.create_table(
        "welcome_checkin_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("question", sa.String(length=10), nullable=False),
        sa.Column("answer", sa.String(length=5), nullable=False),
        sa.Column("taps", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "answer IN ('yes', 'bit', 'no')", name=op.f("ck_welcome_checkin_counts_answer_known")
        ),
        sa.CheckConstraint(
            "question IN ('welcome', 'follow', 'again')",
            name=op.f("ck_welcome_checkin_counts_question_known"),
        ),
        sa.CheckConstraint("taps >= 0", name=op.f("ck_welcome_checkin_counts_taps_not_negative")),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["meetup_series.id"],
            name=op.f("fk_welcome_checkin_counts_series_id_meetup_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_welcome_checkin_counts")),
        sa.UniqueConstraint(
            "series_id",
            "day",
            "question",
            "answer",
            name=op.f("uq_welcome_checkin_counts_series_id"),
        ),
    )
    op.create_index(op.f("ix_welcome_checkin_counts_day"), "welcome_checkin_counts", ["day"])

    op.create_table(
        "interpreter_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=False),
        sa.Column("meetup_series_id", sa.Integer(), nullable=True),
        sa.Column("group_session_id", sa.Integer(), nullable=True),
        sa.Column("handover_id", sa.Integer(), nullable=True),
        sa.Column("on_day", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("asked_by", sa.String(length=10), nullable=False),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("arranged_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("arranged_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "asked_by IN ('staff', 'family')", name=op.f("ck_interpreter_requests_asker_known")
        ),
        sa.CheckConstraint(
            "(CASE WHEN meetup_series_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN group_session_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN handover_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_interpreter_requests_one_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["arranged_by"],
            ["users.id"],
            name=op.f("fk_interpreter_requests_arranged_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_session_id"],
            ["group_sessions.id"],
            name=op.f("fk_interpreter_requests_group_session_id_group_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handovers.id"],
            name=op.f("fk_interpreter_requests_handover_id_handovers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meetup_series_id"],
            ["meetup_series.id"],
            name=op.f("fk_interpreter_requests_meetup_series_id_meetup_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interpreter_requests")),
    )
    op.create_index(
        op.f("ix_interpreter_requests_group_session_id"),
        "interpreter_requests",
        ["group_session_id"],
    )
    op.create_index(
        op.f("ix_interpreter_requests_handover_id"), "interpreter_requests", ["handover_id"]
    )
    op.create_index(
        op.f("ix_interpreter_requests_meetup_series_id"),
        "interpreter_requests",
        ["meetup_series_id"],
    )
    op.create_index(op.f("ix_interpreter_requests_on_day"), "interpreter_requests", ["on_day"])


def downgrade() -> None:
    op.drop_index(op.f("ix_interpreter_requests_on_day"), table_name="interpreter_requests")
    op.drop_index(
        op.f("ix_interpreter_requests_meetup_series_id"), table_name="interpreter_requests"
    )
    op.drop_index(op.f("ix_interpreter_requests_handover_id"), table_name="interpreter_requests")
    op.drop_index(
        op.f("ix_interpreter_requests_group_session_id"), table_name="interpreter_requests"
    )

    op.drop_table("interpreter_requests")
    op.drop_index(op.f("ix_welcome_checkin_counts_day"), table_name="welcome_checkin_counts")

    op.drop_table("welcome_checkin_counts")
    op.drop_index(op.f("ix_welcome_buddy_requests_series_id"), table_name="welcome_buddy_requests")
    op.drop_index(op.f("ix_welcome_buddy_requests_day"), table_name="welcome_buddy_requests")
    op.drop_index(op.f("ix_welcome_buddy_requests_buddy_id"), table_name="welcome_buddy_requests")

    op.drop_table("welcome_buddy_requests")
    op.drop_table("welcome_buddies")

"""groups tables

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "group_join_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_join_requests")),
    )

    with op.batch_alter_table("group_join_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_join_requests_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "group_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_templates")),
        sa.UniqueConstraint("name", name=op.f("uq_group_templates_name")),
    )

    op.create_table(
        "group_template_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("offset_weeks", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "offset_weeks BETWEEN 0 AND 104", name=op.f("ck_group_template_steps_offset_range")
        ),
        sa.CheckConstraint("position >= 1", name=op.f("ck_group_template_steps_position_positive")),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["group_templates.id"],
            name=op.f("fk_group_template_steps_template_id_group_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_template_steps")),
    )

    with op.batch_alter_table("group_template_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_template_steps_template_id"), ["template_id"], unique=False
        )
        batch_op.create_index(
            "uq_group_template_steps_position", ["template_id", "position"], unique=True
        )

    op.create_table(
        "perinatal_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("due_from", sa.Date(), nullable=False),
        sa.Column("due_to", sa.Date(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("languages", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("rolling_entry", sa.Boolean(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'running', 'finished')",
            name=op.f("ck_perinatal_groups_status_known"),
        ),
        sa.CheckConstraint(
            "capacity BETWEEN 1 AND 99", name=op.f("ck_perinatal_groups_capacity_range")
        ),
        sa.CheckConstraint(
            "due_from <= due_to", name=op.f("ck_perinatal_groups_due_window_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_perinatal_groups_location_id_locations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_perinatal_groups")),
    )

    with op.batch_alter_table("perinatal_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_perinatal_groups_location_id"), ["location_id"], unique=False
        )

    op.create_table(
        "group_enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("due_year", sa.Integer(), nullable=False),
        sa.Column("due_month", sa.Integer(), nullable=False),
        sa.Column("with_partner", sa.Boolean(), nullable=False),
        sa.Column("share_name", sa.Boolean(), nullable=False),
        sa.Column("consent_purpose", sa.String(length=200), nullable=False),
        sa.Column("consent_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("consent_by_id", sa.Integer(), nullable=True),
        sa.Column("first_position", sa.Integer(), nullable=False),
        sa.Column("enrolled_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("unlinked_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("feed_token_hash", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "due_month BETWEEN 1 AND 12", name=op.f("ck_group_enrolments_due_month_valid")
        ),
        sa.CheckConstraint(
            "due_year BETWEEN 2000 AND 2200", name=op.f("ck_group_enrolments_due_year_plausible")
        ),
        sa.ForeignKeyConstraint(
            ["consent_by_id"],
            ["users.id"],
            name=op.f("fk_group_enrolments_consent_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_group_enrolments_family_id_families"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["perinatal_groups.id"],
            name=op.f("fk_group_enrolments_group_id_perinatal_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_enrolments")),
        sa.UniqueConstraint("feed_token_hash", name=op.f("uq_group_enrolments_feed_token_hash")),
    )

    with op.batch_alter_table("group_enrolments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_enrolments_family_id"), ["family_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_group_enrolments_group_id"), ["group_id"], unique=False
        )
        batch_op.create_index(
            "uq_group_enrolments_active",
            ["group_id", "family_id"],
            unique=True,
            sqlite_where=sa.text("withdrawn_at IS NULL AND family_id IS NOT NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL AND family_id IS NOT NULL"),
        )

    op.create_table(
        "group_facilitators",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["perinatal_groups.id"],
            name=op.f("fk_group_facilitators_group_id_perinatal_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_group_facilitators_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "user_id", name=op.f("pk_group_facilitators")),
    )

    with op.batch_alter_table("group_facilitators", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_facilitators_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "group_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("starts_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("room", sa.String(length=80), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "duration_minutes BETWEEN 15 AND 480", name=op.f("ck_group_sessions_duration_range")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["perinatal_groups.id"],
            name=op.f("fk_group_sessions_group_id_perinatal_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_sessions")),
    )

    with op.batch_alter_table("group_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_sessions_group_id"), ["group_id"], unique=False)
        batch_op.create_index("uq_group_sessions_position", ["group_id", "position"], unique=True)

    op.create_table(
        "group_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("partner_present", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "status IN ('present', 'absent', 'excused')",
            name=op.f("ck_group_attendance_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["group_enrolments.id"],
            name=op.f("fk_group_attendance_enrolment_id_group_enrolments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["group_sessions.id"],
            name=op.f("fk_group_attendance_session_id_group_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_attendance")),
    )

    with op.batch_alter_table("group_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_attendance_enrolment_id"), ["enrolment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_group_attendance_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(
            "uq_group_attendance_once", ["session_id", "enrolment_id"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("group_attendance", schema=None) as batch_op:
        batch_op.drop_index("uq_group_attendance_once")
        batch_op.drop_index(batch_op.f("ix_group_attendance_session_id"))
        batch_op.drop_index(batch_op.f("ix_group_attendance_enrolment_id"))

    op.drop_table("group_attendance")

    with op.batch_alter_table("group_sessions", schema=None) as batch_op:
        batch_op.drop_index("uq_group_sessions_position")
        batch_op.drop_index(batch_op.f("ix_group_sessions_group_id"))

    op.drop_table("group_sessions")

    with op.batch_alter_table("group_facilitators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_facilitators_user_id"))

    op.drop_table("group_facilitators")

    with op.batch_alter_table("group_enrolments", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_group_enrolments_active",
            sqlite_where=sa.text("withdrawn_at IS NULL AND family_id IS NOT NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL AND family_id IS NOT NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_group_enrolments_group_id"))
        batch_op.drop_index(batch_op.f("ix_group_enrolments_family_id"))

    op.drop_table("group_enrolments")

    with op.batch_alter_table("perinatal_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_perinatal_groups_location_id"))

    op.drop_table("perinatal_groups")

    with op.batch_alter_table("group_template_steps", schema=None) as batch_op:
        batch_op.drop_index("uq_group_template_steps_position")
        batch_op.drop_index(batch_op.f("ix_group_template_steps_template_id"))

    op.drop_table("group_template_steps")

    op.drop_table("group_templates")

    with op.batch_alter_table("group_join_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_join_requests_created_at"))

    op.drop_table("group_join_requests")

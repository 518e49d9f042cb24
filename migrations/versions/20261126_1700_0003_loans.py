"""loans tables: toys, parts, items, loans, missing parts, holds, policy, desk actions, reminders

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loan_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loan_days", sa.Integer(), nullable=False),
        sa.Column("max_open_loans", sa.Integer(), nullable=False),
        sa.Column("max_renewals", sa.Integer(), nullable=False),
        sa.Column("long_overdue_days", sa.Integer(), nullable=False),
        sa.Column("found_grace_days", sa.Integer(), nullable=False),
        sa.Column("pickup_sessions", sa.Integer(), nullable=False),
        sa.Column("clean_after_return", sa.Boolean(), nullable=False),
        sa.CheckConstraint("found_grace_days >= 0", name=op.f("ck_loan_policy_grace_positive")),
        sa.CheckConstraint(
            "loan_days BETWEEN 1 AND 120", name=op.f("ck_loan_policy_loan_days_range")
        ),
        sa.CheckConstraint(
            "long_overdue_days >= 0", name=op.f("ck_loan_policy_long_overdue_positive")
        ),
        sa.CheckConstraint(
            "max_open_loans BETWEEN 1 AND 50", name=op.f("ck_loan_policy_max_loans_range")
        ),
        sa.CheckConstraint(
            "max_renewals BETWEEN 0 AND 20", name=op.f("ck_loan_policy_renewals_range")
        ),
        sa.CheckConstraint(
            "pickup_sessions BETWEEN 1 AND 10", name=op.f("ck_loan_policy_pickup_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_policy")),
    )

    op.create_table(
        "reminders_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders_sent")),
        sa.UniqueConstraint("kind", "subject_id", name=op.f("uq_reminders_sent_kind")),
    )

    op.create_table(
        "toys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("photo", sa.String(length=40), nullable=True),
        sa.Column("min_age_months", sa.Integer(), nullable=False),
        sa.Column("max_age_months", sa.Integer(), nullable=False),
        sa.Column("areas", sa.String(length=200), nullable=False),
        sa.Column("tags", sa.String(length=200), nullable=False),
        sa.Column("min_players", sa.Integer(), nullable=False),
        sa.Column("max_players", sa.Integer(), nullable=False),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("max_age_months >= min_age_months", name=op.f("ck_toys_age_ordered")),
        sa.CheckConstraint("min_age_months >= 0", name=op.f("ck_toys_min_age_positive")),
        sa.CheckConstraint(
            "min_players >= 1 AND max_players >= min_players", name=op.f("ck_toys_players_ordered")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_toys")),
        sa.UniqueConstraint("ref", name=op.f("uq_toys_ref")),
    )
    with op.batch_alter_table("toys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_toys_name"), ["name"], unique=False)

    op.create_table(
        "family_loan_limits",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("max_open_loans", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "max_open_loans BETWEEN 0 AND 50", name=op.f("ck_family_loan_limits_range")
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_family_loan_limits_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("family_id", name=op.f("pk_family_loan_limits")),
    )

    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("toy_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("lendable_note", sa.String(length=200), nullable=True),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "state IN ('available', 'on_loan', 'held', 'incomplete', 'cleaning', 'repair', 'retired')",
            name=op.f("ck_items_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_items_location_id_locations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["toy_id"], ["toys.id"], name=op.f("fk_items_toy_id_toys"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
        sa.UniqueConstraint("label", name=op.f("uq_items_label")),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_items_location_id"), ["location_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_items_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_items_toy_id"), ["toy_id"], unique=False)

    op.create_table(
        "toy_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("toy_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=120), nullable=False),
        sa.Column("expected_count", sa.Integer(), nullable=False),
        sa.CheckConstraint("expected_count >= 1", name=op.f("ck_toy_parts_count_positive")),
        sa.ForeignKeyConstraint(
            ["toy_id"], ["toys.id"], name=op.f("fk_toy_parts_toy_id_toys"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_toy_parts")),
        sa.UniqueConstraint("toy_id", "description", name=op.f("uq_toy_parts_toy_id")),
    )
    with op.batch_alter_table("toy_parts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_toy_parts_toy_id"), ["toy_id"], unique=False)

    op.create_table(
        "holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("toy_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("ready_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("pickup_by", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("closed_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("cancel_reason", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "status IN ('waiting', 'ready', 'collected', 'expired', 'cancelled')",
            name=op.f("ck_holds_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_holds_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_holds_item_id_items"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["toy_id"], ["toys.id"], name=op.f("fk_holds_toy_id_toys"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holds")),
    )
    with op.batch_alter_table("holds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_holds_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_holds_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_holds_toy_id"), ["toy_id"], unique=False)
        batch_op.create_index(
            "uq_holds_one_active_per_family_toy",
            ["family_id", "toy_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('waiting', 'ready')"),
            postgresql_where=sa.text("status IN ('waiting', 'ready')"),
        )
        batch_op.create_index(
            "uq_holds_one_ready_per_item",
            ["item_id"],
            unique=True,
            sqlite_where=sa.text("status = 'ready'"),
            postgresql_where=sa.text("status = 'ready'"),
        )

    op.create_table(
        "loans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("lent_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("returned_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("renewals", sa.Integer(), nullable=False),
        sa.Column("lent_by", sa.Integer(), nullable=True),
        sa.Column("returned_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("renewals >= 0", name=op.f("ck_loans_renewals_positive")),
        sa.CheckConstraint(
            "returned_at IS NOT NULL OR family_id IS NOT NULL",
            name=op.f("ck_loans_open_loan_has_family"),
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_loans_family_id_families"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_loans_item_id_items"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["lent_by"], ["users.id"], name=op.f("fk_loans_lent_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["returned_by"],
            ["users.id"],
            name=op.f("fk_loans_returned_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loans")),
    )
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loans_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_loans_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_loans_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            "uq_loans_one_open_per_item",
            ["item_id"],
            unique=True,
            sqlite_where=sa.text("returned_at IS NULL"),
            postgresql_where=sa.text("returned_at IS NULL"),
        )

    op.create_table(
        "desk_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("loan_id", sa.Integer(), nullable=True),
        sa.Column("previous_state", sa.String(length=20), nullable=False),
        sa.Column("hold_id", sa.Integer(), nullable=True),
        sa.Column("at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_desk_actions_actor_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["hold_id"],
            ["holds.id"],
            name=op.f("fk_desk_actions_hold_id_holds"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["items.id"],
            name=op.f("fk_desk_actions_item_id_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["loan_id"],
            ["loans.id"],
            name=op.f("fk_desk_actions_loan_id_loans"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_actions")),
    )
    with op.batch_alter_table("desk_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desk_actions_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_desk_actions_item_id"), ["item_id"], unique=False)

    op.create_table(
        "missing_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loan_id", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("found_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint("count >= 1", name=op.f("ck_missing_parts_count_positive")),
        sa.ForeignKeyConstraint(
            ["loan_id"],
            ["loans.id"],
            name=op.f("fk_missing_parts_loan_id_loans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["part_id"],
            ["toy_parts.id"],
            name=op.f("fk_missing_parts_part_id_toy_parts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missing_parts")),
        sa.UniqueConstraint("loan_id", "part_id", name=op.f("uq_missing_parts_loan_id")),
    )
    with op.batch_alter_table("missing_parts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_missing_parts_loan_id"), ["loan_id"], unique=False)


def downgrade() -> None:
    op.drop_table("missing_parts")
    op.drop_table("desk_actions")
    op.drop_table("loans")
    op.drop_table("holds")
    op.drop_table("toy_parts")
    op.drop_table("items")
    op.drop_table("family_loan_limits")
    op.drop_table("toys")
    op.drop_table("reminders_sent")
    op.drop_table("loan_policy")

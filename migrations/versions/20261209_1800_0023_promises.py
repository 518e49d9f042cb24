"""promises kept (issue 21): a reason with every family toy limit; pregnancy group enrolments
without a family card (first name and phone), an optional due month, and an explicit opt-in
to be contacted after a missed session

Revision ID: 0023_promises
Revises: 0022_welcome
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0023_promises"
down_revision = "0022_welcome"
branch_labels = None
depends_on = None

# Limits set before a reason was asked get this one; the family page says it in plain words
# (spelotheek/loans/terms.py: EARLIER_REASON).
EARLIER_REASON = "set earlier"


def upgrade() -> None:
    with op.batch_alter_table("family_loan_limits", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "reason", sa.String(length=200), nullable=False, server_default=EARLIER_REASON
            )
        )
        batch_op.add_column(
            sa.Column(
                "set_at",
                spelotheek.db.UTCDateTime(),
                nullable=False,
                server_default=sa.text("CURRENT_TIMESTAMP"),
            )
        )
    with op.batch_alter_table("family_loan_limits", schema=None) as batch_op:
        batch_op.alter_column("reason", server_default=None)
        batch_op.alter_column("set_at", server_default=None)
        batch_op.create_check_constraint(
            op.f("ck_family_loan_limits_reason_given"),
            sa.text("length(trim(reason)) BETWEEN 1 AND 200"),
        )

    # Existing enrolments are NOT opted in to being contacted (contact_ok_at stays NULL).
    with op.batch_alter_table("group_enrolments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_name", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("contact_ok_at", spelotheek.db.UTCDateTime(), nullable=True))
        batch_op.alter_column("due_year", existing_type=sa.INTEGER(), nullable=True)
        batch_op.alter_column("due_month", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_check_constraint(
            op.f("ck_group_enrolments_due_both_or_neither"),
            sa.text("(due_year IS NULL) = (due_month IS NULL)"),
        )
        batch_op.create_check_constraint(
            op.f("ck_group_enrolments_family_or_contact"),
            sa.text(
                "family_id IS NOT NULL OR unlinked_at IS NOT NULL "
                "OR (first_name IS NOT NULL AND phone IS NOT NULL)"
            ),
        )
        batch_op.create_index(
            "uq_group_enrolments_phone",
            ["group_id", "phone"],
            unique=True,
            sqlite_where=sa.text("withdrawn_at IS NULL AND phone IS NOT NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL AND phone IS NOT NULL"),
        )


def downgrade() -> None:
    op.execute("DELETE FROM group_enrolments WHERE due_year IS NULL")
    with op.batch_alter_table("group_enrolments", schema=None) as batch_op:
        batch_op.drop_index("uq_group_enrolments_phone")
        batch_op.drop_constraint(op.f("ck_group_enrolments_family_or_contact"), type_="check")
        batch_op.drop_constraint(op.f("ck_group_enrolments_due_both_or_neither"), type_="check")
        batch_op.alter_column("due_month", existing_type=sa.INTEGER(), nullable=False)
        batch_op.alter_column("due_year", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("contact_ok_at")
        batch_op.drop_column("language")
        batch_op.drop_column("phone")
        batch_op.drop_column("first_name")
    with op.batch_alter_table("family_loan_limits", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_family_loan_limits_reason_given"), type_="check")
        batch_op.drop_column("set_at")
        batch_op.drop_column("reason")

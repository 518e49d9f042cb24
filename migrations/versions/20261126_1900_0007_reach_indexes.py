"""indexes for reach statistics by period: loans and meeting scans by time, and by family and time

Measured on the bench's city dataset (issue 10): the reach dashboard read every loan of five
years three times; with these it reads the period's entries from an index that covers them
(time, family) and probes each family's first visit (family, time). The (family_id, time)
indexes replace the plain family_id ones (same prefix).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("loans") as batch_op:
        batch_op.drop_index("ix_loans_family_id")
        batch_op.create_index("ix_loans_lent_at_family_id", ["lent_at", "family_id"], unique=False)
        batch_op.create_index("ix_loans_family_id_lent_at", ["family_id", "lent_at"], unique=False)
    with op.batch_alter_table("meetup_card_scans") as batch_op:
        batch_op.drop_index("ix_meetup_card_scans_family_id")
        batch_op.create_index(
            "ix_meetup_card_scans_scanned_at_family_id", ["scanned_at", "family_id"], unique=False
        )
        batch_op.create_index(
            "ix_meetup_card_scans_family_id_scanned_at", ["family_id", "scanned_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("meetup_card_scans") as batch_op:
        batch_op.drop_index("ix_meetup_card_scans_family_id_scanned_at")
        batch_op.drop_index("ix_meetup_card_scans_scanned_at_family_id")
        batch_op.create_index("ix_meetup_card_scans_family_id", ["family_id"], unique=False)
    with op.batch_alter_table("loans") as batch_op:
        batch_op.drop_index("ix_loans_family_id_lent_at")
        batch_op.drop_index("ix_loans_lent_at_family_id")
        batch_op.create_index("ix_loans_family_id", ["family_id"], unique=False)

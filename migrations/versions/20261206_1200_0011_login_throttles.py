"""login throttles: tries at a secret, counted under a row lock before the secret is checked

Issue 18: the limits kept by Flask-Limiter were counted after the check, so 40 parallel wrong
PINs were all checked while the limit was 5. Here a try is counted first, in its own
transaction, per card or account (from one client, and from anywhere) and per address.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("window_started_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", spelotheek.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_login_throttles_attempts_not_negative")),
        sa.CheckConstraint("failures >= 0", name=op.f("ck_login_throttles_failures_not_negative")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttles")),
    )


def downgrade() -> None:
    op.drop_table("login_throttles")

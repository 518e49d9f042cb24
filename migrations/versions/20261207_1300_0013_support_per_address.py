"""topic supports: one anonymous support per internet address (keyed hash) and topic

Issue 24 item 13: clearing cookies counted an anonymous visitor again. The address is stored
only as an HMAC that also holds the topic (spelotheek/topics/rules.py address_hash).

Revision ID: 0013_support
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_support"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("topic_supports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_topic_supports_address", ["topic_id", "address_hash"])


def downgrade() -> None:
    with op.batch_alter_table("topic_supports", schema=None) as batch_op:
        batch_op.drop_constraint("uq_topic_supports_address", type_="unique")
        batch_op.drop_column("address_hash")

"""content translations: a {language: text} JSON next to each text staff write

Issue 24 item 10: meeting titles, descriptions, accessibility notes and session themes stayed
in one language on every page. Each such field gets `<field>_texts`; see spelotheek/content.py.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

FIELDS = {
    "meetup_series": (
        "title",
        "description",
        "audience",
        "what_to_expect",
        "what_to_bring",
        "accessibility",
    ),
    "meetup_occurrences": ("theme",),
    "locations": ("accessibility",),
    "group_template_steps": ("theme",),
    "group_sessions": ("theme",),
}


def upgrade() -> None:
    for table, fields in FIELDS.items():
        with op.batch_alter_table(table) as batch:
            for field in fields:
                batch.add_column(sa.Column(f"{field}_texts", sa.JSON(), nullable=True))


def downgrade() -> None:
    for table, fields in FIELDS.items():
        with op.batch_alter_table(table) as batch:
            for field in fields:
                batch.drop_column(f"{field}_texts")

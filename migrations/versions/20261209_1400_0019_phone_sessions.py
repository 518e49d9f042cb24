"""phones that stay logged in, one-time login links by text, family phones as E.164 (issue 21)

Revision ID: 0019_phone_sessions
Revises: 0018_channels
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0019_phone_sessions"
down_revision = "0018_channels"
branch_labels = None
depends_on = None


def _token_table(name: str, *extra: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        *extra,
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f(f"fk_{name}_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("token_hash", name=op.f(f"uq_{name}_token_hash")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f(f"ix_{name}_family_id"), ["family_id"], unique=False)


def _normalise_phones() -> None:
    """Existing numbers as E.164 where they can be read; the others stay as they were typed."""
    from spelotheek.phones import PhoneRefused, normalise_phone

    connection = op.get_bind()
    families = sa.table("families", sa.column("id", sa.Integer), sa.column("phone", sa.String))
    rows = connection.execute(
        sa.select(families.c.id, families.c.phone).where(families.c.phone.is_not(None))
    ).all()
    for family_id, phone in rows:
        try:
            e164 = normalise_phone(phone)
        except PhoneRefused:
            continue
        if e164 != phone:
            connection.execute(
                families.update().where(families.c.id == family_id).values(phone=e164)
            )


def upgrade() -> None:
    _token_table(
        "family_devices",
        sa.Column("last_seen_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("expires_at", spelotheek.db.UTCDateTime(), nullable=False),
    )
    _token_table(
        "login_links",
        sa.Column("expires_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("used_at", spelotheek.db.UTCDateTime(), nullable=True),
    )
    _normalise_phones()
    with op.batch_alter_table("families", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_families_phone"), ["phone"], unique=False)


def downgrade() -> None:
    # The numbers stay in E.164: every reader of the column accepts it.
    with op.batch_alter_table("families", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_families_phone"))
    for name in ("login_links", "family_devices"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{name}_family_id"))
            batch_op.drop_index(batch_op.f(f"ix_{name}_expires_at"))
        op.drop_table(name)

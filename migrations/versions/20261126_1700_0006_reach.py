"""reach tables: self-declared reach profiles and reference figures

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reach_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("home_language", sa.String(length=12), nullable=True),
        sa.Column("other_languages", sa.String(length=80), nullable=False),
        sa.Column("household", sa.String(length=12), nullable=True),
        sa.Column("usual_carer", sa.String(length=12), nullable=True),
        sa.Column("neighbourhood", sa.String(length=60), nullable=True),
        sa.Column("consent_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("consent_by", sa.String(length=10), nullable=False),
        sa.Column("consent_staff_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", spelotheek.db.UTCDateTime(), nullable=True),
        sa.Column("updated_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "consent_by = 'staff' OR consent_staff_id IS NULL",
            name=op.f("ck_reach_profiles_staff_only_for_staff"),
        ),
        sa.CheckConstraint(
            "consent_by IN ('family', 'staff')", name=op.f("ck_reach_profiles_consent_by_known")
        ),
        sa.CheckConstraint(
            "household IS NULL OR household IN ('one_adult', 'more_adults', 'declined')",
            name=op.f("ck_reach_profiles_household_known"),
        ),
        sa.CheckConstraint(
            "usual_carer IS NULL OR usual_carer IN ('mother', 'father', 'other', 'declined')",
            name=op.f("ck_reach_profiles_carer_known"),
        ),
        sa.CheckConstraint(
            "withdrawn_at IS NULL OR (home_language IS NULL AND other_languages = '' AND household IS NULL AND usual_carer IS NULL AND neighbourhood IS NULL)",
            name=op.f("ck_reach_profiles_withdrawn_is_empty"),
        ),
        sa.ForeignKeyConstraint(
            ["consent_staff_id"],
            ["users.id"],
            name=op.f("fk_reach_profiles_consent_staff_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_reach_profiles_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reach_profiles")),
        sa.UniqueConstraint("family_id", name=op.f("uq_reach_profiles_family_id")),
    )
    op.create_table(
        "reach_reference_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("dimension", sa.String(length=30), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("share_percent", sa.Double(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "share_percent >= 0 AND share_percent <= 100",
            name=op.f("ck_reach_reference_figures_share_range"),
        ),
        sa.CheckConstraint(
            "year BETWEEN 1990 AND 2200", name=op.f("ck_reach_reference_figures_year_plausible")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_reach_reference_figures_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reach_reference_figures")),
    )


def downgrade() -> None:
    op.drop_table("reach_reference_figures")
    op.drop_table("reach_profiles")

"""the signals bundle (issue 20): one kind of signal for the whole site

The topics' signals (topic_signals) become the network's signals, keeping their ids so that
topics.signal_id stays valid; statuses map new→open, handling→in_action, passed_on→passed_on,
resolved→solved; the count of occurrences becomes the barrier count; the note becomes the first
entry of the signal's dated history. Barriers get the signal they are grouped into; signals get
an action plan (signal_steps) and network meetings whose minutes append to the history.

On SQLite the table is renamed first (SQLite then points topics' foreign key at the new name)
and rebuilt under that name; dropping the old rows sets topics.signal_id to NULL through the
key's ON DELETE, so the links are read before and written back after. Downgrade turns the
signals back into topic signals (the latest history text as the note) and drops what the
topics never had: steps, history, meetings and the barriers' grouping.

Revision ID: 0016_signals
Revises: 0015_handovers
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

import spelotheek.db

revision = "0016_signals"
down_revision = "0015_handovers"
branch_labels = None
depends_on = None

BRUSSELS = ZoneInfo("Europe/Brussels")
TO_SIGNAL = {"new": "open", "handling": "in_action", "passed_on": "passed_on", "resolved": "solved"}
TO_TOPIC = {new: old for old, new in TO_SIGNAL.items()}

OLD = sa.table(
    "topic_signals",
    sa.column("id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("note", sa.String),
    sa.column("status", sa.String),
    sa.column("occurrences", sa.Integer),
    sa.column("created_at", spelotheek.db.UTCDateTime),
    sa.column("updated_at", spelotheek.db.UTCDateTime),
)
TOPICS = sa.table("topics", sa.column("id", sa.Integer), sa.column("signal_id", sa.Integer))
HISTORY = sa.table(
    "signal_history",
    sa.column("id", sa.Integer),
    sa.column("signal_id", sa.Integer),
    sa.column("at", spelotheek.db.UTCDateTime),
    sa.column("status", sa.String),
    sa.column("what_changed", sa.Text),
)


def _signals_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("title_texts", sa.JSON(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("outcome_texts", sa.JSON(), nullable=True),
        sa.Column("domain_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("authority", sa.String(length=160), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("barrier_count", sa.Integer(), nullable=False),
        sa.Column("first_seen_on", sa.Date(), nullable=False),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "level = 'local' OR authority <> ''", name=op.f("ck_signals_authority_named")
        ),
        sa.CheckConstraint("barrier_count >= 1", name=op.f("ck_signals_count_positive")),
        sa.CheckConstraint("level IN ('local', 'authority')", name=op.f("ck_signals_level_known")),
        sa.CheckConstraint(
            "status IN ('open', 'in_action', 'passed_on', 'solved')",
            name=op.f("ck_signals_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["domain_id"],
            ["network_domains.id"],
            name=op.f("fk_signals_domain_id_network_domains"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["network_organizations.id"],
            name=op.f("fk_signals_organization_id_network_organizations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signals")),
    )


def _new_signals(name: str) -> sa.TableClause:
    return sa.table(
        name,
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("outcome", sa.Text),
        sa.column("level", sa.String),
        sa.column("authority", sa.String),
        sa.column("status", sa.String),
        sa.column("barrier_count", sa.Integer),
        sa.column("first_seen_on", sa.Date),
        sa.column("created_at", spelotheek.db.UTCDateTime),
        sa.column("updated_at", spelotheek.db.UTCDateTime),
    )


def _links(bind) -> list[dict[str, int]]:
    rows = bind.execute(
        sa.select(TOPICS.c.id, TOPICS.c.signal_id).where(TOPICS.c.signal_id.is_not(None))
    )
    return [{"topic": row.id, "signal": row.signal_id} for row in rows]


def _restore(bind, links: list[dict[str, int]]) -> None:
    if links:
        bind.execute(
            TOPICS.update()
            .where(TOPICS.c.id == sa.bindparam("topic"))
            .values(signal_id=sa.bindparam("signal")),
            links,
        )


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table(
        "network_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("starts_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("ends_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("place", sa.String(length=160), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_network_meetings_ends_after_start")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_meetings")),
        sa.UniqueConstraint("uid", name=op.f("uq_network_meetings_uid")),
    )
    with op.batch_alter_table("network_meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_network_meetings_starts_at"), ["starts_at"], unique=False
        )

    links = _links(bind)
    old = bind.execute(sa.select(OLD).order_by(OLD.c.id)).all()
    if sqlite:
        op.rename_table("topic_signals", "signals")  # SQLite re-points topics' key by name
        source, target = "signals", "signals_rebuilt"
    else:
        source, target = "topic_signals", "signals"
    _signals_table(target)
    if old:
        bind.execute(
            _new_signals(target).insert(),
            [
                {
                    "id": row.id,
                    "title": row.title,
                    "outcome": "",
                    "level": "local",
                    "authority": "",
                    "status": TO_SIGNAL.get(row.status, "open"),
                    "barrier_count": max(row.occurrences, 1),
                    "first_seen_on": row.created_at.astimezone(BRUSSELS).date(),
                    "created_at": row.created_at,
                    "updated_at": row.updated_at,
                }
                for row in old
            ],
        )
    if sqlite:
        op.drop_table(source)  # sets topics.signal_id to NULL: restored below
        op.rename_table(target, "signals")
    else:
        op.drop_constraint("fk_topics_signal_id_topic_signals", "topics", type_="foreignkey")
        op.drop_table(source)
        op.create_foreign_key(
            "fk_topics_signal_id_signals",
            "topics",
            "signals",
            ["signal_id"],
            ["id"],
            ondelete="SET NULL",
        )
        bind.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('signals', 'id'), "
                "COALESCE((SELECT MAX(id) FROM signals), 0) + 1, false)"
            )
        )
    _restore(bind, links)
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signals_domain_id"), ["domain_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_signals_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_signals_status"), ["status"], unique=False)

    op.create_table(
        "signal_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.Column("owner", sa.String(length=160), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_signal_steps_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_steps")),
    )
    with op.batch_alter_table("signal_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signal_steps_signal_id"), ["signal_id"], unique=False)
    op.create_table(
        "signal_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("what_changed", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'in_action', 'passed_on', 'solved')",
            name=op.f("ck_signal_history_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["network_meetings.id"],
            name=op.f("fk_signal_history_meeting_id_network_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_signal_history_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_signal_history_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_history")),
    )
    with op.batch_alter_table("signal_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signal_history_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_signal_history_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_signal_history_signal_id"), ["signal_id"], unique=False
        )
    if old:
        # The note was where the signal stood: it becomes the first entry, dated when it was set.
        bind.execute(
            HISTORY.insert(),
            [
                {
                    "signal_id": row.id,
                    "at": row.updated_at,
                    "status": TO_SIGNAL.get(row.status, "open"),
                    "what_changed": row.note or "",
                }
                for row in old
            ],
        )

    with op.batch_alter_table("network_barriers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signal_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_network_barriers_signal_id"), ["signal_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_network_barriers_signal_id_signals"),
            "signals",
            ["signal_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    with op.batch_alter_table("network_barriers", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_network_barriers_signal_id_signals"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_network_barriers_signal_id"))
        batch_op.drop_column("signal_id")

    signals = _new_signals("signals")
    rows = bind.execute(sa.select(signals).order_by(signals.c.id)).all()
    latest: dict[int, str] = {}
    for entry in bind.execute(
        sa.select(HISTORY.c.signal_id, HISTORY.c.what_changed)
        .where(HISTORY.c.what_changed != "")
        .order_by(HISTORY.c.at, HISTORY.c.id)
    ):
        latest[entry.signal_id] = entry.what_changed[:500]
    links = _links(bind)
    op.drop_table("signal_history")
    op.drop_table("signal_steps")
    with op.batch_alter_table("network_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_meetings_starts_at"))
    op.drop_table("network_meetings")

    if sqlite:
        op.rename_table("signals", "topic_signals")  # topics' key follows the name
        source, target = "topic_signals", "topic_signals_rebuilt"
    else:
        source, target = "signals", "topic_signals"
    op.create_table(
        target,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("created_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", spelotheek.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('new', 'handling', 'passed_on', 'resolved')",
            name=op.f("ck_topic_signals_status_known"),
        ),
        sa.CheckConstraint("occurrences >= 1", name=op.f("ck_topic_signals_occurrences_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_signals")),
    )
    if rows:
        bind.execute(
            sa.table(
                target,
                sa.column("id", sa.Integer),
                sa.column("title", sa.String),
                sa.column("note", sa.String),
                sa.column("status", sa.String),
                sa.column("occurrences", sa.Integer),
                sa.column("created_at", spelotheek.db.UTCDateTime),
                sa.column("updated_at", spelotheek.db.UTCDateTime),
            ).insert(),
            [
                {
                    "id": row.id,
                    "title": row.title,
                    "note": latest.get(row.id, ""),
                    "status": TO_TOPIC.get(row.status, "new"),
                    "occurrences": row.barrier_count,
                    "created_at": row.created_at,
                    "updated_at": row.updated_at,
                }
                for row in rows
            ],
        )
    if sqlite:
        op.drop_table(source)
        op.rename_table(target, "topic_signals")
    else:
        op.drop_constraint("fk_topics_signal_id_signals", "topics", type_="foreignkey")
        op.drop_table(source)
        op.create_foreign_key(
            "fk_topics_signal_id_topic_signals",
            "topics",
            "topic_signals",
            ["signal_id"],
            ["id"],
            ondelete="SET NULL",
        )
        bind.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('topic_signals', 'id'), "
                "COALESCE((SELECT MAX(id) FROM topic_signals), 0) + 1, false)"
            )
        )
    _restore(bind, links)

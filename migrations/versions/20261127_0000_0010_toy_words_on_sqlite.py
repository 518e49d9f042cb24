"""toy words on SQLite: a full-text table with trigrams, kept by triggers

Measured on the bench's Flanders dataset (issue 10): on SQLite a catalogue word search read all
50,000 toys (LIKE '%word%' can use no index), 78 ms at p95 against 32 ms at city size. SQLite's
FTS5 trigram tokenizer indexes every three letters, so `words LIKE '%word%'` on this table finds
the matching toys from the index (words under three letters scan this table, still correct).
The table holds only what toys already hold; triggers keep it equal to them. PostgreSQL has
its trigram index from migration 0009 instead.

A later migration that rebuilds `toys` on SQLite (batch "move and copy") drops these triggers:
it must create them again.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# What a word is looked for in; the trigram tokenizer folds case itself (also beyond ASCII).
_TEXT = "{row}.name || ' ' || {row}.description || ' ' || {row}.tags"

_TRIGGERS = {
    "toy_words_added": "AFTER INSERT ON toys BEGIN "
    "INSERT INTO toy_words (rowid, words) VALUES (new.id, {new}); END",
    "toy_words_changed": "AFTER UPDATE OF name, description, tags ON toys BEGIN "
    "UPDATE toy_words SET words = {new} WHERE rowid = new.id; END",
    "toy_words_removed": "AFTER DELETE ON toys BEGIN "
    "DELETE FROM toy_words WHERE rowid = old.id; END",
}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    try:
        op.execute("CREATE VIRTUAL TABLE toy_words USING fts5 (words, tokenize = 'trigram')")
    except sa.exc.OperationalError as error:
        raise RuntimeError(
            "This SQLite has no FTS5 trigram tokenizer (SQLite 3.34 or newer with FTS5 is "
            "needed for the catalogue search); use a newer Python or PostgreSQL."
        ) from error
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body.format(new=_TEXT.format(row='new'))}")
    every = _TEXT.format(row="toys")  # fixed text, no input in it
    op.execute(f"INSERT INTO toy_words (rowid, words) SELECT id, {every} FROM toys")  # noqa: S608


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS toy_words")

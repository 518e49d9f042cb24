"""toy words on SQLite: a full-text table with trigrams, kept by triggers

Measured on the bench's Flanders dataset (issue 10): on SQLite a catalogue word search read all
50,000 toys (LIKE '%word%' can use no index), 78 ms at p95 against 32 ms at city size. SQLite's
FTS5 trigram tokenizer indexes every three letters: a word is a quoted phrase (MATCH) there,
found from the index alone; words under three letters are looked for with LIKE on this table.
The table holds only what toys already hold; triggers keep it equal to them. PostgreSQL has
its trigram index from migration 0009 instead.

SQLite 3.35 or newer is needed from here on: this needs FTS5's trigram tokenizer (3.34) and a
lend writes its loan with INSERT ... RETURNING (3.35).

A later migration that rebuilds `toys` on SQLite (batch "move and copy") drops these triggers:
it must create them again.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_TOO_OLD = (
    "Spelotheek needs SQLite 3.35 or newer with FTS5 (the catalogue search, lending); "
    "use a newer Python or PostgreSQL"
)

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
    if sqlite3.sqlite_version_info < (3, 35):
        raise RuntimeError(_TOO_OLD + f" (this one is {sqlite3.sqlite_version})")
    try:
        op.execute("CREATE VIRTUAL TABLE toy_words USING fts5 (words, tokenize = 'trigram')")
    except sa.exc.OperationalError as error:
        raise RuntimeError(_TOO_OLD + " (this one has no FTS5 trigram tokenizer)") from error
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body.format(new=_TEXT.format(row='new'))}")
    every = _TEXT.format(row="toys")  # fixed text, no input in it
    op.execute(f"INSERT INTO toy_words (rowid, words) SELECT id, {every} FROM toys")  # noqa: S608  (fixed text)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS toy_words")

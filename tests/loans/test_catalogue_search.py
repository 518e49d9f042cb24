"""Catalogue words: found in the name, the description or the tags, in any case; on
PostgreSQL the search is the very expression the trigram index of migration 0009 holds."""

from __future__ import annotations

from sqlalchemy import select, text

from spelotheek.loans import catalogue
from spelotheek.loans.models import Toy
from tests.loans.factories import make_toy


def test_a_word_is_found_in_name_description_or_tags_whatever_its_case(db) -> None:
    make_toy(db, "Houten Blokken", copies=0)
    make_toy(db, "Ganzenbord", description="Een spel met DOBBELSTENEN", copies=0)
    make_toy(db, "Xylofoon", tags="muziek,ritme", copies=0)
    db.flush()

    def names(words: str) -> list[str]:
        return [card.toy.name for card in catalogue.search(db, words=words)[0]]

    assert names("blokken") == ["Houten Blokken"]
    assert names("dobbelstenen") == ["Ganzenbord"]
    assert names("RITME") == ["Xylofoon"]
    assert names("houten blokken") == ["Houten Blokken"]  # every word must be found
    assert names("houten ritme") == []
    assert names("50%_") == []  # LIKE's own signs are only letters here


def test_on_postgresql_a_word_search_can_use_the_trigram_index(db) -> None:
    if db.get_bind().dialect.name != "postgresql":
        assert db.get_bind().dialect.name == "sqlite"  # SQLite has no index for LIKE '%w%'
        return
    make_toy(db, "Kralenplank", copies=0)
    db.flush()
    db.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: make the choice visible
    query = select(Toy.id).where(catalogue.SEARCHED.like("%kralen%"))
    plan = "\n".join(row[0] for row in db.execute(text("EXPLAIN " + _inline(db, query))))
    assert "ix_toys_search_trgm" in plan
    assert db.scalars(query).all() != []


def _inline(db, query) -> str:
    return str(query.compile(db.get_bind(), compile_kwargs={"literal_binds": True}))

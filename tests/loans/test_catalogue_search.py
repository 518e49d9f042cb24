"""Catalogue words: found in the name, the description or the tags, in any case; on
PostgreSQL the search is the very expression the trigram index of migration 0009 holds."""

from __future__ import annotations

import pytest
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
    assert names("ri") == ["Xylofoon"]  # too short for a trigram: found all the same
    assert names("xylo ri") == ["Xylofoon"]
    assert names('xylo"foon') == []  # a quote is a letter too, not search syntax


def test_on_postgresql_a_word_search_can_use_the_trigram_index(db) -> None:
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite has no index for LIKE '%w%': its trigram table is tested below")
    make_toy(db, "Kralenplank", copies=0)
    db.flush()
    db.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: make the choice visible
    query = select(Toy.id).where(catalogue.SEARCHED.like("%kralen%"))
    plan = "\n".join(row[0] for row in db.execute(text("EXPLAIN " + _inline(db, query))))
    assert "ix_toys_search_trgm" in plan
    assert db.scalars(query).all() != []


def _inline(db, query) -> str:
    return str(query.compile(db.get_bind(), compile_kwargs={"literal_binds": True}))


def test_a_changed_or_removed_toy_is_found_by_what_it_says_now(db) -> None:
    toy = make_toy(db, "Houten Blokken", copies=0)
    db.flush()
    toy.name, toy.tags = "Kralenplank", "fijne-motoriek"
    db.flush()

    def found(words: str) -> list[int]:
        return [card.toy.id for card in catalogue.search(db, words=words)[0]]

    assert found("blokken") == []
    assert found("kralen") == [toy.id]
    assert found("motoriek") == [toy.id]
    db.delete(toy)
    db.flush()
    assert found("kralen") == []


def test_on_sqlite_a_word_search_reads_the_trigram_table(db) -> None:
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL has no trigram table: its trigram index is tested above")
    make_toy(db, "Kralenplank", copies=0)
    db.flush()
    (condition,) = catalogue._with_words(db, ["kralen"])
    query = select(Toy.id).where(condition)
    plan = " ".join(row[-1] for row in db.execute(text("EXPLAIN QUERY PLAN " + _inline(db, query))))
    assert "VIRTUAL TABLE INDEX" in plan and "toy_words" in plan
    assert db.scalars(query).all() != []


def test_many_toys_found_are_paged_in_name_order_as_few_are(db, monkeypatch) -> None:
    for name in ("Puzzel C", "Puzzel A", "Blokken", "Puzzel B", "Puzzel D"):
        make_toy(db, name, copies=0)
    db.flush()

    def pages() -> list[list[str]]:
        return [
            [card.toy.name for card in catalogue.search(db, words="puz", page=n, per_page=2)[0]]
            for n in (1, 2, 3)
        ]

    assert pages() == [["Puzzel A", "Puzzel B"], ["Puzzel C", "Puzzel D"], []]
    monkeypatch.setattr(catalogue, "_READ_IN_NAME_ORDER_FROM", 3)  # now "many" are found
    assert pages() == [["Puzzel A", "Puzzel B"], ["Puzzel C", "Puzzel D"], []]
    if db.get_bind().dialect.name == "sqlite":
        (condition,) = catalogue._with_words(db, ["puz"], in_name_order=True)
        query = select(Toy.id).where(condition).order_by(Toy.name).limit(2)
        plan = " ".join(
            row[-1] for row in db.execute(text("EXPLAIN QUERY PLAN " + _inline(db, query)))
        )
        assert "INDEX ix_toys_name" in plan

"""The directory's pages issue the same number of SQL statements with 10 services as with 60
(loading options, not a statement per service)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from spelotheek.network.texts import refresh_search_text
from tests.factories import make_organization, make_right, make_service

BOOKKEEPING = ("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")
PATHS = (
    "/help",
    "/help/income",
    "/help/income?when=week&near=9000&free=1",
    "/help/search?q=spreekuur",
    "/help/search?q=spreekuur&when=now&language=nl&near=9000",
    "/help/income/print",
    "/help/rights/water-premium",
    "/help/services/{first}",
)


def _count(app, client, path: str) -> int:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(BOOKKEEPING):
            statements.append(statement)

    engine = app.extensions["engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def _grow(db, upto: int, made: list) -> None:
    organization = make_organization(db, name="Sociaal Huis")
    while len(made) < upto:
        service = make_service(
            db,
            name=f"Spreekuur {len(made):03d}",
            organization=organization,
            languages=["nl", "fr"],
            hours=((0, "09:00", "12:00"), (3, "13:00", "17:00")),
        )
        refresh_search_text(service)
        made.append(service)
    db.commit()


@pytest.mark.parametrize("path", PATHS)
def test_statements_do_not_grow_with_the_services(app, client, db, path) -> None:
    made: list = []
    _grow(db, 10, made)
    make_right(db, services=made[:5])
    db.commit()
    path = path.format(first=made[0].uuid)
    small = _count(app, client, path)
    _grow(db, 60, made)
    assert _count(app, client, path) == small
    assert small <= 12

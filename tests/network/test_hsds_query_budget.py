"""The HSDS lists issue the same small number of SQL statements for a page of 5 and of 50
(everything an object shows is loaded up front: no statement per service)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.factories import make_organization, make_service
from tests.network.hsds_fixtures import make_directory

BOOKKEEPING = ("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")
CEILING = 8
LISTS = [
    "/api/v1/hsds/services",
    "/api/v1/hsds/services?full=true",
    "/api/v1/hsds/services?search=dienst&taxonomy_term_id=x",
    "/api/v1/hsds/service_at_locations",
    "/api/v1/hsds/organizations",
    "/api/v1/hsds/organizations?full=true",
    "/api/v1/hsds/taxonomy_terms",
]


def _statements(app, url: str) -> int:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(BOOKKEEPING):
            seen.append(statement)

    engine = app.extensions["engine"]
    client = app.test_client()
    event.listen(engine, "before_cursor_execute", count)
    try:
        answer = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert answer.status_code == 200, url
    return len(seen)


@pytest.mark.parametrize("url", LISTS)
def test_a_page_of_50_costs_what_a_page_of_5_costs(app, db, url: str) -> None:
    make_directory(db)
    organizations = [make_organization(db, f"Partner {n}") for n in range(12)]
    for n in range(60):
        make_service(
            db,
            f"Dienst {n:02d}",
            domains=("income", "health"),
            organization=organizations[n % 12],
            hours=((0, "09:00", "12:00"), (2, "13:00", "17:00")),
            name_texts={"fr": f"Service {n}"},
        )
    db.commit()
    joiner = "&" if "?" in url else "?"
    small = _statements(app, f"{url}{joiner}per_page=5")
    large = _statements(app, f"{url}{joiner}per_page=50")
    assert 1 <= small == large <= CEILING, (small, large)

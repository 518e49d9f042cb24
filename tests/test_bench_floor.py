"""The bench's floor endpoint answers as the bench expects (a broken floor made every lend/floor
ratio meaningless: JSON to a non-API path has been refused with 415 since the input guard)."""

from __future__ import annotations

import pytest

from bench import floor
from tests.factories import make_family


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"BENCH_FLOOR": True}


@pytest.mark.own_app
def test_the_floor_finds_the_card_and_writes(app, db) -> None:
    floor.register(app)
    _family, code = make_family(db, "Floor")
    db.commit()
    client = app.test_client()
    found = client.post("/api/bench/floor", json={"card": code})
    assert found.status_code == 201 and found.get_json()["family"] == _family.id
    assert client.post("/api/bench/floor", json={"card": "NOPE"}).status_code == 404


def test_a_normal_app_has_no_floor(client) -> None:
    assert client.post("/api/bench/floor", json={"card": "X"}).status_code == 404

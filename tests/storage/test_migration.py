"""Migration 0024: a single box that kept entrance photos in places/<id>/ keeps showing them."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, text

from spelotheek.migrate import alembic_config

BEFORE, AFTER = "0023_promises", "0024_storage"


def test_the_upgrade_records_the_entrance_photos_of_the_local_folder(tmp_path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    command.upgrade(alembic_config(url), BEFORE)
    engine = create_engine(url)
    with engine.begin() as connection:
        for ident in (1, 2):
            connection.execute(
                text(
                    "INSERT INTO locations (id, name, address, postcode, city, accessibility,"
                    " created_at) VALUES (:id, :name, 'Kaai 4', '9000', 'Gent', '',"
                    " '2026-01-01 10:00:00')"
                ),
                {"id": ident, "name": f"Plek {ident}"},
            )
    door = "ab" * 16
    folder = tmp_path / "uploads" / "places" / "1"
    folder.mkdir(parents=True)
    for size in ("large", "thumb"):
        (folder / f"{door}-{size}.jpg").write_bytes(b"jpeg")
    (tmp_path / "uploads" / "places" / "2").mkdir()  # an emptied folder: no photo
    monkeypatch.setenv("LOANS_UPLOAD_DIR", str(tmp_path / "uploads"))

    command.upgrade(alembic_config(url), AFTER)
    with engine.begin() as connection:
        rows = connection.execute(text("SELECT id, entrance_photo FROM locations ORDER BY id"))
        assert [tuple(row) for row in rows] == [(1, door), (2, None)]
    command.downgrade(alembic_config(url), BEFORE)
    assert folder.is_dir() and len(list(folder.iterdir())) == 2  # the files are never touched
    engine.dispose()

"""`spelotheek storage copy-local`: an install that kept photos in a folder keeps them, on one
box (the entrance photos are recorded on their locations) and when it moves into a bucket."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from spelotheek.cli import main
from spelotheek.loans import photos
from spelotheek.places import entrance
from spelotheek.storage import LocalStore, S3Store, current
from tests.conftest import free_port
from tests.places.test_views import make_place
from tests.storage.conftest import KEYS, new_bucket


@pytest.fixture
def app_settings(tmp_path):
    """A single box with a local folder (the bucket comes in during the test)."""
    return {"LOANS_UPLOAD_DIR": str(tmp_path / "uploads")}


def test_copy_local_moves_an_install_into_a_bucket(app, db, tmp_path, s3_endpoint) -> None:
    place = make_place(db)
    db.commit()
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "red").save(buffer, format="JPEG")
    local = LocalStore(tmp_path / "uploads")
    toy_photo = photos.store(local, photos.TOYS, buffer.getvalue())
    door = photos.store(local, entrance.prefix(place.id), buffer.getvalue())
    runner = app.test_cli_runner()

    single_box = runner.invoke(main, ["storage", "copy-local"])
    assert single_box.exit_code == 0, single_box.output
    assert "Entrance photos recorded: 1" in single_box.output
    db.rollback()
    assert entrance.current(db, place.id) == door

    app.config.update(STORAGE_S3_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}", **KEYS)
    app.config["STORAGE_S3_BUCKET"] = "photos"
    down = runner.invoke(main, ["storage", "copy-local"])
    assert down.exit_code == 1 and "cannot be reached" in down.output

    app.config.update(
        STORAGE_S3_ENDPOINT_URL=s3_endpoint, STORAGE_S3_BUCKET=new_bucket(s3_endpoint)
    )
    for _ in range(2):  # safe to run again
        copied = runner.invoke(main, ["storage", "copy-local"])
        assert copied.exit_code == 0, copied.output
        assert "Files copied into the bucket: 4" in copied.output
    with app.app_context():
        bucket = current()
        assert isinstance(bucket, S3Store)
        for prefix, name in ((photos.TOYS, toy_photo), (entrance.prefix(place.id), door)):
            for size in photos.SIZES:
                assert bucket.get(photos.key(prefix, name, size)) == local.get(
                    photos.key(prefix, name, size)
                )

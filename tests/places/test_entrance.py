"""Entrance photos: kept in the storage in the folder layout of before, named on the location."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from spelotheek.audit import AuditEvent
from spelotheek.domain_errors import NotFound
from spelotheek.loans import photos
from spelotheek.loans.photos import PhotoRefused
from spelotheek.places import entrance
from spelotheek.storage import LocalStore
from tests.factories import make_user
from tests.places.test_views import make_place


def jpeg(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_the_local_store_keeps_the_folder_layout_of_before(tmp_path) -> None:
    name = photos.store(LocalStore(tmp_path), entrance.prefix(1), jpeg())
    assert sorted(p.name for p in (tmp_path / "places" / "1").iterdir()) == [
        f"{name}-large.jpg",
        f"{name}-thumb.jpg",
    ]
    photos.remove(LocalStore(tmp_path), entrance.prefix(1), name)
    assert list((tmp_path / "places" / "1").iterdir()) == []


def test_something_that_is_not_a_photo_is_refused_and_nothing_is_kept(tmp_path) -> None:
    with pytest.raises(PhotoRefused):
        photos.store(LocalStore(tmp_path), entrance.prefix(1), b"%PDF-1.4 not a photo")
    assert not any(tmp_path.rglob("*"))


def test_the_stored_photo_carries_no_metadata(tmp_path) -> None:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    Image.new("RGB", (800, 600), "green").save(buffer, format="JPEG", exif=exif)
    name = photos.store(LocalStore(tmp_path), entrance.prefix(1), buffer.getvalue())
    with Image.open(tmp_path / "places" / "1" / f"{name}-large.jpg") as stored:
        assert not stored.getexif()


def test_recording_a_photo_answers_the_one_it_replaces_and_is_audited(db) -> None:
    place = make_place(db)
    staff = make_user(db, role="staff")
    assert entrance.current(db, place.id) is None
    assert entrance.record(db, staff.id, place.id, "a" * 32) is None
    assert entrance.record(db, staff.id, place.id, "b" * 32) == "a" * 32
    assert entrance.current(db, place.id) == "b" * 32
    assert entrance.record(db, staff.id, place.id, None) == "b" * 32
    assert entrance.current(db, place.id) is None
    events = db.execute(select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.subject_id))
    assert [tuple(e) for e in events] == [
        ("location_entrance_photo_changed", staff.id, place.id),
        ("location_entrance_photo_changed", staff.id, place.id),
        ("location_entrance_photo_removed", staff.id, place.id),
    ]
    with pytest.raises(NotFound):
        entrance.record(db, None, place.id + 1, "c" * 32)


def test_photos_kept_the_old_way_are_found_and_recorded_once(db, tmp_path) -> None:
    first, second = make_place(db, "A"), make_place(db, "B")
    entrance.record(db, None, second.id, "e" * 32)
    for location_id, name in ((first.id, "c" * 32), (second.id, "d" * 32), (999, "f" * 32)):
        folder = tmp_path / "places" / str(location_id)
        folder.mkdir(parents=True)
        (folder / f"{name}-large.jpg").write_bytes(jpeg())
    (tmp_path / "places" / "not-a-place").mkdir()
    found = entrance.found_in(tmp_path)
    assert found == {first.id: "c" * 32, second.id: "d" * 32, 999: "f" * 32}
    assert entrance.record_found(db, found) == 1  # the second location keeps its own
    assert entrance.current(db, first.id) == "c" * 32
    assert entrance.current(db, second.id) == "e" * 32
    assert entrance.record_found(db, found) == 0

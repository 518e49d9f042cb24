"""Entrance photos on disk: one per location, replaced and removed without leftovers."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from spelotheek.loans.photos import PhotoRefused
from spelotheek.places import entrance


def jpeg(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_a_location_has_no_photo_until_one_is_stored(tmp_path) -> None:
    assert entrance.current(tmp_path, 1) is None
    name = entrance.replace(tmp_path, 1, jpeg())
    assert entrance.current(tmp_path, 1) == name
    assert entrance.current(tmp_path, 2) is None
    assert sorted(p.name for p in (tmp_path / "1").iterdir()) == [
        f"{name}-large.jpg",
        f"{name}-thumb.jpg",
    ]


def test_a_new_photo_replaces_the_old_one(tmp_path) -> None:
    first = entrance.replace(tmp_path, 1, jpeg("red"))
    second = entrance.replace(tmp_path, 1, jpeg("blue"))
    assert first != second
    assert entrance.current(tmp_path, 1) == second
    assert len(list((tmp_path / "1").iterdir())) == 2


def test_removing_leaves_no_files(tmp_path) -> None:
    entrance.replace(tmp_path, 1, jpeg())
    assert entrance.remove(tmp_path, 1) is True
    assert list((tmp_path / "1").iterdir()) == []
    assert entrance.remove(tmp_path, 1) is False


def test_something_that_is_not_a_photo_is_refused_and_nothing_is_kept(tmp_path) -> None:
    with pytest.raises(PhotoRefused):
        entrance.replace(tmp_path, 1, b"%PDF-1.4 not a photo")
    assert entrance.current(tmp_path, 1) is None


def test_the_stored_photo_carries_no_metadata(tmp_path) -> None:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    Image.new("RGB", (800, 600), "green").save(buffer, format="JPEG", exif=exif)
    name = entrance.replace(tmp_path, 1, buffer.getvalue())
    with Image.open(tmp_path / "1" / f"{name}-large.jpg") as stored:
        assert not stored.getexif()

"""The entrance photo of a location: one per location, kept as files next to the toy photos.

A folder per location holds at most one photo (in every size that `loans.photos` makes);
uploading a new one replaces it, so no table is needed and nothing points at a lost file.
"""

from __future__ import annotations

from pathlib import Path

from spelotheek.loans import photos


def photo_base() -> Path:
    """Where entrance photos are kept: next to the toy photos, in their own folder."""
    return photos.upload_folder().parent / "places"


def folder_for(base: Path, location_id: int) -> Path:
    """The folder that holds this location's entrance photo."""
    return base / str(location_id)


def current(base: Path, location_id: int) -> str | None:
    """The name of the location's entrance photo, or None when there is none."""
    folder = folder_for(base, location_id)
    if not folder.is_dir():
        return None
    names = sorted(p.name.removesuffix("-large.jpg") for p in folder.glob("*-large.jpg"))
    names = [n for n in names if photos.NAME.match(n)]
    return names[0] if names else None


def replace(base: Path, location_id: int, data: bytes) -> str:
    """Store a new entrance photo and drop the old one; answers the new name.

    Raises photos.PhotoRefused when the file is too large or not a picture.
    """
    old = current(base, location_id)
    name = photos.store(folder_for(base, location_id), data)
    photos.remove(folder_for(base, location_id), old)
    return name


def remove(base: Path, location_id: int) -> bool:
    """Delete the location's entrance photo; True when there was one."""
    name = current(base, location_id)
    photos.remove(folder_for(base, location_id), name)
    return name is not None

"""Toy photos: re-encoded with Pillow (no metadata survives), a name the server chooses, thumbs,
kept in the storage (spelotheek/storage.py) under a key prefix."""

from __future__ import annotations

import io
import logging
import re
import secrets

from flask import Response, abort, send_file
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from spelotheek.loans.rules import LoanRefused
from spelotheek.storage import StorageUnavailable, Store
from spelotheek.storage import current as current_storage

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
SIZES = {"large": 1200, "thumb": 320}
NAME = re.compile(r"^[0-9a-f]{32}$")


class PhotoRefused(LoanRefused):
    """The upload is not a photo we can use."""

    code = "invalid_photo"


class PhotoNotStored(PhotoRefused):
    """The photo could not be stored now: the photo storage is unreachable."""

    code = "photo_storage_unavailable"
    status = 503

    def __init__(self) -> None:
        super().__init__(UNREACHABLE)


UNREACHABLE = _l(
    "The photo could not be saved: the photo storage cannot be reached just now. "
    "Nothing was changed. Please try again in a few minutes."
)


def encode(data: bytes) -> dict[str, bytes]:
    """The photo in every size as JPEG without metadata, by size.

    Raises PhotoRefused when the file is too large or not a picture.
    """
    if len(data) > MAX_BYTES:
        raise PhotoRefused(_l("The photo is too large. Please use a photo under 5 MB."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in {"JPEG", "PNG", "WEBP", "GIF"}:
                raise PhotoRefused(_l("Please send a photo (JPEG, PNG or WebP)."))
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoRefused(_l("The photo is too large. Please use a smaller photo."))
            probe.load()
            picture = ImageOps.exif_transpose(probe).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise PhotoRefused(_l("Please send a photo (JPEG, PNG or WebP).")) from None
    encoded = {}
    for size, longest in SIZES.items():
        copy = picture.copy()
        copy.thumbnail((longest, longest))
        # A fresh image from the pixels only: EXIF, GPS, ICC and comments do not come along.
        clean = Image.new("RGB", copy.size)
        clean.paste(copy)
        buffer = io.BytesIO()
        clean.save(buffer, format="JPEG", quality=82, optimize=True)
        encoded[size] = buffer.getvalue()
    return encoded


def store(storage: Store, prefix: str, data: bytes) -> str:
    """Save a photo in every size under `prefix`; answers the new name (never used before).

    Raises PhotoRefused when the file is too large or not a picture, PhotoNotStored when the
    storage cannot be reached (then no size of it is kept).
    """
    encoded = encode(data)
    name = secrets.token_hex(16)
    try:
        for size, jpeg in encoded.items():
            storage.put(key(prefix, name, size), jpeg, "image/jpeg")
    except StorageUnavailable as error:
        remove(storage, prefix, name)
        log.warning("photo not stored: %s", error)
        raise PhotoNotStored() from error
    return name


def remove(storage: Store, prefix: str, name: str | None) -> None:
    """Delete a photo in every size; best effort (a store that is down keeps a stray file,
    never a toy or place that points at a missing one)."""
    if not name or not NAME.match(name):
        return
    for size in SIZES:
        try:
            storage.delete(key(prefix, name, size))
        except StorageUnavailable as error:
            log.warning("photo not deleted: %s", error)
            return


def read(storage: Store, prefix: str, name: str, size: str) -> bytes | None:
    """The stored JPEG, or None when the name or size is not ours or nothing is stored.

    Raises StorageUnavailable when the storage cannot be reached.
    """
    if filename(name, size) is None:
        return None
    return storage.get(key(prefix, name, size))


def key(prefix: str, name: str, size: str) -> str:
    """The storage key of one size of a photo: the local file layout of before."""
    return f"{prefix}/{name}-{size}.jpg"


def filename(name: str, size: str) -> str | None:
    """The stored file for a photo name and size, or None when either is not ours."""
    if not NAME.match(name) or size not in SIZES:
        return None
    return f"{name}-{size}.jpg"


def response(prefix: str, name: str, size: str) -> Response:
    """A stored photo as a JPEG a browser keeps for a day (names are never reused); 404 when
    there is none, 503 when the storage cannot be reached."""
    from spelotheek.errors import error_response

    try:
        data = read(current_storage(), prefix, name, size)
    except StorageUnavailable as error:
        log.warning("photo not served: %s", error)
        return error_response(503, str(_l("This photo cannot be shown just now.")))
    if data is None:
        abort(404)
    return send_file(io.BytesIO(data), mimetype="image/jpeg", max_age=86400, etag=f"{name}-{size}")


TOYS = "toys"  # the key prefix of toy photos (the folder instance/uploads/toys of before)

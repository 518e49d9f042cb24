"""Toy photos: re-encoded with Pillow (no metadata survives), a name the server chooses, thumbs."""

from __future__ import annotations

import io
import re
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from spelotheek.loans.rules import LoanRefused

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
SIZES = {"large": 1200, "thumb": 320}
NAME = re.compile(r"^[0-9a-f]{32}$")


class PhotoRefused(LoanRefused):
    """The upload is not a photo we can use."""

    code = "invalid_photo"


def store(folder: Path, data: bytes) -> str:
    """Save a photo in every size as JPEG without metadata; answers the new name.

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
    name = secrets.token_hex(16)
    folder.mkdir(parents=True, exist_ok=True)
    for size, longest in SIZES.items():
        copy = picture.copy()
        copy.thumbnail((longest, longest))
        # A fresh image from the pixels only: EXIF, GPS, ICC and comments do not come along.
        clean = Image.new("RGB", copy.size)
        clean.paste(copy)
        clean.save(folder / f"{name}-{size}.jpg", format="JPEG", quality=82, optimize=True)
    return name


def remove(folder: Path, name: str | None) -> None:
    """Delete a photo in every size (when a toy gets a new one)."""
    if not name or not NAME.match(name):
        return
    for size in SIZES:
        (folder / f"{name}-{size}.jpg").unlink(missing_ok=True)


def filename(name: str, size: str) -> str | None:
    """The stored file for a photo name and size, or None when either is not ours."""
    if not NAME.match(name) or size not in SIZES:
        return None
    return f"{name}-{size}.jpg"


def upload_folder() -> Path:
    """Where toy photos are kept (instance/uploads/toys unless configured)."""
    configured = current_app.config["LOANS_UPLOAD_DIR"]
    base = Path(configured) if configured else Path(current_app.instance_path) / "uploads"
    return base / "toys"

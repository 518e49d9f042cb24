"""Pictures of the family card: the QR code (the login link, token in its fragment) and a card
image for a phone."""

from __future__ import annotations

import base64
import functools
import io
import os
import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from spelotheek.families import cardcode
from spelotheek.hosts import external_url
from spelotheek.qr import make_qr


def qr_text(code: str) -> str:
    """What the card's QR code says: the card login page (BASE_URL) with the code as fragment.

    A phone's camera opens it; the browser keeps the fragment to itself, so the code reaches
    no server log, history entry or Referer. The desk reads the fragment (cardcode.from_scan).
    """
    return cardcode.card_link(external_url("families_portal.card_login"), code)


def qr_png(text: str, box_size: int = 10) -> bytes:
    """A QR code as PNG bytes (for a card: of its qr_text)."""
    qr = make_qr(text, box_size)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


# Fonts that draw names in many scripts (Latin with accents, Turkish, Arabic, Cyrillic), in the
# places systems keep them; Pillow's own font (basic Latin only) comes last. The first that has
# every letter of a name draws it.
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian, Ubuntu (fonts-dejavu-core)
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",  # Fedora, Alpine
    "/usr/share/fonts/TTF/DejaVuSans.ttf",  # Arch
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",  # macOS
    "C:/Windows/Fonts/arial.ttf",
)
NAME_SIZE, SMALLEST_NAME_SIZE, NAME_WIDTH = 34, 18, 390


@dataclass(frozen=True)
class CardPicture:
    """The PNG of a card, and whether the name asked for is on it."""

    png: bytes
    name_shown: bool


@functools.lru_cache(maxsize=64)
def _font(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size)


@functools.lru_cache(maxsize=16)
def _missing_glyph(path: str | None) -> bytes:
    # A noncharacter no font maps: what this font draws for a letter it does not have.
    return bytes(_font(path, NAME_SIZE).getmask("\uffff"))


def _draws(path: str | None, text: str) -> bool:
    font = _font(path, NAME_SIZE)
    missing = _missing_glyph(path)
    return all(
        bytes(font.getmask(ch)) != missing
        for ch in set(text)
        if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Mn", "Me")
    )


def name_font(name: str) -> str | None:
    """The first font file that has every letter of the name ("" for Pillow's own), or None."""
    for path in (*(p for p in FONT_FILES if os.path.exists(p)), None):
        try:
            if _draws(path, name):
                return path or ""
        except OSError:  # an unreadable font file: try the next one
            continue
    return None


def _fitted(path: str | None, name: str, draw: ImageDraw.ImageDraw):
    """The largest size at which the name fits next to the QR code (cut with … if need be)."""
    size = NAME_SIZE
    while size > SMALLEST_NAME_SIZE and draw.textlength(name, font=_font(path, size)) > NAME_WIDTH:
        size -= 2
    font = _font(path, size)
    while len(name) > 1 and draw.textlength(name, font=font) > NAME_WIDTH:
        name = name[:-2].rstrip() + "…"
    return font, name


def card_picture(
    code: str, site_name: str, display_name: str | None = None, qr: str | None = None
) -> CardPicture:
    """A credit-card-shaped image (85.6 × 54 mm at 10 px/mm) to keep on a phone; its QR code
    says `qr` (the card's qr_text; the bare code when not given), the code is printed under it.

    The name is drawn in a font that has all its letters; when none has, the picture says
    `name_shown=False` so the page can tell the desk instead of leaving it off in silence.
    """
    width, height = 856, 540
    card = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle((2, 2, width - 3, height - 3), radius=30, outline="#1d4e89", width=4)
    draw.rectangle((2, 2, width - 3, 90), fill="#1d4e89")
    draw.text((32, 22), site_name, fill="white", font=_font(name_font(site_name) or None, 44))
    qr_image = Image.open(io.BytesIO(qr_png(qr or code, box_size=8))).convert("RGB")
    qr_image = qr_image.resize((400, 400), Image.Resampling.NEAREST)
    card.paste(qr_image, (20, 110))
    name = (display_name or "").strip()
    path = name_font(name) if name else None
    if path is not None:
        font, shown = _fitted(path or None, name, draw)
        draw.text((440, 150), shown, fill="black", font=font)
    code_font = _font(None, 26)
    formatted = cardcode.format_code(code)
    draw.text((440, 400), formatted[:14], fill="black", font=code_font)
    draw.text((440, 440), formatted[15:], fill="black", font=code_font)
    buffer = io.BytesIO()
    card.save(buffer, format="PNG", optimize=True)
    return CardPicture(buffer.getvalue(), name_shown=not name or path is not None)


def data_uri(png: bytes) -> str:
    """A data: URI for an inline image (allowed by the CSP's img-src)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

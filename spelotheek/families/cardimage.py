"""Pictures of the family card: the QR code (token only) and a card image for a phone."""

from __future__ import annotations

import base64
import io

from PIL import Image, ImageDraw, ImageFont

from spelotheek.families import cardcode
from spelotheek.qr import make_qr


def qr_png(code: str, box_size: int = 10) -> bytes:
    """The QR code of a card code as PNG bytes."""
    qr = make_qr(code, box_size)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def card_png(code: str, site_name: str, display_name: str | None = None) -> bytes:
    """A credit-card-shaped image (85.6 × 54 mm at 10 px/mm) to keep on a phone."""
    width, height = 856, 540
    card = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle((2, 2, width - 3, height - 3), radius=30, outline="#1d4e89", width=4)
    draw.rectangle((2, 2, width - 3, 90), fill="#1d4e89")
    title_font = ImageFont.load_default(size=44)
    text_font = ImageFont.load_default(size=34)
    code_font = ImageFont.load_default(size=26)
    draw.text((32, 22), site_name, fill="white", font=title_font)
    qr = Image.open(io.BytesIO(qr_png(code, box_size=8))).convert("RGB")
    qr = qr.resize((400, 400), Image.Resampling.NEAREST)
    card.paste(qr, (20, 110))
    if display_name and display_name.isascii():
        draw.text((440, 150), display_name[:24], fill="black", font=text_font)
    formatted = cardcode.format_code(code)
    draw.text((440, 400), formatted[:14], fill="black", font=code_font)
    draw.text((440, 440), formatted[15:], fill="black", font=code_font)
    buffer = io.BytesIO()
    card.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def data_uri(png: bytes) -> str:
    """A data: URI for an inline image (allowed by the CSP's img-src)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

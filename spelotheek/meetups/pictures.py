"""QR codes for meetup pages: the calendar page or a webcal link (public URLs only)."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.svg import SvgPathImage


def qr_svg(url: str) -> str:
    """The QR code of a public URL as inline SVG (sharp on a printed poster)."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    qr.add_data(url)
    qr.make(fit=True)
    svg = qr.make_image(image_factory=SvgPathImage).to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :]
    # Size comes from CSS (.qr svg); drop the fixed millimetres so it scales.
    return svg.replace('width="', 'data-w="', 1).replace('height="', 'data-h="', 1)

"""QR codes as inline SVG: one place for the card, labels, two-step login and meetup posters."""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.svg import SvgPathImage


def make_qr(data: str, box_size: int = 10) -> qrcode.QRCode:
    """A QR code of the data alone (no name, no extra text)."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    return qr


def qr_svg(data: str, scalable: bool = False) -> str:
    """The QR code as an SVG element; `scalable` drops the fixed size so CSS decides it."""
    svg = make_qr(data).make_image(image_factory=SvgPathImage).to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :]  # no XML declaration: this goes inline in HTML
    if scalable:
        svg = svg.replace('width="', 'data-w="', 1).replace('height="', 'data-h="', 1)
    return svg


@lru_cache(maxsize=1024)
def label_qr(label: str) -> str:
    """A copy's label code as a QR code, kept: a sheet of 200 labels took half a second to draw.

    Only label codes are kept here: they are printed on the toys and say nothing of a person.
    """
    return qr_svg(label)

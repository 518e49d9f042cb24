"""QR codes for meetup pages: the calendar page or a webcal link (public URLs only)."""

from __future__ import annotations

from spelotheek.qr import qr_svg as _qr_svg


def qr_svg(url: str) -> str:
    """The QR code of a public URL, sized by CSS (sharp on a printed poster)."""
    return _qr_svg(url, scalable=True)

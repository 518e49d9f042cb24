"""Compressed responses (Flask-Compress), so pages stay light on an old phone with little data.

Style sheets, scripts and pictograms are always compressed. Pages and JSON are compressed only
for visitors who are not logged in: a logged-in page carries personal data next to text an
outsider can put in the address (a search word), and compressing both together opens the door
to BREACH-style guessing. Anonymous pages carry no personal data; their only secret is the
CSRF token, which Flask-WTF signs with a timestamp, so it changes every second.
"""

from __future__ import annotations

from flask import Flask, Response
from flask_compress import Compress
from flask_login import current_user

compress = Compress()

PRIVATE_TYPES = frozenset({"text/html", "application/json"})
SETTINGS = {
    "COMPRESS_REGISTER": False,  # our own after_request decides (see below)
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["br", "gzip"],
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
        "text/calendar",
    ],
}


def init_app(app: Flask) -> None:
    """Compress text responses the visitor's browser can unpack."""
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    compress.init_app(app)

    @app.after_request
    def _compress(response: Response) -> Response:
        if response.mimetype in PRIVATE_TYPES and current_user.is_authenticated:
            return response
        original = response.response
        compressed = compress.after_request(response)
        # Flask-Compress swaps in the compressed bytes but leaves a static file's handle open.
        if compressed.response is not original and hasattr(original, "close"):
            original.close()
        return compressed

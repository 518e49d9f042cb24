"""Parent-led topics: pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("topics", __name__)

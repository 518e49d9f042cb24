"""Open meeting moments: pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("meetups", __name__)

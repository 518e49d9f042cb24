"""The network's pages: the public directory ("Waar kan ik terecht?"), the rights check, and
the pages where partners and the coordinator keep the directory true."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("network", __name__)

from spelotheek.network.views import check, manage, public, slip  # noqa: E402, F401  (add routes to bp)

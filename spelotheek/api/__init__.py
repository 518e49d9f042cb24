"""The JSON API (/api/v1): its shared blueprint lives in common.py, each feature adds its api.py."""

from __future__ import annotations

from flask import current_app, jsonify

from spelotheek.api import openapi
from spelotheek.api.common import bp
from spelotheek.auth.access import allow
from spelotheek.auth.roles import EVERYONE


@bp.get("/openapi.json")
@allow(EVERYONE)
def openapi_document():
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi.document(current_app.config["SITE_NAME"]))

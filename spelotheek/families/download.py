"""A JSON file download for a family's own data."""

from __future__ import annotations

import json
from typing import Any

from flask import Response


def json_download(data: dict[str, Any], filename: str) -> Response:
    """The data as a pretty JSON attachment (readable in any text editor)."""
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )

"""The directory in HSDS 3.0 under /api/v1/hsds/ (HSDA read endpoints, with its paging)."""

from __future__ import annotations

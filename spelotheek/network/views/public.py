"""The public directory: life domains, services, rights, printable overviews."""

from __future__ import annotations

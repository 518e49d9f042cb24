"""The rights check: one question a screen, the rights that may be yours, kept if wished."""

from __future__ import annotations

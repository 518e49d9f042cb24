"""The toy library: command-line commands (on the shared `spelotheek` group)."""

from __future__ import annotations

from spelotheek.cli import main  # noqa: F401  (commands are added with @main.command)

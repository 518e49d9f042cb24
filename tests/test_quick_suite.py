"""Habits that made the suite minutes slower stay out of it (docs/DEVELOPING.md, Tests)."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent
# context.route / page.route: Playwright turns the browser's cache off while a route is set.
ROUTING = re.compile(r"\.route\(")
# A full collection in a test costs more the longer the run has gone on (the heap grows).
COLLECTING = re.compile(r"\bgc\.collect\(")


def _offending(pattern: re.Pattern[str], files: list[Path]) -> list[str]:
    return [
        f"{path.relative_to(TESTS)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]


def test_browser_tests_keep_the_browser_cache() -> None:
    assert not _offending(ROUTING, sorted((TESTS / "browser").glob("*.py")))


def test_no_test_collects_the_whole_heap() -> None:
    files = [p for p in sorted(TESTS.rglob("*.py")) if p != TESTS / "conftest.py"]
    files.remove(Path(__file__))
    assert not _offending(COLLECTING, files)


def test_the_patterns_find_what_they_look_for() -> None:
    """The checks above can fail: each pattern matches the habit it keeps out."""
    assert ROUTING.search("context.route(PHOTOS, lambda route: route.abort())")
    assert COLLECTING.search("    gc.collect()  # before timing")
    assert not ROUTING.search("page.goto(path)")

"""The three dataset sizes of the bench, and what each one holds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    """How much of everything one dataset has."""

    name: str
    items: int
    families: int
    years: int
    loans: int  # closed history plus the open loans
    meeting_counts: int  # meetup dates with head counts
    locations: int
    card_scans: int  # cards scanned at meetings (reach)
    services: int  # the network directory (issue 19), names and descriptions in 5 languages

    @property
    def toys(self) -> int:
        """About three copies per catalogue entry."""
        return max(self.items // 3, 1)


SIZES: dict[str, Size] = {
    s.name: s
    for s in (
        Size("spelotheek", 2_000, 500, 1, 8_000, 150, 1, 1_500, 200),
        Size("city", 20_000, 8_000, 5, 150_000, 10_000, 12, 20_000, 2_000),
        Size("flanders", 150_000, 50_000, 5, 1_000_000, 200_000, 70, 100_000, 5_000),
    )
}

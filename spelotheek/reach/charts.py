"""Bar charts as plain data for server-rendered, accessible SVG (no JavaScript, no library)."""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 320  # the bar area; labels sit above each bar so long words never overflow
BAR = 18
GAP = 30


@dataclass(frozen=True)
class Bar:
    """One bar: its label, the shown text and its length in SVG units (0 when hidden)."""

    label: str
    text: str
    length: float
    y: int
    hidden: bool = False
    reference: float | None = None  # a tick for the reference share, when there is one


@dataclass
class Chart:
    """A horizontal bar chart with a title and a one-sentence description."""

    title: str
    desc: str
    bars: list[Bar] = field(default_factory=list)

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (BAR + GAP) + 4

    @property
    def width(self) -> int:
        return WIDTH + 60


def bar_chart(
    title: str,
    desc: str,
    items: list[tuple[str, int | str | None]],
    scale: float | None = None,
    references: list[float | None] | None = None,
    suffix: str = "",
) -> Chart:
    """Bars for (label, shown value); a hidden value (a string) gets no bar, only its text."""
    numbers = [v for _, v in items if isinstance(v, int | float)]
    top = scale or max([*numbers, *(r for r in references or [] if r)], default=0) or 1
    chart = Chart(title, desc)
    for i, (label, value) in enumerate(items):
        reference = references[i] if references else None
        hidden = not isinstance(value, int | float)
        length = 0.0 if hidden else WIDTH * float(value) / top  # type: ignore[arg-type]
        chart.bars.append(
            Bar(
                label=label,
                text="—" if value is None else f"{value}{'' if hidden else suffix}",
                length=round(length, 1),
                y=i * (BAR + GAP) + 16,
                hidden=hidden,
                reference=None if reference is None else round(WIDTH * reference / top, 1),
            )
        )
    return chart

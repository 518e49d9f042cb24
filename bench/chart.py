"""How cost grows with the data (issue 25): per endpoint, p95 against dataset size, as an SVG.
Pure: figures in, SVG text out. Flat lines are the goal."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from bench.sizes import SIZES

WIDTH, HEIGHT = 760, 360
LEFT, RIGHT, TOP, BOTTOM = 56, 250, 40, 48  # the plot's margins; the legend sits on the right
# Eleven colours told apart by most eyes (Okabe–Ito, then darker shades); dashes tell the rest.
COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#8C564B",
    "#7F7F7F",
    "#1F5F3F",
    "#6A3D9A",
)


def _nice_top(value: float) -> float:
    """The y axis' top: the next of 10, 20, 25, 50 × a power of ten above the value."""
    step = 1.0
    while True:
        for factor in (1, 2, 2.5, 5):
            if value <= factor * step * 10:
                return factor * step * 10
        step *= 10


def series(
    by_size: dict[str, dict[str, Any]], level: int, endpoints: tuple[str, ...]
) -> tuple[list[str], dict[str, list[float | None]]]:
    """The sizes measured, in growing order, and per endpoint its p95 at each (None: not run)."""
    sizes = [name for name in SIZES if name in by_size]
    lines: dict[str, list[float | None]] = {}
    for endpoint in endpoints:
        values = [
            by_size[size].get(f"mix@{level}", {}).get(endpoint, {}).get("p95_ms") for size in sizes
        ]
        if any(v is not None for v in values):
            lines[endpoint] = [None if v is None else float(v) for v in values]
    return sizes, lines


def svg(title: str, sizes: list[str], lines: dict[str, list[float | None]]) -> str:
    """A line chart: one line per endpoint, sizes along the bottom, p95 ms up the side."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_top(max((v for vs in lines.values() for v in vs if v is not None), default=1.0))

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(sizes) - 1) if len(sizes) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="t d" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="t">{escape(title)}</title>',
        '<desc id="d">'
        + escape(
            "; ".join(
                f"{name}: "
                + ", ".join(
                    f"{size} {'–' if v is None else f'{v:.1f} ms'}"
                    for size, v in zip(sizes, values, strict=True)
                )
                for name, values in lines.items()
            )
        )
        + "</desc>",
        '<rect width="100%" height="100%" fill="#fff"/>',
        f'<text x="{LEFT}" y="22" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for k in range(5):  # the grid and the y axis' numbers
        value = top * k / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:g}</text>'
        )
    parts.append(
        f'<text x="14" y="{TOP + plot_h / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {TOP + plot_h / 2:.0f})">p95 ms</text>'
    )
    for i, size in enumerate(sizes):
        items = f"{SIZES[size].items:,} items"
        parts.append(
            f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">'
            f"{escape(size)}</text>"
            f'<text x="{x(i):.1f}" y="{TOP + plot_h + 34}" text-anchor="middle" '
            f'fill="#555">{items}</text>'
        )
    ordered = sorted(lines.items(), key=lambda kv: -max(v for v in kv[1] if v is not None))
    for n, (name, values) in enumerate(ordered):
        colour = COLOURS[n % len(COLOURS)]
        dash = "" if n < len(COLOURS) else ' stroke-dasharray="6 3"'
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values) if v is not None)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        for i, v in enumerate(values):
            if v is not None:
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
        last = next(v for v in reversed(values) if v is not None)
        ly = TOP + 8 + 18 * n
        parts.append(
            f'<line x1="{WIDTH - RIGHT + 20}" x2="{WIDTH - RIGHT + 44}" y1="{ly}" y2="{ly}" '
            f'stroke="{colour}" stroke-width="3"{dash}/>'
            f'<text x="{WIDTH - RIGHT + 50}" y="{ly + 4}">{escape(name)} '
            f"({last:.1f} ms)</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"

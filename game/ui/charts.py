"""Line charts drawn with braille dots (2×4 per cell), with a labelled y axis.

A hand-drawn chart keeps full control of size at 80 columns and renders the same in a
snapshot, a tmux pane and a real terminal.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.ui.fmt import esc

# dot bit of braille cell position (column x 0..1, row y 0..3)
_DOTS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
PALETTE = ("#e0703c", "#3b8fd9", "#2fa36b", "#c9a227", "#a05ad6", "#d6508a", "#1fa3a3", "#8a8a8a")


@dataclass
class Series:
    label: str
    values: list[float]
    color: str = PALETTE[0]


def _axis_label(v: float) -> str:
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:.1f}M"
    if a >= 1e4:
        return f"{v / 1e3:.0f}k"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def chart_lines(series: list[Series], width: int, height: int, y_min: float | None = None,
                y_max: float | None = None) -> list[str]:
    """Markup lines: ``height`` rows of a y axis and ``width`` cells of plot in all."""
    values = [v for s in series for v in s.values]
    if not values or width < 12 or height < 2:
        return ["[$text-muted](no data yet)[/]"]
    lo = min(values) if y_min is None else y_min
    hi = max(values) if y_max is None else y_max
    if hi - lo < 1e-9:
        pad = abs(hi) * 0.05 or 1.0
        lo, hi = lo - pad, hi + pad
    labels = [_axis_label(hi), _axis_label((hi + lo) / 2), _axis_label(lo)]
    axis_w = max(len(x) for x in labels) + 1
    plot_w = width - axis_w - 1
    px_w, px_h = plot_w * 2, height * 4
    cells = [[0] * plot_w for _ in range(height)]
    owner: list[list[str | None]] = [[None] * plot_w for _ in range(height)]
    for s in series:
        n = len(s.values)
        if n == 0:
            continue
        pts = []
        for i, v in enumerate(s.values):
            x = 0 if n == 1 else round(i * (px_w - 1) / (n - 1))
            y = round((hi - v) / (hi - lo) * (px_h - 1))
            pts.append((x, max(0, min(px_h - 1, y))))
        if len(pts) == 1:
            pts.append(pts[0])
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            for x, y in _line(x0, y0, x1, y1):
                cx, cy = x // 2, y // 4
                if 0 <= cx < plot_w and 0 <= cy < height:
                    cells[cy][cx] |= _DOTS[x % 2][y % 4]
                    owner[cy][cx] = s.color
    out = []
    for r in range(height):
        label = labels[0] if r == 0 else labels[2] if r == height - 1 else (
            labels[1] if r == height // 2 and height >= 5 else "")
        line = [f"[$text-muted]{esc(label.rjust(axis_w))}┤[/]" if label else f"[$text-muted]{' ' * axis_w}│[/]"]
        run_color, run = None, ""
        for c in range(plot_w):
            ch = chr(0x2800 + cells[r][c]) if cells[r][c] else " "
            color = owner[r][c]
            if color != run_color and run:
                line.append(f"[{run_color}]{run}[/]" if run_color else run)
                run = ""
            run_color = color
            run += ch
        if run:
            line.append(f"[{run_color}]{run}[/]" if run_color else run)
        out.append("".join(line))
    return out


def _line(x0: int, y0: int, x1: int, y1: int) -> list[tuple[int, int]]:
    """Bresenham's line."""
    pts = []
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err = dx + dy
    while True:
        pts.append((x0, y0))
        if x0 == x1 and y0 == y1:
            return pts
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x0 += sx
        if e2 <= dx:
            err += dx
            y0 += sy


class LineChart(Widget):
    """A braille line chart that fills its size; an optional x-axis caption below."""

    DEFAULT_CSS = """
    LineChart { height: 8; width: 1fr; }
    """

    version: reactive[int] = reactive(0)

    def __init__(self, series: list[Series] | None = None, caption: str = "", *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.series = series or []
        self.caption = caption

    def set_data(self, series: list[Series], caption: str = "") -> None:
        self.series = series
        self.caption = caption
        self.version += 1
        self.refresh()

    def render(self) -> RenderResult:
        width, height = self.size.width, self.size.height
        rows = height - (1 if self.caption else 0)
        lines = chart_lines(self.series, width, max(rows, 2))
        if self.caption:
            lines.append(self.caption)
        return Content.from_markup("\n".join(lines))

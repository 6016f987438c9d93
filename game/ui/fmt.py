"""Small formatters for numbers and Textual markup (no game logic)."""

from __future__ import annotations

from textual.markup import escape

SEVERITY_STYLE = {"danger": "$error", "warning": "$warning", "info": "$text-muted"}
SEVERITY_ICON = {"danger": "▲", "warning": "▲", "info": "•"}


def esc(value: object) -> str:
    return escape(str(value))


def money(bn: float) -> str:
    return f"${bn:,.1f} bn" if abs(bn) < 100 else f"${bn:,.0f} bn"


def tonnes(t: float) -> str:
    if t >= 1e6:
        return f"{t / 1e6:,.2f} Mt"
    if t >= 100:
        return f"{t:,.0f} t"
    if t >= 1:
        return f"{t:,.1f} t"
    return f"{t:,.2f} t" if t > 0 else "0 t"


def pct(x: float, signed: bool = False) -> str:
    return f"{x:+.0%}" if signed else f"{x:.0%}"


def price(value: float, unit: str) -> str:
    if value >= 1000:
        return f"{value:,.0f} {unit}"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:,.1f} {unit}"


def signed(x: float, digits: int = 1) -> str:
    return f"{x:+.{digits}f}"


def change_markup(pct_value: float) -> str:
    """A percentage change with an arrow, coloured (up is warning: prices hurt buyers)."""
    if pct_value >= 0.5:
        return f"[$warning]▲{pct_value:+.0f}%[/]"
    if pct_value <= -0.5:
        return f"[$success]▼{pct_value:+.0f}%[/]"
    return "[$text-muted]·0%[/]"


def bar(fraction: float, width: int, fill: str = "█", empty: str = "░") -> str:
    """A plain bar of ``width`` cells, eighths for the last one."""
    fraction = max(0.0, min(1.0, fraction))
    eighths = int(round(fraction * width * 8))
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    text = fill * full + (partial if full < width else "")
    return text + empty * (width - len(text))


def gauge(value: float, maximum: float, width: int, style: str) -> str:
    filled = int(round(max(0.0, min(1.0, value / maximum)) * width))
    return f"[{style}]{'▰' * filled}[/][$text-muted]{'▱' * (width - filled)}[/]"


def tension_style(tension: float) -> str:
    from game.engine.rules import HIGH_TENSION, TENSION_RISING  # here: the title screen loads no engine

    if tension >= HIGH_TENSION:
        return "$error"
    if tension >= TENSION_RISING:
        return "$warning"
    return "$success"


def relation_markup(value: float) -> str:
    style = "$success" if value >= 30 else "$error" if value <= -30 else "$text"
    return f"[{style}]{value:+4.0f}[/]"


def row(cells: list[tuple[str, int, str]]) -> str:
    """One table row of markup cells: (markup, width, align '<' or '>'); plain text widths."""
    from textual.content import Content

    out = []
    for markup, width, align in cells:
        plain = Content.from_markup(markup).plain
        pad = max(0, width - len(plain))
        out.append(markup + " " * pad if align == "<" else " " * pad + markup)
    return " ".join(out).rstrip()


def heading(text: str) -> str:
    return f"[b $accent]{esc(text)}[/]"


def hint(text: str) -> str:
    return f"[$text-muted]{esc(text)}[/]"

"""Widgets shared by the screens: the status bar, the view bar and a one-line choice field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from game.ui.fmt import esc, gauge, money, tension_style

VIEWS = (("overview", "Overview"), ("markets", "Markets"), ("industry", "Industry"), ("world", "World"),
         ("cards", "Cards"), ("news", "News"))


class StatusBar(Static):
    """Power · date and turn · treasury · political capital · tension gauge."""

    def show(self, session: Any) -> None:
        game = session.game
        s, w = game.state, game.world
        n = w.nidx[session.power]
        turn = min(game.turn, game.turns)
        date = game.date_label(turn)
        tension = float(s.tension)
        width = self.size.width or 80
        name = session.nation_name if width >= 96 else session.power.upper() if len(session.power) <= 5 \
            else session.nation_name
        gauge_w = 10 if width >= 100 else 6
        over = " · [b]game over[/]" if game.is_over else ""
        unsaved = " [$warning]●[/]" if session.dirty else ""
        parts = [
            f"[b]{esc(name)}[/]{unsaved}",
            f"{date} · turn {turn}/{game.turns}{over}",
            f"[b]{money(float(s.treasury[n]))}[/]",
            f"PC [b]{float(s.political_capital[n]):.0f}[/]",
            f"tension {gauge(tension, 100, gauge_w, tension_style(tension))} "
            f"[{tension_style(tension)}]{tension:.0f}[/]" + _brink(w.content.rules.crisis_hazard, tension, width),
        ]
        sep = " [$text-muted]│[/] " if width >= 90 else " "
        self.update(sep.join(parts))


def _brink(hazard: Any, tension: float, width: int) -> str:
    """Above the crisis hazard's threshold, the chance an export ban would tip the world into
    confrontation now (the advisers' alert says it in words)."""
    from game.engine.rules import move_risk  # here: the title screen loads no engine

    if tension <= hazard.above:
        return ""
    risk = move_risk(hazard, tension)
    return f" [$error]⚠ ban {risk:.0%}[/]" if width >= 90 else f" [$error]⚠{risk:.0%}[/]"


class ViewBar(Static):
    """The six views, each one key and one click away."""

    current: reactive[str] = reactive("overview")

    def render(self) -> RenderResult:
        width = self.size.width or 80
        short = width < 78
        out = []
        for i, (vid, label) in enumerate(VIEWS, start=1):
            text = label[:4] if short and len(label) > 5 else label
            if vid == self.current:
                out.append(f"[@click=screen.show_view('{vid}')][b reverse $accent] {i} {text} [/][/]")
            else:
                out.append(f"[@click=screen.show_view('{vid}')] [b $accent]{i}[/] {text} [/]")
        return Content.from_markup("".join(out))


class ChoiceField(Widget, can_focus=True):
    """One line: ``Label   ◂ value ▸``.  Left/right (or a click) changes the value; typing a
    letter jumps to the next option starting with it."""

    DEFAULT_CSS = """
    ChoiceField { height: 1; width: 1fr; }
    """
    BINDINGS = [
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right,space", "step(1)", "Next", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
    ]

    index: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, field: ChoiceField, value: Any) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> ChoiceField:
            return self.field

    def __init__(self, label: str, options: Sequence[tuple[str, Any]], value: Any = None, *,
                 label_width: int = 11, id: str | None = None, classes: str | None = None,
                 disabled: bool = False) -> None:
        super().__init__(id=id, classes=classes, disabled=disabled)
        self.label = label
        self.options = list(options)
        self.label_width = label_width
        values = [v for _, v in self.options]
        self.set_reactive(ChoiceField.index, values.index(value) if value in values else 0)

    @property
    def value(self) -> Any:
        return self.options[self.index][1] if self.options else None

    @property
    def text(self) -> str:
        return self.options[self.index][0] if self.options else ""

    def set_options(self, options: Sequence[tuple[str, Any]], value: Any = None) -> None:
        keep = self.value if value is None else value
        self.options = list(options)
        values = [v for _, v in self.options]
        self.index = values.index(keep) if keep in values else 0
        self.refresh()
        self.post_message(self.Changed(self, self.value))

    def set_value(self, value: Any) -> None:
        values = [v for _, v in self.options]
        if value in values:
            self.index = values.index(value)

    def watch_index(self, old: int, new: int) -> None:
        if old != new and self.is_mounted:
            self.post_message(self.Changed(self, self.value))

    def action_step(self, delta: int) -> None:
        if self.options:
            self.index = (self.index + delta) % len(self.options)

    def action_jump(self, where: int) -> None:
        if self.options:
            self.index = where % len(self.options)

    def on_key(self, event: events.Key) -> None:
        char = event.character or ""
        if len(char) == 1 and char.isalnum() and self.options:
            n = len(self.options)
            for step in range(1, n + 1):
                i = (self.index + step) % n
                if self.options[i][0].lower().startswith(char.lower()):
                    self.index = i
                    event.stop()
                    event.prevent_default()
                    return

    def on_click(self, event: events.Click) -> None:
        self.focus()
        self.action_step(-1 if event.x < self.label_width + 3 else 1)

    def render(self) -> RenderResult:
        label = esc(self.label.ljust(self.label_width))
        value = esc(self.text)
        many = len(self.options) > 1
        arrows = ("◂ ", " ▸") if many else ("  ", "  ")
        if self.has_focus:
            return Content.from_markup(f"[b]{label}[/][$accent b]{arrows[0]}[/][reverse b] {value} [/]"
                                       f"[$accent b]{arrows[1]}[/]")
        return Content.from_markup(f"{label}[$text-muted]{arrows[0]}[/] {value} [$text-muted]{arrows[1]}[/]")

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

"""The turn report: the headline, price moves with their causes, changes in the player's
dependence, the player's news, and what each rival did and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from game.ui import catalogue
from game.ui.base import AppScreen
from game.ui.fmt import change_markup, esc, heading, hint, price

if TYPE_CHECKING:
    from game.ui.session import GameSession, TurnOutcome


class TurnReportScreen(AppScreen[None]):
    SCOPE = "report"
    BINDINGS = catalogue.bindings("report")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]

    def __init__(self, session: GameSession, outcome: TurnOutcome,
                 on_close: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.session = session
        self.outcome = outcome
        self.on_close = on_close

    def compose(self) -> ComposeResult:
        b = self.outcome.brief
        game = self.session.game
        yield Static(f"[b]Turn report[/] · {esc(b.date)} · turn {b.turn} of {game.turns}"
                     + (" · [b $error]the game is over[/]" if b.over else ""), id="report-title")
        with VerticalScroll(id="report-body", classes="scroller"):
            with Horizontal(classes="columns"):
                with Vertical(classes="col"):
                    yield Static(self.left(), id="report-left")
                with Vertical(classes="col"):
                    yield Static(self.right(), id="report-right")
        yield Static(catalogue.footer_markup("report"), classes="keyline")

    def on_mount(self) -> None:
        self.query_one("#report-body").focus()

    def left(self) -> str:
        b = self.outcome.brief
        out = []
        if b.headline:
            out += [heading("Headline"), esc(b.headline), ""]
        a, z = b.index
        out.append(heading("Your power index") + f" {a:.1f} → [b]{z:.1f}[/] ({z - a:+.1f})")
        out.append("")
        out.append(heading("Prices that moved") + hint(" (open market, this quarter)"))
        if not b.price_moves:
            out.append(hint("No price moved by 5% or more."))
        for p in b.price_moves[:8]:
            out.append(f"{change_markup(p.pct)} [b]{esc(p.short)} {p.stage}[/] {price(p.old, p.unit)} → "
                       f"{price(p.new, p.unit)}")
            out += [f"    [$text-muted]↳[/] {esc(c)}" for c in p.causes]
        if len(b.price_moves) > 8:
            out.append(hint(f"… and {len(b.price_moves) - 8} smaller moves (see Markets)"))
        out.append("")
        out.append(heading("Your dependence"))
        if not b.dependence_changes:
            out.append(hint("No notable change."))
        out += [f" • {esc(c.text())}" for c in b.dependence_changes]
        out.append("")
        out.append(heading("Your news"))
        if not b.your_news:
            out.append(hint("Nothing new for you."))
        out += [f" • {esc(t)}" for t in b.your_news]
        return "\n".join(out)

    def right(self) -> str:
        b = self.outcome.brief
        out = [heading("What each rival did, and why")]
        any_move = False
        for moves in b.rivals.values():
            if not moves:
                continue
            any_move = True
            name = moves[0].name
            out.append(f"[b]{esc(name)}[/]")
            for m in moves:
                out.append(f" • {esc(_without_actor(m.text, name))}")
                if m.reason:
                    out.append(f"   [$text-muted]why: {esc(m.reason)}[/]")
        if not any_move:
            out.append(hint("Nobody else acted this quarter."))
        quiet = [moves for moves in b.rivals.values() if not moves]
        if quiet and any_move:
            names = [self.session.game.content.nations[self.session.game.world.nidx[p]].name
                     for p, mv in b.rivals.items() if not mv]
            out.append(hint("No move: " + ", ".join(names)))
        out.append("")
        out.append(heading("World news"))
        if not b.world_news:
            out.append(hint("Quiet."))
        out += [f" • {esc(t)}" for t in b.world_news]
        if self.outcome.autosave:
            out += ["", hint(f"Autosaved as {self.outcome.autosave.name}")]
        if b.over:
            out += ["", "[b]The game is over.[/] ⏎ shows the final ranking."]
        return "\n".join(out)

    def action_close_report(self) -> None:
        if not self.is_active:
            return
        self.dismiss(None)
        if self.on_close is not None:
            self.app.call_later(self.on_close)


def _without_actor(text: str, name: str) -> str:
    return text[len(name) + 1:] if text.startswith(name + " ") else text

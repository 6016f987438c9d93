"""The end of the game: the ranking, the player's score breakdown, charts over the whole game
and the way to the debrief."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Static

from game.ui import catalogue
from game.ui.base import AppScreen
from game.ui.charts import PALETTE, LineChart, Series
from game.ui.fmt import esc, heading, hint
from game.ui.views import span_caption

if TYPE_CHECKING:
    from game.ui.session import GameSession

PART_NAMES = {"prosperity": "Prosperity", "security": "Security", "influence": "Influence",
              "sustainability": "Sustainability"}


class EndGameScreen(AppScreen[str | None]):
    SCOPE = "end"
    BINDINGS = catalogue.bindings("end")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]

    def __init__(self, session: GameSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        game = self.session.game
        s = game.state
        how = "ended in confrontation" if s.end_reason == "confrontation" else "is over"
        yield Static(f"[b]The game {how}[/] · {esc(game.world.scenario.name)} · {game.date_label(max(s.turn, 1))}"
                     f" · {s.turn} turns · seed {game.seed}", id="end-title")
        with VerticalScroll(id="end-body", classes="scroller"):
            with Horizontal(classes="columns"):
                with Vertical(classes="col"):
                    yield Static(self.ranking(), id="end-ranking")
                    yield Static(self.breakdown(), id="end-score")
                with Vertical(classes="col"):
                    yield Static(heading("Power index over the game"), classes="chart-title")
                    yield LineChart(id="end-index", classes="tall")
                    yield Static(id="end-legend")
                    yield Static(heading("Global tension"), classes="chart-title")
                    yield LineChart(id="end-tension")
            yield Static(self.debrief(), id="end-debrief")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        from game.sim import briefing

        game = self.session.game
        history = briefing.index_history(game)
        series = [Series(p, history[p], PALETTE[i % len(PALETTE)]) for i, p in enumerate(game.powers)]
        span = span_caption(game, "index")
        self.query_one("#end-index", LineChart).set_data(series, span)
        legend = "  ".join(f"[{PALETTE[i % len(PALETTE)]}]━━[/] "
                           + (f"[b]{esc(_name(game, p))}[/]" if p == self.session.power else esc(_name(game, p)))
                           for i, p in enumerate(game.powers))
        self.query_one("#end-legend", Static).update(legend)
        self.query_one("#end-tension", LineChart).set_data(
            [Series("tension", briefing.tension_history(game), PALETTE[0])], span_caption(game, "tension, 0–100"))
        self.query_one("#end-body").focus()

    def ranking(self) -> str:
        game = self.session.game
        out = [heading("Ranking") + hint(" (index points earned each quarter, less par, with objectives)")]
        for rank, (pid, gain) in enumerate(game.ranking(), start=1):
            n = game.world.nidx[pid]
            name = esc(_name(game, pid))
            line = (f"{rank}. {name:<15} [b]{gain:+7.2f}[/]  [$text-muted]index {game.state.start_index[n]:.1f} → "
                    f"{game.state.index[n]:.1f}[/]")
            out.append(f"[reverse]{line}[/]" if pid == self.session.power else line)
        return "\n".join(out)

    def breakdown(self) -> str:
        from game.sim import briefing

        game = self.session.game
        sb = briefing.score_breakdown(game, self.session.power)
        out = ["", heading(f"Your score: {self.session.nation_name}") + f" [b]{sb.gain:+.2f}[/]"
               + hint(f" (rank {sb.rank} of {sb.of})")]
        out.append(f" index {sb.start_index:.1f} → {sb.index:.1f} ({sb.index - sb.start_index:+.2f}); "
                   f"points earned quarter by quarter {sb.index_lived:+.2f}")
        for name, (start, now) in sb.parts.items():
            out.append(f"   {PART_NAMES[name]:<15}{start:6.1f} → {now:6.1f}  "
                       f"[$text-muted]weight {sb.weights[name]:.0%}[/]")
        if sb.par:
            out.append(f" less par: {sb.par:+.1f}  [$text-muted](what a computer player makes of this seat)[/]")
            if sb.seat_par_objectives:
                out.append(f"   [$text-muted]of the seat's par, {sb.seat_par - sb.seat_par_objectives:+.1f} index and "
                           f"{sb.seat_par_objectives:g} objective points[/]")
        out.append(f" objectives met: {sb.objective_points:+g}")
        for o in briefing.objectives(game, self.session.power):
            mark = "[$success]✔[/]" if o.settled else "[$error]✘[/]" if o.settled is False else "○"
            out.append(f"   {mark} {esc(o.text)} [$text-muted]({o.points:g} pts)[/]")
        if sb.penalty:
            out.append(f" confrontation penalty: [$error]{sb.penalty:+g}[/]")
        return "\n".join(out)

    def debrief(self) -> str:
        game = self.session.game
        sc = game.world.scenario
        out = ["", heading("Debrief")]
        if sc.debrief_questions:
            out.append("Questions to talk over:")
            out += [f" {i}. {esc(q)}" for i, q in enumerate(sc.debrief_questions, start=1)]
        if sc.learning_goals:
            out.append("What this scenario teaches:")
            out += [f" • {esc(g)}" for g in sc.learning_goals]
        out.append("The News view (g, then 6) holds every headline and move. Every card cites its sources "
                   "(terra-rara cards --id ID).")
        saved = self.session.last_save
        if saved is not None:
            out.append(f"Saved as {esc(saved)}: [b]terra-rara replay {esc(saved)} --verify[/] replays it.")
        else:
            out.append("Save it with ctrl+s; terra-rara replay SAVE --verify replays it.")
        return "\n".join(out)

    def action_new_game(self) -> None:
        self.app.leave_game(then="title")  # type: ignore[attr-defined]

    def action_save(self) -> None:
        self.app.save_session(self.session)  # type: ignore[attr-defined]
        self.query_one("#end-debrief", Static).update(self.debrief())

    def action_back_to_game(self) -> None:
        self.dismiss(None)


def _name(game, pid: str) -> str:
    return game.content.nations[game.world.nidx[pid]].name

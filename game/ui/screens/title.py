"""The title screen, the new-game form and the loading screen.

The title screen needs nothing from the engine: the world (content and the compiled
engine) loads in a worker while the player reads the menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from game.ui import catalogue
from game.ui.base import AppScreen
from game.ui.fmt import esc, hint
from game.ui.widgets import ChoiceField

if TYPE_CHECKING:
    from game.ui.session import SaveInfo

LOGO = """\
[b $accent]▀█▀ █▀▀ █▀█ █▀█ ▄▀█   █▀█ ▄▀█ █▀█ ▄▀█[/]
[b $accent] █  ██▄ █▀▄ █▀▄ █▀█   █▀▄ █▀█ █▀▄ █▀█[/]"""

TAGLINE = "The geopolitics of rare earths and critical minerals, 2025–2034"

MENU = (("new", "n", "New game"), ("continue", "c", "Continue"), ("load", "l", "Load a save"),
        ("tutorial", "t", "Tutorial"), ("quit", "q", "Quit"))


class TitleScreen(AppScreen[None]):
    SCOPE = "title"
    BINDINGS = catalogue.bindings("title")

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(LOGO, id="logo")
            yield Static(f"[$text-muted]{TAGLINE}[/]", id="tagline")
            yield OptionList(*[Option(self._label(key, name, ""), id=oid) for oid, key, name in MENU], id="menu")
            yield Static("", id="title-detail")
            yield Static(hint("Loading the world…"), id="title-status")
        yield Footer(compact=True)

    @staticmethod
    def _label(key: str, name: str, detail: str) -> str:
        return f"[b $accent]{key}[/]  {name:<12}" + (f" [$text-muted]{detail}[/]" if detail else "")

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()
        self.world_ready()

    def world_ready(self) -> None:
        """Called by the app once the world has loaded (and on mount)."""
        app: Any = self.app
        status = self.query_one("#title-status", Static)
        if app.content is None:
            status.update(hint("Loading the world…") if app.load_error is None
                          else f"[$error]{esc(app.load_error)}[/]")
            return
        counts = app.content.counts()
        status.update(hint(f"{counts['scenarios']} scenarios · {counts['powers']} powers · "
                           f"{counts['cards']} cards · saves in {app.settings.saves_dir}/"))
        latest: SaveInfo | None = app.latest_save
        menu = self.query_one("#menu", OptionList)
        detail = (f"{latest.scenario} · {latest.power} · {latest.date} · turn {latest.turn}" if latest
                  else "no saves yet")
        menu.replace_option_prompt("continue", self._label("c", "Continue", detail))
        if latest is None:
            menu.disable_option("continue")
        else:
            menu.enable_option("continue")

    @on(OptionList.OptionSelected, "#menu")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        {"new": self.action_new_game, "continue": self.action_continue_game, "load": self.action_load_game,
         "tutorial": self.action_tutorial, "quit": lambda: self.app.exit()}[event.option.id or "quit"]()

    def action_new_game(self) -> None:
        self.app.when_ready(lambda: self.app.push_screen(NewGameScreen()))  # type: ignore[attr-defined]

    def action_continue_game(self) -> None:
        app: Any = self.app

        def go() -> None:
            latest = app.latest_save
            if latest is None:
                self.notify("No save to continue yet.", timeout=3)
                return
            app.open_save(latest.path)
        app.when_ready(go)

    def action_load_game(self) -> None:
        self.app.action_load()  # type: ignore[attr-defined]

    def action_tutorial(self) -> None:
        self.app.when_ready(self.app.start_tutorial)  # type: ignore[attr-defined]


SCENARIO_ORDER = ("standard", "classroom-intro")


class NewGameScreen(AppScreen[None]):
    """Scenario, power, difficulty, opponents and seed; ⏎ starts."""

    SCOPE = "newgame"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "start", "Start"),
        Binding("ctrl+r", "another_seed", "Another seed"),
        Binding("down", "app.focus_next", show=False),
        Binding("up", "app.focus_previous", show=False),
    ]

    def compose(self) -> ComposeResult:
        app: Any = self.app
        content = app.content
        ids = [s for s in SCENARIO_ORDER if s in content.scenarios] + sorted(
            s for s in content.scenarios if s not in SCENARIO_ORDER)
        scenarios = [(f"{content.scenarios[s].name}", s) for s in ids]
        with VerticalScroll(id="newgame-box"):
            yield Static("[b]New game[/] [$text-muted]· ← → changes a field, ↑ ↓ moves, ⏎ starts[/]",
                         classes="dialog-title")
            yield ChoiceField("Scenario", scenarios, ids[0], id="ng-scenario", label_width=12)
            yield Static("", id="ng-summary")
            yield ChoiceField("Your power", [], None, id="ng-power", label_width=12)
            yield ChoiceField("Difficulty", [(d, d) for d in ("easy", "normal", "hard")], "normal",
                              id="ng-difficulty", label_width=12)
            with Horizontal(classes="info-row"):
                yield Static("[b]Opponents[/]", classes="field-label wide-label")
                yield Static("", id="ng-opponents")
            with Horizontal(classes="field-row"):
                yield Static("Seed", classes="field-label wide-label")
                yield Input(str(app.settings.seed), id="ng-seed", compact=True, restrict=r"[0-9]*", max_length=9)
                yield Button("^r another", id="ng-another", compact=True)
            yield Static(hint("The same seed and the same moves give the same game: share a seed with a class."),
                         id="ng-seed-hint")
            yield Static("", id="ng-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("⏎ Start", id="ng-start", variant="primary", compact=True)
                yield Button("esc Back", id="ng-back", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.update_scenario()
        self.query_one("#ng-scenario", ChoiceField).focus()

    def update_scenario(self) -> None:
        app: Any = self.app
        content = app.content
        sid = self.query_one("#ng-scenario", ChoiceField).value
        sc = content.scenarios[sid]
        powers = [p for p in content.power_ids if p in sc.powers]
        names = [(content.nations[content.nation_index[p]].name, p) for p in powers]
        field = self.query_one("#ng-power", ChoiceField)
        keep = field.value if field.value in powers else ("japan" if "japan" in powers else powers[0])
        field.options = names
        field.set_value(keep)
        field.refresh()
        years = f"{sc.start.year} Q{sc.start.quarter}, {sc.turns} turns (quarters)"
        self.query_one("#ng-summary", Static).update(f"[$text-muted]{years}. {esc(' '.join(sc.summary.split()))}[/]")
        self.update_opponents()

    def update_opponents(self) -> None:
        from game.sim.intro import objective_lines, scenario_intro
        from game.ui.session import opponents_line  # the engine loads behind the title screen

        app: Any = self.app
        content = app.content
        sid = self.query_one("#ng-scenario", ChoiceField).value
        me = self.query_one("#ng-power", ChoiceField).value
        intro = scenario_intro(content, sid, me)
        goals = ("Your objectives: " + "; ".join(objective_lines(intro)) + ".") if intro.objectives else \
            objective_lines(intro)[0]
        self.query_one("#ng-opponents", Static).update(
            f"{esc(opponents_line(content, sid, me))}: AI personas at the difficulty above. " + hint(esc(goals)))

    @on(ChoiceField.Changed)
    def changed(self, event: ChoiceField.Changed) -> None:
        if event.field.id == "ng-scenario":
            self.update_scenario()
        elif event.field.id == "ng-power":
            self.update_opponents()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ng-start":
            self.action_start()
        elif event.button.id == "ng-another":
            self.action_another_seed()
        else:
            self.action_back()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_another_seed(self) -> None:
        """The next seed of a fixed sequence: no chance enters from the interface."""
        seed_input = self.query_one("#ng-seed", Input)
        try:
            seed = int(seed_input.value or "0")
        except ValueError:
            seed = 0
        seed_input.value = str((seed * 48271 + 11) % 99991)

    def action_start(self) -> None:
        app: Any = self.app
        raw = self.query_one("#ng-seed", Input).value.strip()
        if not raw.isdigit():
            self.query_one("#ng-error", Static).update("[$error]The seed must be a whole number, 0 or more.[/]")
            return
        app.start_new_game(self.query_one("#ng-scenario", ChoiceField).value,
                           self.query_one("#ng-power", ChoiceField).value, int(raw),
                           self.query_one("#ng-difficulty", ChoiceField).value)


class LoadingScreen(AppScreen[None]):
    """Shown while a game starts or a save opens (the work runs in a worker)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Center(id="loading-box"):
            yield Static(LOGO, id="logo")
            yield Static(esc(self.text), id="loading-text")
            yield LoadingIndicator()

"""The one catalogue of commands: every key, its name, what it does and the action it runs.

The key bindings of each screen, the ``?`` help screen, the command palette (ctrl+p) and the
footer are all built from this list, so they cannot disagree.  A command belongs to a
*scope*: ``app`` commands work everywhere; the others on the screen of that name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class Command:
    key: str  # Textual key name(s), comma-separated
    action: str  # the action run on the screen (or "app.…" on the app)
    name: str  # short name: footer and palette
    description: str  # one line: help and palette
    scope: str  # app | title | game | report | end
    footer: bool = False
    key_display: str | None = None
    priority: bool = False
    group: str = ""  # heading in the help screen

    @property
    def keys_shown(self) -> str:
        if self.key_display:
            return self.key_display
        return " ".join(_show_key(k) for k in self.key.split(","))


def _show_key(key: str) -> str:
    names = {"question_mark": "?", "escape": "esc", "enter": "⏎", "full_stop": "."}
    if key in names:
        return names[key]
    if key.startswith("ctrl+"):
        return "^" + key[5:]
    return key


SCOPES = {
    "app": "Everywhere",
    "title": "Title screen",
    "game": "Playing",
    "report": "Turn report",
    "end": "End of the game",
}

COMMANDS: tuple[Command, ...] = (
    # ---------------------------------------------------------------- everywhere
    Command("question_mark", "app.help", "Help", "Show every key and what it does", "app",
            footer=True, key_display="?"),
    Command("ctrl+p", "app.command_palette", "Commands", "Search every command by name",
            "app"),
    Command("ctrl+t", "app.toggle_theme", "Theme", "Switch between the dark and the light theme", "app"),
    Command("ctrl+q", "app.quit", "Quit", "Quit (asks first if progress is unsaved)", "app", priority=True),
    # ---------------------------------------------------------------- title
    Command("n", "new_game", "New game", "Pick a scenario, a power, opponents and a seed", "title", footer=True),
    Command("c", "continue_game", "Continue", "Open the most recent save", "title", footer=True),
    Command("l", "load_game", "Load", "Pick a save to open", "title", footer=True),
    Command("t", "tutorial", "Tutorial", "Learn by playing a short guided scenario", "title", footer=True),
    Command("q", "app.quit", "Quit", "Leave the game", "title", footer=True),
    # ---------------------------------------------------------------- playing: views
    Command("1", "show_view('overview')", "Overview", "Your power index, dependence and warnings", "game",
            group="Views"),
    Command("2", "show_view('markets')", "Markets", "Prices, supply, who supplies whom, and why",
            "game", group="Views"),
    Command("3", "show_view('industry')", "Industry", "Plants, projects, stockpiles, technology",
            "game", group="Views"),
    Command("4", "show_view('world')", "World", "Powers, producer states, controls, agreements", "game",
            group="Views"),
    Command("5", "show_view('cards')", "Cards", "Your policy cards and this turn's news", "game",
            group="Views"),
    Command("6", "show_view('news')", "News", "Everything that happened, turn by turn", "game", group="Views"),
    # ---------------------------------------------------------------- playing: actions
    Command("a", "act", "Act", "Pick an action from the full menu", "game", footer=True, group="Actions"),
    Command("b", "form('build')", "Build", "Open or expand a mine; build a refinery", "game", group="Actions"),
    Command("r", "form('research')", "Research", "Fund a research programme this quarter", "game",
            group="Actions"),
    Command("s", "form('stockpile')", "Stockpile", "Buy for, or release from, your stockpile", "game",
            group="Actions"),
    Command("x", "form('export_control')", "Export control", "Licence, quota or ban what you export",
            "game", group="Actions"),
    Command("t", "form('tariff')", "Tariff", "Tax imports of a mineral from one nation", "game", group="Actions"),
    Command("u", "form('subsidy')", "Subsidy", "Pay a share of the value of your own output", "game",
            group="Actions"),
    Command("p", "play_card", "Play card", "Play a card from your hand", "game",
            group="Actions"),
    Command("d", "decide", "Decide", "Answer the news when it asks you to choose", "game",
            group="Actions"),
    Command("h", "headline", "Headline", "Read this turn's news card and its sources", "game", group="Actions"),
    Command("f", "form('deal')", "Deal", "Propose a contract, a club, research or a summit", "game",
            group="Diplomacy"),
    Command("j", "form('joint_venture')", "Joint venture", "Co-own a new mine or refinery abroad", "game",
            group="Diplomacy"),
    Command("k", "form('corridor')", "Corridor", "Fund a trade corridor to a producer state", "game",
            group="Diplomacy"),
    Command("z", "form('sanction')", "Sanctions", "Block trade both ways with another power", "game",
            group="Diplomacy"),
    Command("g", "form('contribute')", "Alliance stock", "Give to your alliance's joint stockpile", "game",
            group="Diplomacy"),
    Command("c", "form('cancel')", "Cancel deal", "Leave an agreement in force", "game", group="Diplomacy"),
    Command("o", "offers", "Offers", "Answer the offers other powers have made you", "game", group="Diplomacy"),
    Command("e", "end_turn", "End turn", "The AI powers act and the quarter resolves", "game", footer=True,
            group="Turn"),
    # ---------------------------------------------------------------- playing: game
    Command("ctrl+s", "save", "Save", "Save the game to the saves folder", "game", footer=True, group="Game"),
    Command("l", "load", "Load", "Open another save", "game", group="Game"),
    Command("i", "briefing", "Briefing", "The scenario's briefing, your objectives and the learning goals",
            "game", group="Game"),
    Command("n", "tutorial_next", "Next tip", "Tutorial: skip to the next tip", "game", group="Game"),
    Command("escape", "main_menu", "Menu", "Back to the title screen (asks if unsaved)", "game",
            group="Game"),
    Command("q", "app.quit", "Quit", "Quit (asks first if progress is unsaved)", "game", footer=True,
            group="Game"),
    # ---------------------------------------------------------------- turn report
    Command("enter,escape,space", "close_report", "Continue", "Back to the game", "report", footer=True,
            key_display="⏎"),
    Command("e", "close_report", "Continue", "Back to the game", "report"),
    # ---------------------------------------------------------------- end of the game
    Command("n", "new_game", "New game", "Back to the title screen for a new game", "end", footer=True),
    Command("ctrl+s", "save", "Save", "Save the finished game (to replay it)", "end",
            footer=True),
    Command("g", "back_to_game", "Look around", "Look at the final state of the world", "end",
            footer=True),
    Command("q", "app.quit", "Quit", "Leave the game", "end", footer=True),
)


def commands_for(scope: str) -> list[Command]:
    return [c for c in COMMANDS if c.scope == scope]


def bindings(scope: str) -> list[BindingType]:
    """The key bindings of one scope, straight from the catalogue."""
    out: list[BindingType] = []
    for c in commands_for(scope):
        if c.action == "app.command_palette":
            continue  # Textual binds the palette key itself
        out.append(Binding(c.key, c.action, c.name, show=c.footer, key_display=c.key_display,
                           priority=c.priority))
    return out


def footer_markup(scope: str) -> str:
    """A one-line key guide from the catalogue (for screens that skip Textual's Footer, whose
    recomposition on every screen change costs more than the line is worth), clickable."""
    parts = []
    for c in commands_for(scope) + commands_for("app"):
        if c.footer:
            action = c.action if c.action.startswith("app.") else f"screen.{c.action}"
            parts.append(f"[@click={action}][b $accent]{c.keys_shown}[/] {c.name}[/]")
    return "  ".join(parts) + "  [$text-muted]^p Commands[/]"


class CatalogueCommands(Provider):
    """The command palette's commands: the app's and the current screen's, from the catalogue."""

    def _commands(self) -> Iterable[Command]:
        scope = getattr(self.screen, "SCOPE", None)
        for c in COMMANDS:
            if c.scope == "app" and c.action != "app.command_palette" or (scope and c.scope == scope):
                if scope == "game" and not _usable(self.screen, c):
                    continue
                yield c

    def _runner(self, command: Command):
        screen = self.screen
        if command.action.startswith("app."):
            return partial(self.app.run_action, command.action[4:])
        return partial(screen.run_action, command.action)

    async def discover(self) -> Hits:
        for c in self._commands():
            yield DiscoveryHit(f"{c.name}  ({c.keys_shown})", self._runner(c), help=c.description)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for c in self._commands():
            label = f"{c.name}  ({c.keys_shown})"
            score = max(matcher.match(c.name), matcher.match(c.description) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(label), self._runner(c), help=c.description)


def _usable(screen: Screen, command: Command) -> bool:
    check = getattr(screen, "check_action", None)
    if check is None:
        return True
    name = command.action.split("(")[0]
    try:
        return check(name, ()) is not False
    except Exception:  # pragma: no cover - a palette must never crash the game
        return True

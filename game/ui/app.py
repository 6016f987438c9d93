"""The Textual app.  It is handed its settings (and, in tests, a ready game session); it holds
no rules.  The engine is imported lazily in a worker so the title screen is up at once.

    terra-rara                                  the title screen
    terra-rara play --scenario standard --power japan --seed 7
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.theme import Theme

from game.ui import catalogue
from game.ui.fmt import esc

if TYPE_CHECKING:
    from game.content.loader import Content
    from game.ui.session import GameSession, SaveInfo

THEMES = (
    Theme(name="terra-dark", primary="#d08a3e", secondary="#5f9ea0", accent="#e5a04b", warning="#e8b339",
          error="#e5534b", success="#57ab5a", foreground="#e6e1d6", background="#16140f", surface="#201d17",
          panel="#2b2720", dark=True),
    Theme(name="terra-light", primary="#9a5714", secondary="#2f6f73", accent="#a65e0e", warning="#9a6700",
          error="#c0362c", success="#2e7d32", foreground="#2a241b", background="#f7f2e8", surface="#efe8da",
          panel="#e4dccb", dark=False),
)


@dataclass
class NewGame:
    scenario: str
    power: str
    seed: int
    difficulty: str = "normal"
    tutorial: bool = False


@dataclass
class OpenSave:
    path: Path
    power: str | None = None


@dataclass
class Settings:
    saves_dir: Path = Path("saves")
    seed: int = 2025  # the seed the new-game form offers first
    theme: str = "terra-dark"
    start: NewGame | OpenSave | None = None  # straight into a game (terra-rara play)
    autosave: bool = True
    autosave_keep: int = 3
    content_dir: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class TerraRaraApp(App[None]):
    CSS_PATH = Path(__file__).with_name("terra.tcss")
    TITLE = "Terra Rara"
    BINDINGS = catalogue.bindings("app")
    COMMANDS = App.COMMANDS | {catalogue.CatalogueCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]

    def __init__(self, settings: Settings | None = None, session: GameSession | None = None,
                 content: Content | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.content: Content | None = content or (session.content if session else None)
        self.load_error: str | None = None
        self.latest_save: SaveInfo | None = None
        self.session: GameSession | None = None
        self._handed = session
        self._waiting: list[Callable[[], None]] = []
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.settings.theme

    # ------------------------------------------------------------------ an internal error
    CRASH_LOG = "crash.log"

    def _fatal_error(self) -> None:
        """A bug reached the top: leave with a plain message, not a screen of traceback.  The
        details go to crash.log beside the saves (for a bug report); the game as it stood at the
        start of the turn is in the autosave.  Tests still see the exception (Textual keeps it)."""
        error = self._exception
        log = self._write_crash_log(error)
        last = self.session.last_save if self.session is not None else None
        lines = [f"Terra Rara stopped on an internal error: {type(error).__name__}: {error}"]
        if last is not None:
            lines.append(f"Your game as it stood at the last save is in {last}; "
                         f"terra-rara play --load {last} picks it up again.")
        lines.append(f"The details are in {log}: please send them with a bug report." if log is not None
                     else "The details could not be written down (the saves folder is not writable).")
        self.bell()
        self._exit_renderables.append("\n".join(lines))
        self._close_messages_no_wait()

    def _write_crash_log(self, error: BaseException | None) -> Path | None:
        import datetime
        import traceback

        path = Path(self.settings.saves_dir) / self.CRASH_LOG
        where = (f"{self.session.game.scenario} as {self.session.power}, seed {self.session.game.seed}, "
                 f"turn {self.session.game.turn}" if self.session is not None else "no game open")
        text = "".join(traceback.format_exception(error)) if error is not None else "(no exception)\n"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as out:
                out.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')} · {where}\n{text}\n")
        except OSError:
            return None
        return path

    # ------------------------------------------------------------------ start-up
    def get_default_screen(self) -> Any:
        from game.ui.screens.title import TitleScreen

        return TitleScreen()

    def on_mount(self) -> None:
        if self._handed is not None:
            self.enter_game(self._handed, tutorial=bool(self.settings.extra.get("tutorial")),
                            briefing=bool(self.settings.extra.get("briefing")))
        elif self.settings.start is not None:
            from game.ui.screens.title import LoadingScreen

            self.push_screen(LoadingScreen("Opening the game…"))
        self.load_world()

    @work(thread=True, exclusive=True, group="world")
    def load_world(self) -> None:
        """Load the content and import the engine (numba) off the event loop."""
        try:
            if self.content is None:
                from game.content.loader import ContentError, load_content

                try:
                    content = load_content(self.settings.content_dir)
                except ContentError as exc:
                    self.call_from_thread(self._world_failed, "The game content is invalid: "
                                          + str(exc.problems[0]) + " (run terra-rara validate)")
                    return
            else:
                content = self.content
            from game.runtime import settle_after_loading
            from game.ui import session as _session

            settle_after_loading()  # content and engine are loaded for good
            latest = _session.latest_save(self.settings.saves_dir, content)
        except Exception as exc:  # a broken install must show a message, not a traceback
            self.call_from_thread(self._world_failed, f"Cannot load the game: {type(exc).__name__}: {exc}")
            return
        self.call_from_thread(self._world_loaded, content, latest)

    def _world_failed(self, message: str) -> None:
        self.load_error = message
        self._notify_screens()
        self.notify(esc(message), severity="error", timeout=30)

    def _world_loaded(self, content: Content, latest: SaveInfo | None) -> None:
        self.content = content
        self.latest_save = latest
        self._notify_screens()
        start = self.settings.start
        self.settings.start = None
        if isinstance(start, NewGame):
            self.start_new_game(start.scenario, start.power, start.seed, start.difficulty, start.tutorial)
        elif isinstance(start, OpenSave):
            self.open_save(start.path, start.power)
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()

    def _notify_screens(self) -> None:
        for screen in self.screen_stack:
            ready = getattr(screen, "world_ready", None)
            if ready is not None:
                ready()

    def when_ready(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` now if the world is loaded, else once it is."""
        if self.content is not None:
            callback()
        elif self.load_error is not None:
            self.notify(esc(self.load_error), severity="error")
        else:
            self.notify("The world is still loading…", timeout=2)
            self._waiting.append(callback)

    # ------------------------------------------------------------------ games
    def start_new_game(self, scenario: str, power: str, seed: int, difficulty: str = "normal",
                       tutorial: bool = False) -> None:
        from game.ui.screens.title import LoadingScreen

        if not isinstance(self.screen, LoadingScreen):
            self.push_screen(LoadingScreen("Setting up the world…"))
        self._build_session(scenario, power, seed, difficulty, tutorial)

    @work(thread=True, exclusive=True, group="session")
    def _build_session(self, scenario: str, power: str, seed: int, difficulty: str, tutorial: bool) -> None:
        from game.ui.session import GameSession, SessionError

        try:
            session = GameSession.new(self.content, scenario, power, seed, difficulty, **self._session_options())
        except SessionError as exc:
            self.call_from_thread(self._start_failed, str(exc))
            return
        self.call_from_thread(self.enter_game, session, tutorial, not tutorial)

    def _session_options(self) -> dict[str, Any]:
        return {"saves_dir": self.settings.saves_dir, "autosave_enabled": self.settings.autosave,
                "autosave_keep": self.settings.autosave_keep}

    def _start_failed(self, message: str) -> None:
        from game.ui.screens.title import LoadingScreen

        if isinstance(self.screen, LoadingScreen):
            self.pop_screen()
        self.notify(esc(message), severity="error", timeout=10)

    def start_tutorial(self) -> None:
        from game.ui.tutorial import TUTORIAL_POWER, TUTORIAL_SCENARIO, TUTORIAL_SEED

        self.start_new_game(TUTORIAL_SCENARIO, TUTORIAL_POWER, TUTORIAL_SEED, "normal", tutorial=True)

    def open_save(self, path: Path, power: str | None = None) -> None:
        from game.ui.screens.title import LoadingScreen

        def go() -> None:
            if not isinstance(self.screen, LoadingScreen):
                self.push_screen(LoadingScreen(f"Opening {Path(path).name}…"))
            self._load_session(Path(path), power)

        if self.session is not None and self.session.dirty:
            self.leave_game(then=go)
        else:
            go()

    @work(thread=True, exclusive=True, group="session")
    def _load_session(self, path: Path, power: str | None) -> None:
        from game.saves.files import SaveError
        from game.ui.session import GameSession

        try:
            session = GameSession.load(path, self.content, power=power, **self._session_options())
        except SaveError as exc:
            self.call_from_thread(self._start_failed, str(exc))
            return
        self.call_from_thread(self.enter_game, session, False)

    def enter_game(self, session: GameSession, tutorial: bool = False, briefing: bool = False) -> None:
        """Show the game; ``briefing``: a new game, which opens on the scenario's briefing."""
        from game.ui.screens.game import GameScreen

        self.session = session
        self._pop_to_title()
        self.push_screen(GameScreen(session, tutorial=tutorial, briefing=briefing))
        if session.game.is_over:
            self.call_after_refresh(self.show_end, session)

    def _pop_to_title(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def show_end(self, session: GameSession) -> None:
        from game.ui.screens.endgame import EndGameScreen

        if not isinstance(self.screen, EndGameScreen):
            self.push_screen(EndGameScreen(session))

    def leave_game(self, then: str | Callable[[], None] = "title") -> None:
        """Leave the game in progress (asking first if it has unsaved progress), then go to the
        title screen, quit, or run ``then``."""
        from game.ui.dialogs import Choice, DecisionModal

        def go() -> None:
            if then == "quit":
                self.exit()
            elif then == "title":
                self.session = None
                self._pop_to_title()
                self._refresh_latest()
            else:
                then()  # type: ignore[operator]

        session = self.session
        if session is None or not session.dirty:
            go()
            return
        where = {"quit": "Quit", "title": "Leave this game"}.get(then if isinstance(then, str) else "",
                                                                 "Leave this game")
        last = f" (last saved: {session.last_save.name})" if session.last_save else ""

        def answer(choice: str | None) -> None:
            if choice == "save":
                if self.save_session(session):
                    go()
            elif choice == "discard":
                go()

        self.push_screen(DecisionModal(
            f"{where} with unsaved progress?",
            f"Your moves since the last save will be lost{esc(last)}.",
            [Choice("save", "Save first", variant="primary"), Choice("discard", "Don't save", variant="error")],
            cancel_label="Stay", kind="quit"), answer)

    def _refresh_latest(self) -> None:
        from game.ui.session import latest_save

        self.latest_save = latest_save(self.settings.saves_dir, self.content)
        self._notify_screens()

    def save_session(self, session: GameSession) -> bool:
        try:
            path = session.save()
        except OSError as exc:
            self.notify(f"Cannot save: {esc(exc.strerror or exc)}", severity="error", timeout=8)
            return False
        self.notify(f"Saved to {esc(path)}", title="Saved", timeout=4)
        return True

    # ------------------------------------------------------------------ app actions
    def action_help(self) -> None:
        from game.ui.dialogs import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(getattr(self.screen, "SCOPE", None)))

    def action_toggle_theme(self) -> None:
        self.theme = "terra-light" if self.theme == "terra-dark" else "terra-dark"

    async def action_quit(self) -> None:
        self.leave_game(then="quit")

    def action_load(self) -> None:
        def show() -> None:
            from game.ui.dialogs import LoadDialog
            from game.ui.session import list_saves

            saves = list_saves(self.settings.saves_dir, self.content)
            self.push_screen(LoadDialog(saves, self.settings.saves_dir), self._load_chosen)

        self.when_ready(show)

    def _load_chosen(self, path: Path | None) -> None:
        if path is not None:
            self.open_save(path)


def run(settings: Settings, session: GameSession | None = None) -> None:
    TerraRaraApp(settings, session=session).run()

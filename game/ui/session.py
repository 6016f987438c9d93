"""A game in progress as one player sees it: the engine's game, the player's power, the AI
opponents, the turn briefs, and the saves.  No Textual here: the app is handed a session
(tests hand it a seeded one) and holds no rules; this module only drives the engine's API.

Importing this module imports the engine (numba and its compiled kernels: slow), so the
interface imports it lazily, when a game starts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.content.loader import Content
from game.engine.actions import IllegalAction
from game.engine.game import Game
from game.saves.files import SaveError, load_game, read_save, save_game
from game.sim import briefing
from game.sim.briefing import RivalMove, Snapshot, TurnBrief

DIFFICULTIES = ("easy", "normal", "hard")
DEFAULT_DIFFICULTY = "normal"
AUTOSAVE_PREFIX = "autosave-"
AUTOSAVE_KEEP = 3
HUMAN = "human"

Progress = Callable[[str, float], None]


class SessionError(ValueError):
    """A game cannot be started as asked (unknown scenario or power ...); the message says why."""


def make_opponents(game: Game, difficulty: str, human: str) -> dict[str, Any]:
    """The AI players, one for every power but the human's, each its default persona at the
    chosen difficulty.  The one place AI players are made: each has ``play(game)`` returning
    decisions with ``.action`` and ``.reason``."""
    from game.ai.personas import make_players

    return make_players(game, level=difficulty, powers=[p for p in game.powers if p != human])


def opponents_line(content: Content, scenario: str, human: str) -> str:
    """Who plays the other powers, as the new-game form shows it."""
    book = content.personas
    names = {p.id: p.name for p in book.personas}
    others = [p for p in content.scenarios[scenario].powers if p != human]
    return ", ".join(f"{content.nations[content.nation_index[p]].name} ({names[book.defaults[p]].lower()})"
                     for p in others)


@dataclass
class TurnOutcome:
    report: dict[str, Any]
    brief: TurnBrief
    autosave: Path | None = None
    autosave_error: str | None = None


@dataclass
class SaveInfo:
    path: Path
    scenario: str
    power: str
    seed: int | None
    turn: int  # the turn being played when saved
    turns: int | None
    date: str
    autosave: bool
    over: bool
    saved_at: str
    problem: str | None = None

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class GameSession:
    content: Content
    game: Game
    power: str
    difficulty: str = DEFAULT_DIFFICULTY
    saves_dir: Path = Path("saves")
    autosave_enabled: bool = True
    autosave_keep: int = AUTOSAVE_KEEP
    opponents: dict[str, Any] = field(default_factory=dict)
    outcomes: list[TurnOutcome] = field(default_factory=list)
    dirty: bool = False
    last_save: Path | None = None
    history_complete: bool = True
    _prev: Snapshot | None = None

    def __post_init__(self) -> None:
        self.saves_dir = Path(self.saves_dir)
        if not self.opponents:
            self.opponents = make_opponents(self.game, self.difficulty, self.power)
        if self._prev is None and self.game.state.turn == 0:
            self._prev = briefing.start_snapshot(self.game)

    # ------------------------------------------------------------------ starting
    @classmethod
    def new(cls, content: Content, scenario: str, power: str, seed: int,
            difficulty: str = DEFAULT_DIFFICULTY, **kwargs: Any) -> GameSession:
        check_start(content, scenario, power, seed, difficulty)
        game = Game.new(content, scenario, seed)
        return cls(content=content, game=game, power=power, difficulty=difficulty, **kwargs)

    @classmethod
    def load(cls, path: Path | str, content: Content, power: str | None = None, **kwargs: Any) -> GameSession:
        """Open a save.  The game is rebuilt by replaying its action log from the seed (so
        the charts and the news have the whole game) and checked against the save's hashes
        and snapshot; if the replay disagrees, the snapshot is loaded without history."""
        data = read_save(path, content)
        ui = data.extra.get("ui", {}) if isinstance(data.extra.get("ui"), dict) else {}
        saved_power = ui.get("power") or next((p for p, who in data.players.items() if who == HUMAN), None)
        power = power or saved_power
        scenario = content.scenarios.get(data.scenario)
        if scenario is None:
            raise SaveError(f"{path}: scenario '{data.scenario}' is not in this content")
        if power is None:
            raise SaveError(f"{path}: no human player in this save (a headless run?); choose a power with --power")
        if power not in scenario.powers:
            raise SaveError(f"{path}: '{power}' is not a power of the '{data.scenario}' scenario "
                            f"(powers: {', '.join(scenario.powers)})")
        difficulty = ui.get("difficulty") if ui.get("difficulty") in DIFFICULTIES else DEFAULT_DIFFICULTY
        game, prev, complete = _rebuild(data, content)
        session = cls(content=content, game=game, power=power, difficulty=difficulty, history_complete=complete,
                      _prev=prev, **kwargs)
        session.last_save = Path(path)
        return session

    # ------------------------------------------------------------------ reading
    @property
    def world(self) -> Any:
        return self.game.world

    @property
    def nation_name(self) -> str:
        return self.game.content.nations[self.game.world.nidx[self.power]].name

    @property
    def last_outcome(self) -> TurnOutcome | None:
        return self.outcomes[-1] if self.outcomes else None

    def actions_this_turn(self) -> list[dict[str, Any]]:
        return [a.action for a in self.game.actions_of_turn(self.game.turn) if a.power == self.power]

    def offers(self) -> list[dict[str, Any]]:
        """Offers from other powers waiting for an answer (when the engine has them)."""
        offers = getattr(self.game, "offers", None)
        return list(offers(self.power)) if callable(offers) else []

    # ------------------------------------------------------------------ acting
    def validate(self, action: dict[str, Any]) -> dict[str, Any]:
        """The engine's canonical form of the action, or IllegalAction with its message."""
        return self.game.validate(self.power, action)

    def submit(self, action: dict[str, Any]) -> dict[str, Any]:
        event = self.game.submit(self.power, action)
        self.dirty = True
        return event

    def answer_offer(self, offer_id: Any, accept: bool) -> dict[str, Any]:
        return self.submit({"action": "answer_offer", "offer": offer_id, "accept": bool(accept)})

    def end_turn(self, progress: Progress | None = None) -> TurnOutcome:
        """The AI powers act, the quarter resolves, the brief is written and the game autosaved."""
        game = self.game
        if game.is_over:
            raise IllegalAction("the game is over")
        say = progress or (lambda text, fraction: None)
        rivals: dict[str, list[RivalMove]] = {}
        order = [p for p in game.powers if p in self.opponents]
        steps = len(order) + 2
        for i, power in enumerate(order):
            name = game.content.nations[game.world.nidx[power]].name
            say(f"{name} decides…", i / steps)
            rivals[power] = self._play_opponent(power, name)
        say("The quarter resolves…", len(order) / steps)
        before = briefing.capture(game)
        report = game.end_turn()
        brief = briefing.turn_brief(game, self.power, report, before, self._prev, rivals)
        self._prev = before
        self.dirty = True
        outcome = TurnOutcome(report, brief)
        if self.autosave_enabled:
            say("Autosaving…", (len(order) + 1) / steps)
            try:
                outcome.autosave = self.autosave()
            except OSError as exc:
                outcome.autosave_error = f"autosave failed: {exc.strerror or exc}"
        self.outcomes.append(outcome)
        say("Done", 1.0)
        return outcome

    def _play_opponent(self, power: str, name: str) -> list[RivalMove]:
        state = self.game.state
        start = len(state.events)
        decisions = self.opponents[power].play(self.game)
        events = [e for e in state.events[start:] if e.get("type") == "action" and e.get("nation") == power]
        moves = []
        for i, decision in enumerate(decisions):
            text = events[i]["text"] if i < len(events) else str(decision.action.get("action"))
            moves.append(RivalMove(power, name, text, str(getattr(decision, "reason", ""))))
        return moves

    # ------------------------------------------------------------------ saving
    def game_key(self) -> str:
        return f"{self.game.scenario}-{self.power}-seed{self.game.seed}"

    def default_save_path(self) -> Path:
        return self.saves_dir / f"{self.game_key()}-turn{self.game.turn:02d}.json"

    def save(self, path: Path | str | None = None, autosave: bool = False) -> Path:
        """Write the game (atomically).  Raises OSError if the file cannot be written."""
        target = Path(path) if path is not None else self.default_save_path()
        players = {p: (HUMAN if p == self.power else f"ai:{self.difficulty}") for p in self.game.powers}
        extra = {"ui": {"power": self.power, "difficulty": self.difficulty, "autosave": autosave}}
        written = save_game(self.game, target, players=players, extra=extra)
        if not autosave:
            self.dirty = False
            self.last_save = written
        return written

    def autosave(self) -> Path:
        """Save as ``autosave-<game>-turnNN.json`` and keep only the last few of this game."""
        path = self.saves_dir / f"{AUTOSAVE_PREFIX}{self.game_key()}-turn{self.game.state.turn + 1:02d}.json"
        written = self.save(path, autosave=True)
        self.dirty = False
        self.last_save = written
        pattern = re.compile(re.escape(f"{AUTOSAVE_PREFIX}{self.game_key()}-turn") + r"(\d+)\.json$")
        mine = sorted((int(m.group(1)), p) for p in self.saves_dir.glob(f"{AUTOSAVE_PREFIX}*.json")
                      if (m := pattern.match(p.name)))
        for _, old in mine[:-self.autosave_keep] if self.autosave_keep > 0 else []:
            try:
                old.unlink()
            except OSError:
                pass
        return written


def check_start(content: Content, scenario: str, power: str, seed: int, difficulty: str = DEFAULT_DIFFICULTY) -> None:
    """Raise SessionError unless a new game can start with these choices."""
    from game.content.loader import did_you_mean

    if scenario not in content.scenarios:
        raise SessionError(f"unknown scenario '{scenario}'" + did_you_mean(scenario, content.scenarios, "; ")
                           + f" (scenarios: {', '.join(sorted(content.scenarios))})")
    powers = content.scenarios[scenario].powers
    if power not in powers:
        known = [p for p in content.power_ids if p in powers]
        hint = did_you_mean(power, content.power_ids, "; ") if power not in content.power_ids else ""
        where = "" if power not in content.power_ids else f" is not a power of the '{scenario}' scenario"
        raise SessionError((f"'{power}'{where}" if where else f"unknown power '{power}'") + hint
                           + f" (powers: {', '.join(known)})")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise SessionError(f"the seed must be a whole number, 0 or more (got {seed!r})")
    if difficulty not in DIFFICULTIES:
        raise SessionError(f"unknown difficulty '{difficulty}' (one of: {', '.join(DIFFICULTIES)})")


def _rebuild(data: Any, content: Content) -> tuple[Game, Snapshot | None, bool]:
    """Replay a save's log from its seed: (game, snapshot before the last turn, complete)."""
    try:
        game = Game.new(content, data.scenario, data.seed)
        prev = briefing.start_snapshot(game)
        by_turn: dict[int, list[Any]] = {}
        for a in data.actions:
            by_turn.setdefault(a.turn, []).append(a)
        for t, expected in enumerate(data.turn_hashes, start=1):
            for a in by_turn.get(t, []):
                game.submit(a.power, dict(a.action))
            prev = briefing.capture(game)
            game.end_turn()
            if game.state_hash() != expected:
                raise IllegalAction(f"turn {t} differs")
        for a in by_turn.get(len(data.turn_hashes) + 1, []):
            game.submit(a.power, dict(a.action))
        from game.engine.state import GameState

        if GameState.from_dict(data.snapshot).state_hash() != game.state_hash():
            raise IllegalAction("snapshot differs")
        return game, (prev if data.turn_hashes else None), True
    except (IllegalAction, KeyError, ValueError, TypeError):
        return load_game(data, content), None, False


_SAVE_NAME = re.compile(r"-turn(\d+)\.json$")


def list_saves(folder: Path | str, content: Content | None = None) -> list[SaveInfo]:
    """The saves in ``folder``, newest first, with what the load dialog shows.  Damaged
    files are listed with their problem (opening one gives the full message)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for path in folder.glob("*.json"):
        if path.name.startswith("."):
            continue
        try:
            body = json.loads(path.read_bytes())
            if not isinstance(body, dict) or body.get("format") != "terra-rara-save":
                raise ValueError("not a Terra Rara save")
            ui = (body.get("extra") or {}).get("ui") or {}
            players = body.get("players") or {}
            power = ui.get("power") or next((p for p, who in players.items() if who == HUMAN), "") or "-"
            resolved = int(body.get("turn", 0))
            scenario = str(body.get("scenario", "?"))
            spec = content.scenarios.get(scenario) if content is not None else None
            over = bool((body.get("snapshot") or {}).get("over", False))
            turn = resolved if over else resolved + 1
            date = str(body.get("date", ""))
            if spec is not None:
                from game.engine.world import World

                date = World.build(content, scenario).date_label(max(turn, 1))
            out.append(SaveInfo(path, scenario, power, body.get("seed"), turn, spec.turns if spec else None, date,
                                bool(ui.get("autosave")) or path.name.startswith(AUTOSAVE_PREFIX), over,
                                str(body.get("saved_at", ""))))
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            out.append(SaveInfo(path, "?", "?", None, 0, None, "", path.name.startswith(AUTOSAVE_PREFIX), False, "",
                                problem=str(exc) or type(exc).__name__))
    out.sort(key=lambda s: (s.saved_at, s.name), reverse=True)
    return out


def latest_save(folder: Path | str, content: Content | None = None) -> SaveInfo | None:
    usable = [s for s in list_saves(folder, content) if s.problem is None and not s.over]
    return usable[0] if usable else None

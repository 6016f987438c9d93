"""Headless games: every power on its AI persona, scripted actions overriding a power's AI for a turn.

``run_game`` is what ``terra-rara sim`` calls; the balance tools and tests use it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from game.ai.personas import PersonaPlayer, make_players
from game.content.loader import Content, did_you_mean
from game.content.schema import STAGES
from game.engine.actions import IllegalAction
from game.engine.game import Game, shortage_tonnes


class ScriptError(ValueError):
    """A scripted actions file is unusable; the message says where and why."""


@dataclass(frozen=True)
class ScriptedAction:
    turn: int
    power: str
    action: dict[str, Any]
    where: str  # "file:line" of the entry


@dataclass
class GameRecord:
    """What a headless game produced, turn by turn."""

    game: Game
    prices: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    production: dict[str, dict[str, dict[str, list[float]]]] = field(default_factory=dict)
    shortages: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    tension: list[float] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    players: dict[str, dict[str, str]] = field(default_factory=dict)  # power -> persona and level (or script)

    def to_json(self) -> dict[str, Any]:
        g = self.game
        agreements = g.agreements()
        return {
            "scenario": g.scenario, "seed": g.seed, "turns_played": g.state.turn,
            "final_state_hash": g.state_hash(), "turn_hashes": list(g.turn_hashes),
            "scores": g.scores(), "winner": g.winner(), "end_reason": g.state.end_reason,
            "prices": self.prices, "production": self.production, "shortages": self.shortages,
            "tension": self.tension, "events": self.events, "decisions": self.decisions,
            "personas": self.players,
            "agreements": [a for a in agreements if a["kind"] not in ("alliance",)],
            "alliances": [a for a in agreements if a["kind"] == "alliance"],
            "reputation": {p: round(float(g.state.reputation[g.world.nidx[p]]), 2) for p in g.powers},
            "units": {"prices": {m.id: m.price_unit for m in g.content.minerals},
                      "production": "t per quarter", "shortages": "t per quarter of unmet refined need"},
        }


def load_script(path: Path, content: Content) -> list[ScriptedAction]:
    """Read and check a YAML list of {turn, power, action, ...params}."""
    from game.content.yamlines import load_located

    doc, problems = load_located(path, str(path))
    if problems:
        raise ScriptError(str(problems[0]))
    if not isinstance(doc.data, list):
        raise ScriptError(f"{path}:{doc.line_of(())}: expected a YAML list of actions")
    powers = content.power_ids
    out = []
    for i, entry in enumerate(doc.data):
        where = f"{path}:{doc.line_of((i,))}"
        if not isinstance(entry, dict):
            raise ScriptError(f"{where}: [{i}]: each entry must be a mapping like "
                              "{turn: 1, power: china, action: ...}")
        for key in ("turn", "power", "action"):
            if key not in entry:
                raise ScriptError(f"{where}: [{i}]: missing '{key}'")
        turn = entry["turn"]
        if not isinstance(turn, int) or isinstance(turn, bool) or turn < 1:
            raise ScriptError(f"{where}: [{i}].turn: must be a whole number from 1 (got {turn!r})")
        power = entry["power"]
        if power not in powers:
            raise ScriptError(f"{where}: [{i}].power: unknown power '{power}'"
                              + did_you_mean(str(power), powers, prefix="; "))
        action = {k: v for k, v in entry.items() if k not in ("turn", "power")}
        out.append(ScriptedAction(turn, str(power), action, where))
    return out


def run_game(
    content: Content,
    scenario: str,
    seed: int,
    turns: int | None = None,
    script: list[ScriptedAction] | None = None,
    bots: dict[str, PersonaPlayer] | None = None,
    on_turn: Callable[[Game, dict[str, Any]], None] | None = None,
    record: bool = True,
    controls: dict[str, str] | None = None,
    level: str = "normal",
    setup: Callable[[Game], None] | None = None,
    before_turn: Callable[[Game], None] | None = None,
    after_turn: Callable[[Game], None] | None = None,
) -> GameRecord:
    """Play a game headless, every power on its AI persona (``controls`` maps a power to
    ``PERSONA[:LEVEL]``; the rest play their default persona at ``level``); scripted actions
    override a power's AI for their turn.  Raises ScriptError for a scripted action the
    engine refuses, UnknownPersona for a bad control.

    Experiments (game.sim.lessons) change the world through three hooks: ``setup(game)``
    once before the first turn, ``before_turn(game)`` at the start of every turn (it may
    submit actions; the AIs then play as usual) and ``after_turn(game)`` after every turn
    is resolved (to read the state; no report is made for it)."""
    game = Game.new(content, scenario, seed)
    if setup is not None:
        setup(game)
    for entry in script or []:
        if entry.power not in game.powers:
            raise ScriptError(f"{entry.where}: power '{entry.power}' is not in the '{scenario}' scenario "
                              f"(powers: {', '.join(game.powers)})")
    bots = make_players(game, controls, level) if bots is None else bots
    scripted: dict[tuple[int, str], list[ScriptedAction]] = {}
    for entry in script or []:
        scripted.setdefault((entry.turn, entry.power), []).append(entry)
    rec = GameRecord(game, players={p: {"persona": b.persona.id, "level": b.level} for p, b in bots.items()})
    limit = game.turns if turns is None else min(turns, game.turns)
    while not game.is_over and game.state.turn < limit:
        if before_turn is not None:
            before_turn(game)
        for power in game.powers:
            entries = scripted.get((game.turn, power))
            if entries is not None:
                for entry in entries:
                    try:
                        game.submit(power, entry.action)
                    except IllegalAction as exc:
                        raise ScriptError(f"{entry.where}: turn {entry.turn}, {power}: {exc}") from None
                    if record:
                        rec.decisions.append({"turn": entry.turn, "power": power, "action": entry.action,
                                              "reason": "scripted"})
            elif power in bots:
                for d in bots[power].play(game):
                    if record:
                        rec.decisions.append({"turn": game.turn, "power": power, "action": d.action,
                                              "reason": d.reason})
        report = game.end_turn(report=record or on_turn is not None)
        if after_turn is not None:
            after_turn(game)
        if report is None:  # no report was asked for
            continue
        if record:
            _record_turn(rec, game, report)
        if on_turn is not None:
            on_turn(game, report)
    return rec


def _record_turn(rec: GameRecord, game: Game, report: dict[str, Any]) -> None:
    w, s = game.world, game.state
    gap = shortage_tonnes(s)
    for m, mid in enumerate(w.mineral_ids):
        for k, stage in enumerate(STAGES):
            rec.prices.setdefault(mid, {}).setdefault(stage, []).append(
                round(float(s.price[m, k] / w.price_scale[m]), 4))
            per_nation = rec.production.setdefault(mid, {}).setdefault(stage, {})
            for n, nid in enumerate(w.nation_ids):
                per_nation.setdefault(nid, []).append(round(float(s.production[n, m, k]), 3))
        short = rec.shortages.setdefault(mid, {})
        for n in w.power_index:
            short.setdefault(w.nation_ids[n], []).append(round(float(gap[n, m]), 3))
    rec.tension.append(report["tension"])  # at the close of the quarter, as judged
    for e in report["events"]:
        rec.events.append({"turn": report["turn"], **e})

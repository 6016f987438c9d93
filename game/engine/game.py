"""The engine's public API: one object every front end drives.

    game = Game.new(content, "standard", seed=7)
    game.legal_actions("japan")
    game.submit("japan", {"action": "stockpile_buy", "mineral": "dytb", "weeks": 4})
    report = game.end_turn()
    game.state_hash()

The TUI, the bots, the headless runner and the tests all use this and nothing else.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.content.loader import Content
from game.content.schema import STAGES
from game.engine import actions as act
from game.engine.actions import IllegalAction
from game.engine.scoring import final_scores, ranking, stock_weeks
from game.engine.state import GameState, initial_state
from game.engine.turn import resolve
from game.engine.world import World

ENGINE_VERSION = "0.1.0"


@dataclass
class LoggedAction:
    turn: int
    power: str
    action: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "power": self.power, **self.action}


@dataclass(eq=False)
class Game:
    world: World
    seed: int
    state: GameState
    ai_seed: np.random.SeedSequence
    log: list[LoggedAction] = field(default_factory=list)
    turn_hashes: list[str] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    # per-turn caches of front ends and bots (derived from the state, never part of it)
    scratch: dict[str, Any] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ creation
    @classmethod
    def new(cls, content: Content, scenario_id: str, seed: int) -> "Game":
        """A new game.  Raises ScenarioNotFound for an unknown scenario id."""
        world = World.build(content, scenario_id)
        world_seed, ai_seed = np.random.SeedSequence(int(seed)).spawn(2)
        state = _start_template(world).clone()
        state.rng = np.random.Generator(np.random.PCG64(world_seed))
        return cls(world=world, seed=int(seed), state=state, ai_seed=ai_seed)

    # ------------------------------------------------------------------ reading
    @property
    def content(self) -> Content:
        return self.world.content

    @property
    def scenario(self) -> str:
        return self.world.scenario.id

    @property
    def powers(self) -> tuple[str, ...]:
        return self.world.powers

    @property
    def turn(self) -> int:
        """The turn being played, counted from 1."""
        return self.state.turn + 1

    @property
    def turns(self) -> int:
        return self.world.scenario.turns

    @property
    def is_over(self) -> bool:
        return self.state.over

    def date_label(self, turn: int | None = None) -> str:
        return self.world.date_label(self.turn if turn is None else turn)

    def state_hash(self) -> str:
        return self.state.state_hash()

    def scores(self) -> dict[str, float]:
        return final_scores(self.world, self.state)

    def ranking(self) -> list[tuple[str, float]]:
        return ranking(self.world, self.state)

    def winner(self) -> str:
        return self.ranking()[0][0]

    def _power(self, power: str) -> int:
        if power not in self.world.nidx:
            raise IllegalAction(f"unknown power '{power}'" + act._suggest(power, self.powers))
        idx = self.world.nidx[power]
        if not self.world.in_play[idx]:
            raise IllegalAction(f"{power} is not a power in the '{self.scenario}' scenario "
                                f"(powers: {', '.join(self.powers)})")
        return idx

    # ------------------------------------------------------------------ acting
    def legal_actions(self, power: str) -> list[dict[str, Any]]:
        return act.legal_actions(self.world, self.state, self._power(power))

    def validate(self, power: str, action: dict[str, Any]) -> dict[str, Any]:
        """The canonical form of ``action`` if legal now; IllegalAction otherwise."""
        idx = self._power(power)
        normal = act.normalize(self.world, action)
        act.check(self.world, self.state, idx, normal)
        return normal

    def submit(self, power: str, action: dict[str, Any]) -> dict[str, Any]:
        """Validate and carry out an action.  On IllegalAction nothing changes."""
        normal = self.validate(power, action)
        event = act.apply(self.world, self.state, self.world.nidx[power], normal)
        self.log.append(LoggedAction(self.turn, power, normal))
        self.state.events.append(event)
        return event

    def end_turn(self, report: bool = True) -> dict[str, Any] | None:
        """Resolve the quarter; return its report (batch runs may skip building it)."""
        if self.state.over:
            raise IllegalAction("the game is over")
        decisions = [e for e in self.state.events if e.get("type") == "action"]
        resolve(self.world, self.state)
        self.turn_hashes.append(self.state.state_hash())
        if not report:
            return None
        made = turn_report(self.world, self.state, decisions)
        self.reports.append(made)
        return made

    def actions_of_turn(self, turn: int) -> list[LoggedAction]:
        return [a for a in self.log if a.turn == turn]


_TEMPLATES: "weakref.WeakKeyDictionary[World, GameState]" = weakref.WeakKeyDictionary()


def _start_template(world: World) -> GameState:
    """The settled start of a scenario, the same for every seed (chance enters only
    once play begins); built once and cloned for each new game."""
    if world not in _TEMPLATES:
        state = initial_state(world, np.random.SeedSequence(0))
        _settle_start(world, state)
        _TEMPLATES[world] = state
    return _TEMPLATES[world]


def _settle_start(world: World, state: GameState) -> None:
    """Give the start state consistent markets and each power its start index.

    A quiet quarter is resolved on a copy; its prices, flows and scores become
    the picture at the start (nothing else of the copy is kept).
    """
    trial = state.clone()
    resolve(world, trial)
    for name in ("price", "local_price", "price_trend", "production", "recycled", "consumption",
                 "imports", "exports", "need", "coverage", "output_factor", "supplier",
                 "supplier_share", "trade_flows", "index_parts", "index"):
        getattr(state, name)[...] = getattr(trial, name)
    state.start_index[...] = trial.index


def shortage_tonnes(state: GameState) -> np.ndarray:
    """[N, M] refined tonnes a quarter each nation could not get at the open price."""
    return state.need * (1.0 - state.coverage)


def turn_report(world: World, state: GameState, decisions: list[dict[str, Any]]) -> dict[str, Any]:
    """What a player reads after a turn: prices, shortages, headlines, decisions."""
    mids = world.mineral_ids
    prices = {mids[m]: {STAGES[k]: round(float(state.price[m, k] / world.price_scale[m]), 4)
                        for k in range(2)} for m in range(world.M)}
    shortages: dict[str, dict[str, float]] = {}
    shortage = shortage_tonnes(state)
    for n in world.power_index:
        for m in range(world.M):
            gap = float(shortage[n, m])
            if gap > 0.01 * state.need[n, m]:
                shortages.setdefault(mids[m], {})[world.nation_ids[n]] = round(gap, 3)
    weeks = stock_weeks(state)
    powers = {}
    for n in world.power_index:
        pid = world.nation_ids[n]
        powers[pid] = {
            "treasury": round(float(state.treasury[n]), 4),
            "political_capital": round(float(state.political_capital[n]), 2),
            "index": round(float(state.index[n]), 3),
            "dependence": {
                mids[m]: {"supplier": world.nation_ids[int(state.supplier[n, m])],
                          "share": round(float(state.supplier_share[n, m]), 4)}
                for m in range(world.M) if state.supplier[n, m] >= 0 and state.supplier_share[n, m] > 0.05
            },
            "stock_weeks": {mids[m]: round(float(weeks[n, m]), 2) for m in range(world.M) if weeks[n, m] > 0},
        }
    return {
        "turn": state.turn, "date": world.date_label(state.turn), "tension": round(state.tension, 3),
        "prices": prices, "shortages": shortages, "events": list(state.events),
        "decisions": decisions, "powers": powers, "over": state.over, "end_reason": state.end_reason,
    }

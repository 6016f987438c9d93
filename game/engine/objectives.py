"""Scenario objectives: checked at the end of their year (or of the game), worth points."""

from __future__ import annotations

from typing import Any

import numpy as np

from game.content import schema
from game.engine.kernels import exposure_of, stock_weeks_of
from game.engine.state import GameState
from game.engine.world import World


def measure(world: World, state: GameState, power: int, obj: schema.Objective) -> float:
    """The value of an objective's metric now."""
    m = world.midx[obj.mineral] if obj.mineral else 0
    if obj.metric == "tension_below":
        return state.tension
    if obj.metric in ("refining_share", "mining_share"):
        k = 1 if obj.metric == "refining_share" else 0
        total = state.production[:, m, k].sum()
        return float(state.production[power, m, k] / total) if total > 0 else 0.0
    if obj.metric == "max_supplier_share":  # what was denied counts as the supplier's: see supply_exposure
        return float(exposure_of(float(state.supplier_share[power, m]), float(state.denied_share[power, m])))
    if obj.metric == "recycling_share":
        use = state.consumption[power, m, 1]
        return float(state.recycled[power, m] / use) if use > 0 else 0.0
    if obj.metric == "stockpile_weeks":
        return float(stock_weeks_of(float(state.stockpile[power, m, 1]), float(state.need[power, m])))
    return float(state.coverage[power, m])  # coverage


def met(value: float, obj: schema.Objective) -> bool:
    return value >= obj.value if obj.op == ">=" else value <= obj.value


def check_objectives(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    """Settle the objectives whose year has just ended, and all open ones when the game ends."""
    year, quarter = world.date_of(state.turn)
    for pid, objectives in world.scenario.objectives.items():
        if pid not in world.powers:
            continue
        n = world.nidx[pid]
        done = state.objectives.setdefault(pid, {})
        for obj in objectives:
            if obj.id in done:
                continue
            due = obj.by_year is not None and (year > obj.by_year or (year == obj.by_year and quarter == 4))
            if not (due or state.over):
                continue
            value = measure(world, state, n, obj)
            done[obj.id] = met(value, obj)
            verdict = "met" if done[obj.id] else "missed"
            events.append({"type": "objective", "nation": pid, "objective": obj.id, "met": done[obj.id],
                           "text": f"{world.content.nations[n].name} {verdict} its objective: {obj.text} "
                                   f"({value:.2f} {obj.op} {obj.value:g})"})


def objective_points(world: World, state: GameState) -> np.ndarray:
    """[N] points from objectives met."""
    return _points(world, state, lambda done, obj: bool(done.get(obj.id)))


def points_settled(world: World, state: GameState) -> np.ndarray:
    """[N] points of the objectives already settled, met or missed."""
    return _points(world, state, lambda done, obj: obj.id in done)


def _points(world: World, state: GameState, counts) -> np.ndarray:
    """[N] the points of each power's objectives that ``counts(settled, objective)`` counts."""
    out = np.zeros(world.N)
    for pid, objectives in world.scenario.objectives.items():
        if pid not in world.nidx:
            continue
        done = state.objectives.get(pid, {})
        out[world.nidx[pid]] = sum(o.points for o in objectives if counts(done, o))
    return out

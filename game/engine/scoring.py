"""The power index: prosperity, security, influence and sustainability (0-100 each).

The index itself is computed each quarter in the index phase of game.engine.quarter; this module
turns it into the final scores and the ranking.

Powers are ranked by the index points they earned quarter by quarter, less their seat's
par.  Each quarter a power earns its index's gain over its own start, divided by the
scenario's length in quarters (``accrue_index``), as Twilight Struggle scores victory points
turn by turn: at the end the points are the gain averaged over the whole game, so years of
shortage stay on the record after a ban ends, and a quarter lost is lost for good.  Par is
the points a normal-level AI makes from that seat against AI rivals (the scenario's
``par``, measured by bench/par.py; during the game, its share for the quarters played, as
a golfer is "two under through nine").  Gain over the start alone puts a power that
starts near the top of every part last whoever plays it (China: index ~88, influence at
the cap; its index can hardly rise and falls as rivals build their own supply chains);
par is to a seat what komi is to the second player in Go.  A confrontation (tension 100)
costs everyone, and most the power that pushed tension furthest.
"""

from __future__ import annotations

import numpy as np

from game.engine.objectives import objective_points, points_settled
from game.engine.rules import culprit, stock_weeks  # noqa: F401  (stock_weeks: read from here too)
from game.engine.state import GameState
from game.engine.world import World

CONFRONTATION_PENALTY_ALL = 10.0
CONFRONTATION_PENALTY_CULPRIT = 25.0


def par_so_far(world: World, state: GameState) -> np.ndarray:
    """[N] each seat's par so far (all of it once the game has run its course): the part its
    objectives make (``par_objectives``) as they are settled, in proportion to the points
    settled; the rest for the quarters played."""
    played = min(state.turn / world.scenario.turns, 1.0)
    split = world.par_objectives
    if not split.any():
        return world.par * played
    at_stake = world.objective_points_at_stake
    settled = np.divide(points_settled(world, state), at_stake, out=np.zeros(world.N), where=at_stake > 0)
    return (world.par - split) * played + split * settled


def confrontation_penalty(world: World, state: GameState) -> np.ndarray:
    """[N] points each power loses to a confrontation (<= 0): all of them lose
    CONFRONTATION_PENALTY_ALL, the one that pushed hardest CONFRONTATION_PENALTY_CULPRIT more."""
    penalty = np.zeros(world.N)
    if state.end_reason == "confrontation":
        penalty -= CONFRONTATION_PENALTY_ALL
        penalty[culprit(world, state)] -= CONFRONTATION_PENALTY_CULPRIT
    return penalty


def accrue_index(world: World, state: GameState) -> None:
    """Credit each power with this quarter's index gain over its start, a 1/turns share of it
    (called once a quarter, after the index is worked out)."""
    state.index_lived += (state.index - state.start_index) / world.scenario.turns


def final_scores(world: World, state: GameState) -> dict[str, float]:
    """Each power's index points earned so far, less its par so far, plus its objectives'
    points, with the confrontation penalty."""
    gain = (state.index_lived - par_so_far(world, state) + objective_points(world, state)
            + confrontation_penalty(world, state))
    return {world.nation_ids[n]: round(float(gain[n]), 4) for n in world.power_index}


def ranking(world: World, state: GameState) -> list[tuple[str, float]]:
    scores = final_scores(world, state)
    order = sorted(world.powers, key=lambda p: (-scores[p], world.powers.index(p)))
    return [(p, scores[p]) for p in order]

"""Rules the engine, the AI, the turn report and the UI all read, each stated once.

The numbers themselves live in ``content/rules.yaml`` (read as ``world.content.rules``);
this module states how they are applied.  A rule the compiled quarter also needs is
written as a small compiled function in ``game.engine.kernels`` and exported from here, so
Python callers and the kernel run the same code.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.content.schema import CrisisHazard
from game.engine.kernels import mine_allowed
from game.engine.state import GameState
from game.engine.world import World

# ------------------------------------------------------------------ weeks of stock
WEEKS_A_QUARTER = 13.0


def weekly_use(need: float) -> float:
    """Refined tonnes a week at the current draw: ``need`` is the tonnes a quarter a nation's
    sectors need (after substitution and the quarter's demand shifts), so a "week of stock"
    means the same when it is bought, given, shown, scored and weighed by the AI."""
    return need / WEEKS_A_QUARTER


def tonnes_for_weeks(state: GameState, n: int, m: int, weeks: float) -> float:
    """The refined tonnes that cover ``weeks`` of nation n's use of mineral m."""
    return float(weeks) * weekly_use(float(state.need[n, m]))


def stock_weeks(state: GameState) -> np.ndarray:
    """[N, M] weeks of refined use each nation's stockpile would cover (0 where it uses none).
    The compiled twin is kernels.stock_weeks_of, which the quarter and the AI view call;
    tests/test_rules.py holds the two equal."""
    weekly = np.maximum(state.need, 1e-12) / WEEKS_A_QUARTER
    return np.where(state.need > 0, state.stockpile[:, :, 1] / weekly, 0.0)


# ------------------------------------------------------------------ dependence


def supply_exposure(state: GameState) -> np.ndarray:
    """[N, M] how much of each nation's refined use one foreign supplier holds in its hands:
    the top supplier's share of what it used plus the share of its supply export controls
    denied it, at most 1.  Being cut off is not being diversified: under a ban the banned
    supply counts as the dependence it was (the index's independence and the objectives'
    'no more than X% from one supplier' read this).  kernels.exposure_of is the compiled twin."""
    return np.minimum(1.0, state.supplier_share + state.denied_share)


# ------------------------------------------------------------------ thresholds
SHORTAGE = 0.8        # a nation meeting less than this share of its need of a metal is short of it
SUPPLY_TIGHT = 0.97   # below this share of need met, supply is tight (a warning, not yet a shortage)
HIGH_TENSION = 70.0   # global tension from here on is high: a trigger for cards, a danger in the report
TENSION_RISING = 50.0  # from here on tension is worth a warning


def is_short(coverage: Any) -> Any:
    """Whether a share of need met (a number or an array) counts as a shortage."""
    return coverage < SHORTAGE


# ------------------------------------------------------------------ mines
MINE_RESERVE_YEARS = 5.0


def reserves_needed(capacity: Any) -> Any:
    """The known reserves (tonnes) a mine of ``capacity`` tonnes a year needs: a mine may be
    opened, expanded, taken on as a joint venture or grow with the market only while its
    nation's reserves hold MINE_RESERVE_YEARS years of it."""
    return capacity * MINE_RESERVE_YEARS


def reserves_allow_mine(reserves: Any, capacity: Any) -> Any:
    """Whether reserves hold a mine of ``capacity`` (scalars or arrays); the quarter's
    investment phase runs the same compiled comparison (kernels.mine_allowed)."""
    return mine_allowed(reserves, capacity, MINE_RESERVE_YEARS)


# ------------------------------------------------------------------ tension
TENSION_CAP = 100.0


BAN_POINTS = 10.0  # about what a leading producer's export ban adds to tension: the yardstick of "a move's risk"


def crisis_chance(hazard: CrisisHazard, after: float, amount: float) -> float:
    """The chance that an escalation of ``amount`` points, ending at tension ``after``, tips
    the world into confrontation (``hazard``: content/rules.yaml crisis_hazard):
    ((after - above) / (100 - above)) ** power x amount / step, nil at or below ``above``,
    at most 1.  A Chinese ban (+10) ending at tension 80 carries about 0.28, at 90 about 0.57; a
    tariff (+1.5) ending at 65 about 0.007."""
    if after <= hazard.above or amount <= 0.0:
        return 0.0
    level = (min(after, TENSION_CAP) - hazard.above) / (TENSION_CAP - hazard.above)
    return min(1.0, level ** hazard.power * amount / hazard.step)


def move_risk(hazard: CrisisHazard, tension: float, added: float = BAN_POINTS) -> float:
    """The chance that a move adding ``added`` to tension now (``tension``) tips the world into
    confrontation: what the advisers, the status bar, the forms and the AIs quote."""
    return crisis_chance(hazard, min(TENSION_CAP, tension + added), added)


def raise_tension(world: World, state: GameState, amount: float, by: int | None) -> None:
    """Add ``amount`` (> 0) to global tension, capped at 100, and put it to the account of
    nation ``by`` (None: nobody in particular, e.g. world news).  A nation's escalation above
    the hazard's threshold may tip the world into confrontation (crisis_chance, drawn from the
    state's crisis stream; the quarter then ends in one, ``by`` to blame): brinkmanship is a
    risk taken on every move, not a line crossed at 100."""
    state.tension = min(TENSION_CAP, state.tension + amount)
    if by is not None:
        state.tension_by[by] += amount
        if state.crisis_by < 0:  # one crisis is enough: none is drawn once the world has tipped
            chance = crisis_chance(world.content.rules.crisis_hazard, state.tension, amount)
            if chance > 0.0 and state.crisis_rng.random() < chance:
                state.crisis_by = by


def ease_tension(state: GameState, amount: float) -> None:
    """Lower global tension by ``amount`` (> 0), never below 0."""
    state.tension = max(0.0, state.tension - amount)


def quarter_tension(at_close: float, after: float) -> float:
    """The tension a quarter is judged on, recorded in its report and checked against the
    confrontation threshold: the higher of its value at the close of the quarter's moves (what
    the player last saw before ending the turn) and after the quarter resolved (contract
    breaches at settlement may add to it).  Tension eases a little in every resolution, so
    judging the eased value alone could never reach 100 from moves capped at 100."""
    return max(at_close, after)


def culprit(world: World, state: GameState) -> int:
    """The power that pays most for a confrontation: the one whose escalation tipped the world
    into it, else (tension reached 100) the power in play that has added the most tension."""
    if state.crisis_by >= 0:
        return state.crisis_by
    return int(np.argmax(np.where(world.in_play, state.tension_by, -np.inf)))

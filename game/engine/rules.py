"""Rules the engine, the AI, the turn report and the UI all read, each stated once.

The numbers themselves live in ``content/rules.yaml`` (read as ``world.content.rules``);
this module states how they are applied.  A rule the compiled quarter also needs is
written as a small compiled function in ``game.engine.kernels`` and exported from here, so
Python callers and the kernel run the same code.
"""

from __future__ import annotations

import numpy as np

from game.engine.state import GameState
from game.engine.world import World

# ------------------------------------------------------------------ tension
TENSION_CAP = 100.0


def raise_tension(state: GameState, amount: float, by: int | None) -> None:
    """Add ``amount`` (> 0) to global tension, capped at 100, and put it to the account of
    nation ``by`` (None: nobody in particular, e.g. world news)."""
    state.tension = min(TENSION_CAP, state.tension + amount)
    if by is not None:
        state.tension_by[by] += amount


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
    """The power in play that has added the most tension: it pays most for a confrontation."""
    return int(np.argmax(np.where(world.in_play, state.tension_by, -np.inf)))

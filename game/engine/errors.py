"""What every rule check raises, and the two budget checks all actions share."""

from __future__ import annotations

from game.engine.state import GameState


class IllegalAction(ValueError):
    """The action is not allowed now; the message says why.  State is unchanged."""


def need_money(state: GameState, power: int, cost: float, what: str) -> None:
    if state.treasury[power] < cost - 1e-9:
        raise IllegalAction(f"{what} costs ${cost:.2f} bn; treasury holds ${state.treasury[power]:.2f} bn")


def need_capital(state: GameState, power: int, cost: float, what: str) -> None:
    if state.political_capital[power] < cost - 1e-9:
        raise IllegalAction(f"{what} needs {cost:.0f} political capital; you have "
                            f"{state.political_capital[power]:.0f}")

"""How the AI personas judge a card: the same effects and costs a player reads.

A rough worth, in $bn-like units, of a list of effects to the power that plays or
answers the card.  It favours money, technology, stock and goodwill toward the
power, and dislikes tension and losses of its own capacity; it is meant to be
plausible, not clever; game.ai.personas weighs it against the other options.
"""

from __future__ import annotations

import weakref
from typing import Any

from game.engine.game import Game


def effects_value(power: str, effects: list[Any], leverage: frozenset[str] = frozenset()) -> float:
    me = power
    value = 0.0
    for e in effects:
        t = e.type
        who = getattr(e, "nation", None)
        mine = who in ("self", me)
        if t == "treasury" and mine:
            value += e.delta
        elif t == "political_capital" and mine:
            value += e.delta / 10.0
        elif t == "technology" and mine:
            value += 2.0 * e.delta
        elif t == "social_licence" and mine:
            value += e.delta / 10.0
        elif t == "stockpile" and mine:
            value += e.weeks * 0.1
        elif t == "tension":
            value -= e.delta * 0.05
        elif t == "relation_change" and getattr(e, "other", None) in ("self", me, "all") and not mine:
            value += e.delta / 20.0
        elif t == "capacity_loss" and mine:
            value -= e.pct / 20.0
        elif t == "project" and getattr(e, "owner", None) in ("self", me):
            value += 1.0
        elif t == "export_control" and getattr(e, "controller", None) in ("self", me):
            # leverage is worth using where the power dominates (seed 000: concentration = leverage)
            value += 1.5 if e.mineral in leverage else 0.2
    return value


_VALUES: "weakref.WeakKeyDictionary[Any, dict[tuple, float]]" = weakref.WeakKeyDictionary()


def option_value(game: Game, power: str, card: Any, choice: Any, charge_card: bool) -> float:
    """Worth of playing (or answering with) a card; depends only on the card and on what the
    power dominated at the start of the scenario, so it is cached."""
    cache = _VALUES.setdefault(game.content, {})
    key = (game.scenario, power, card.id, choice.id if choice is not None else None, charge_card)
    if key not in cache:
        cache[key] = _option_value(power, card, choice, charge_card, dominated(game, power))
    return cache[key]


def dominated(game: Game, power: str) -> frozenset[str]:
    """Minerals whose refining the power held a majority of at the start: its leverage."""
    from game.engine.game import start_template

    start = start_template(game.world).production[:, :, 1]
    n = game.world.nidx[power]
    total = start.sum(axis=0)
    return frozenset(m for i, m in enumerate(game.world.mineral_ids) if total[i] > 0 and start[n, i] / total[i] > 0.5)


def _option_value(power: str, card: Any, choice: Any, charge_card: bool, leverage: frozenset[str]) -> float:
    effects = (list(card.effects) if charge_card else []) + (list(choice.effects) if choice is not None else [])
    cost = (card.cost.treasury + card.cost.political_capital / 10.0) if charge_card else 0.0
    if choice is not None:
        cost += choice.cost.treasury + choice.cost.political_capital / 10.0
    return effects_value(power, effects, leverage) - cost

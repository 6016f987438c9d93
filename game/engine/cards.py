"""Decks: the world deck that gives each turn its headline, and each power's policy hand.

All deck state lives in ``state.deck`` (plain lists, so it is saved and hashed with
the rest); a :class:`Deck` holds what never changes for a scenario (the cards in
play, their compiled conditions) and is shared by all games of that scenario.

- Era decks: a scenario is split in thirds (early, middle, late); a card is in play
  in the eras it lists, so later decks join as the years pass.
- A draw picks among the eligible cards of the pile in proportion to weight (crisis
  cards count double); a played card goes to the discard pile, or out of the game
  if it is ``once``.  When nothing in the pile is eligible the discard is shuffled
  back in (a reshuffle) and the draw tried again.
- Triggered cards are in no pile at the start: they enter the world deck when their
  trigger happens (an export ban, a long shortage ...; see schema.TRIGGERS).
- Chance: one uniform number for the headline and ``hand_size`` per power for the
  hands are drawn every turn whatever happens, so the world's later draws never
  depend on which cards were played.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Callable

import numpy as np

from game.content import schema
from game.content.schema import STAGES
from game.engine.state import GameState
from game.engine.world import World

ERAS = ("early", "middle", "late")
CRISIS_WEIGHT = 2.0

Check = Callable[[World, GameState, "int | None"], bool]


def era_of(world: World, turn: int) -> str:
    """early / middle / late: the scenario's turns in thirds."""
    third = max(world.scenario.turns / 3.0, 1e-9)
    return ERAS[min(int((turn - 1) / third), 2)]


def _compile(world: World, cond: schema.Condition) -> tuple[int | None, int | None, float, float, Check | None]:
    """Split a condition into its static year range, its tension range and a dynamic
    check of the rest (None if none)."""
    checks: list[Check] = []
    t_lo = cond.tension_at_least if cond.tension_at_least is not None else -1.0
    t_hi = cond.tension_below if cond.tension_below is not None else 1e9
    m = world.midx[cond.mineral] if cond.mineral else None
    k = STAGES.index(cond.stage) if cond.stage else 1
    if cond.price_multiple_at_least is not None and m is not None:
        v3 = cond.price_multiple_at_least
        checks.append(lambda w, s, a: s.price[m, k] >= v3 * w.p0[m, k])
    if cond.control_active is not None:
        ref = cond.control_active

        def control(w: World, s: GameState, a: int | None) -> bool:
            n = a if ref == "self" else w.nidx[ref]
            if n is None:
                return False
            active = controls_in_force(s)
            return bool(active[n].any()) if m is None else bool(active[n, m])
        checks.append(control)
    if cond.share_at_least is not None and m is not None and cond.nation is not None:
        ref2, v4 = cond.nation, cond.share_at_least

        def share(w: World, s: GameState, a: int | None) -> bool:
            n = a if ref2 == "self" else w.nidx[ref2]
            total = s.production[:, m, k].sum()
            return n is not None and total > 0 and s.production[n, m, k] / total >= v4
        checks.append(share)
    dynamic = None
    if checks:
        dynamic = (lambda w, s, a: all(c(w, s, a) for c in checks)) if len(checks) > 1 else checks[0]
    return cond.year_from, cond.year_to, t_lo, t_hi, dynamic


def controls_in_force(state: GameState) -> np.ndarray:
    """[N, M] whether each nation has any export control on each mineral (cached per turn)."""
    cached = state.__dict__.get("_controls_cache")
    if cached is None:  # dropped by actions.set_export_control, the one writer of controls
        cached = (state.controls_all.max(axis=2) > 0) | (state.controls_target.max(axis=(2, 3)) > 0)
        state.__dict__["_controls_cache"] = cached
    return cached


@dataclass
class CompiledCard:
    card: schema.Card
    eras: frozenset[str]
    year_from: int
    year_to: int
    tension_lo: float  # in the deck while tension_lo <= tension < tension_hi
    tension_hi: float
    dynamic: tuple[Check, ...]
    chooser: str | None  # who chooses (world cards with choices) or plays (policy)
    weight: float


class Deck:
    """The unchanging part of a scenario's decks."""

    def __init__(self, world: World):
        self.world = world
        sel = world.scenario.deck
        cards = [c for c in world.content.cards
                 if (not sel.only or c.id in sel.only) and c.id not in sel.exclude]
        in_play = set(world.powers)
        self.cards: dict[str, CompiledCard] = {}
        for c in cards:
            years = [_compile(world, cond) for cond in c.conditions]
            lo = max([y[0] for y in years if y[0] is not None], default=-10_000)
            hi = min([y[1] for y in years if y[1] is not None], default=10_000)
            chooser = c.powers[0] if c.powers else None
            if c.kind != "policy" and c.choices and chooser not in in_play:
                continue  # nobody here to make the choice
            self.cards[c.id] = CompiledCard(
                card=c, eras=frozenset(c.era), year_from=lo, year_to=hi,
                tension_lo=max([y[2] for y in years], default=-1.0),
                tension_hi=min([y[3] for y in years], default=1e9),
                dynamic=tuple(y[4] for y in years if y[4] is not None), chooser=chooser,
                weight=c.weight * (CRISIS_WEIGHT if c.kind == "crisis" else 1.0))
        self.world_pile0 = sorted(cid for cid, cc in self.cards.items()
                                  if cc.card.kind != "policy" and cc.card.trigger is None)
        self.policy_pile0 = {p: sorted(cid for cid, cc in self.cards.items()
                                       if cc.card.kind == "policy" and p in cc.card.powers)
                             for p in world.powers}
        self.by_trigger: dict[str, list[str]] = {}
        for cid, cc in sorted(self.cards.items()):
            if cc.card.trigger is not None and cc.card.kind != "policy":
                self.by_trigger.setdefault(cc.card.trigger, []).append(cid)
        self.hand_size = world.scenario.hand_size
        self._chooser_actor = {cid: self._actor(cc.chooser) for cid, cc in self.cards.items()}
        self._season: dict[tuple[str, int], frozenset[str]] = {}
        self._season_at: dict[int, frozenset[str]] = {}

    # ---------------------------------------------------------------- state
    def new_state(self) -> dict[str, Any]:
        return {
            "pile": list(self.world_pile0), "discard": [], "removed": [], "headline": None,
            "pending": {}, "hands": {p: [] for p in self.world.powers},
            "policy_piles": {p: list(ids) for p, ids in self.policy_pile0.items()},
            "policy_discards": {p: [] for p in self.world.powers},
        }

    def in_season(self, turn: int) -> frozenset[str]:
        """The cards whose era and years include this turn (cached per turn, and per era and year)."""
        found = self._season_at.get(turn)
        if found is not None:
            return found
        era, year = era_of(self.world, turn), self.world.date_of(turn)[0]
        key = (era, year)
        if key not in self._season:
            self._season[key] = frozenset(cid for cid, cc in self.cards.items()
                                          if era in cc.eras and cc.year_from <= year <= cc.year_to)
        self._season_at[turn] = self._season[key]
        return self._season[key]

    # ---------------------------------------------------------------- world deck
    def draw_headline(self, state: GameState, u: float, turn: int) -> schema.Card | None:
        d = state.deck
        self.process_triggers(state)
        chooser_of = self._chooser_actor.get
        cid = self._pick(state, d["pile"], u, turn, chooser_of)
        if cid is None and d["discard"]:
            d["pile"] = sorted(d["pile"] + d["discard"])  # reshuffle
            d["discard"] = []
            cid = self._pick(state, d["pile"], u, turn, chooser_of)
        d["headline"] = cid
        if cid is None:
            return None
        d["pile"].remove(cid)
        card = self.cards[cid].card
        (d["removed"] if card.once else d["discard"]).append(cid)
        if card.choices and self.cards[cid].chooser in self.world.powers:
            d["pending"][self.cards[cid].chooser] = cid
        return card

    def _pick(self, state: GameState, pile: list[str], u: float, turn: int,
                         actor_of: Callable[[str], int | None]) -> str | None:
        season, cards, w = self.in_season(turn), self.cards, self.world
        t = state.tension
        ok = []
        for cid in pile:
            if cid in season:
                cc = cards[cid]
                if cc.tension_lo <= t < cc.tension_hi:
                    for check in cc.dynamic:  # a plain loop: no generator for each card of the pile
                        if not check(w, state, actor_of(cid)):
                            break
                    else:
                        ok.append(cid)
        if not ok:
            return None
        cum = list(accumulate(cards[c].weight for c in ok))
        return ok[min(bisect_right(cum, u * cum[-1]), len(ok) - 1)]

    def _actor(self, power: str | None) -> int | None:
        return self.world.nidx[power] if power in self.world.nidx else None

    def process_triggers(self, state: GameState) -> list[str]:
        entered = []
        for trigger in sorted(set(state.pending_triggers)):
            for cid in self.by_trigger.get(trigger, []):
                if self.unlock(state, cid):
                    entered.append(cid)
        state.pending_triggers = []
        return entered

    def unlock(self, state: GameState, cid: str) -> bool:
        d = state.deck
        if cid not in self.cards or cid in d["removed"] or cid in d["pile"] or cid in d["discard"]:
            return False
        if self.cards[cid].card.kind == "policy":
            for p in self.cards[cid].card.powers:
                if p in d["policy_piles"] and cid not in d["policy_piles"][p] and cid not in d["hands"][p]:
                    d["policy_piles"][p].append(cid)
            return True
        d["pile"].append(cid)
        d["pile"].sort()
        return True

    def remove(self, state: GameState, cid: str) -> None:
        d = state.deck
        for pile in [d["pile"], d["discard"], *d["hands"].values(), *d["policy_piles"].values(),
                     *d["policy_discards"].values()]:
            while cid in pile:
                pile.remove(cid)
        if cid not in d["removed"]:
            d["removed"].append(cid)

    # ---------------------------------------------------------------- policy hands
    def refill_hands(self, state: GameState, luck: np.ndarray, turn: int) -> None:
        """Top up every hand; ``luck`` is [powers, hand_size], drawn whatever is used."""
        d = state.deck
        for i, p in enumerate(self.world.powers):
            actor = self.world.nidx[p]

            def owner(_: Any, actor: int = actor) -> int:
                return actor
            hand, pile = d["hands"][p], d["policy_piles"][p]
            for j in range(self.hand_size - len(hand)):
                cid = self._pick(state, pile, float(luck[i, j]), turn, owner)
                if cid is None and d["policy_discards"][p]:
                    pile.extend(d["policy_discards"][p])
                    pile.sort()
                    d["policy_discards"][p] = []
                    cid = self._pick(state, pile, float(luck[i, j]), turn, owner)
                if cid is None:
                    break
                pile.remove(cid)
                hand.append(cid)

    def discard_policy(self, state: GameState, power: str, cid: str) -> None:
        d = state.deck
        d["hands"][power].remove(cid)
        if self.cards[cid].card.once:
            d["removed"].append(cid)
        else:
            d["policy_discards"][power].append(cid)


_DECKS: "weakref.WeakKeyDictionary[World, Deck]" = weakref.WeakKeyDictionary()


def deck_for(world: World) -> Deck:
    if world not in _DECKS:
        _DECKS[world] = Deck(world)
    return _DECKS[world]

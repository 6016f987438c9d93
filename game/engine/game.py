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

from game.content import schema
from game.content.loader import Content
from game.content.schema import STAGES
from game.engine import actions as act
from game.engine import diplomacy
from game.engine.actions import IllegalAction
from game.engine.cards import deck_for
from game.engine.effects import apply_effects
from game.engine.rules import stock_weeks, tonnes_for_weeks
from game.engine.scoring import final_scores, ranking
from game.engine.state import GameState, crisis_stream, initial_state
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
    cards: bool = True

    # ------------------------------------------------------------------ creation
    @classmethod
    def new(cls, content: Content, scenario_id: str, seed: int, cards: bool = True) -> "Game":
        """A new game.  ``cards=False`` plays the bare economy: no headlines, no hands
        (for calibration and for measuring what the cards do).  Raises ScenarioNotFound."""
        world = World.build(content, scenario_id)
        world_seed, ai_seed = np.random.SeedSequence(int(seed)).spawn(2)
        state = start_template(world).clone()
        state.rng = np.random.Generator(np.random.PCG64(world_seed))
        state.crisis_rng = crisis_stream(world_seed)
        game = cls(world=world, seed=int(seed), state=state, ai_seed=ai_seed, cards=cards)
        game._start_turn()
        return game

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
        self.scratch["validated"] = (normal, dict(normal), power, self._moment())
        return normal

    def _moment(self) -> tuple[int, int]:
        """Where play stands: the turn and the number of actions taken.  The state changes
        only through submit and end_turn, so while the moment is the same, so is the state."""
        return self.state.turn, len(self.log)

    def submit(self, power: str, action: dict[str, Any]) -> dict[str, Any]:
        """Validate and carry out an action.  On IllegalAction nothing changes."""
        idx = self._power(power)
        seen = self.scratch.pop("validated", None)
        if (seen is not None and action is seen[0] and action == seen[1] and power == seen[2]
                and self._moment() == seen[3]):
            normal = action  # validate just checked this very action, and nothing has happened since
        else:
            normal = act.normalize(self.world, action)
            act.check(self.world, self.state, idx, normal)
        event = act.apply(self.world, self.state, idx, normal)
        self.log.append(LoggedAction(self.turn, power, normal))
        self.state.events.append(event)
        return event

    @property
    def headline(self) -> schema.Card | None:
        """This turn's world news."""
        cid = self.state.deck.get("headline")
        return self.content.card_index[cid] if cid else None

    def hand(self, power: str) -> list[schema.Card]:
        return [self.content.card_index[c] for c in self.state.deck.get("hands", {}).get(power, [])]

    def pending_choice(self, power: str) -> schema.Card | None:
        cid = self.state.deck.get("pending", {}).get(power)
        return self.content.card_index[cid] if cid else None

    def offers(self, power: str) -> list[dict[str, Any]]:
        """Offers waiting for ``power``'s answer: id, from, to, kind, terms, summary."""
        return [{**o, "summary": diplomacy.describe(self.world, o)} for o in diplomacy.offers_to(self.state, power)]

    def agreements(self, power: str | None = None) -> list[dict[str, Any]]:
        """Agreements in force (all, or those ``power`` is party to), each with a summary."""
        return [{**a, "summary": diplomacy.describe(self.world, a)}
                for a in diplomacy.agreements_of(self.state, power)]

    def end_turn(self, report: bool = True) -> dict[str, Any] | None:
        """Resolve the quarter, then open the next one (headline, hands); return the
        resolved quarter's report (batch runs may skip building it)."""
        if self.state.over:
            raise IllegalAction("the game is over")
        self._default_choices()
        headline = self.state.deck.get("headline")
        news = self.state.events + diplomacy.expire_offers(self.world, self.state)
        self.state.events = []
        tension = resolve(self.world, self.state)  # what the quarter was judged on
        events = news + self.state.events
        self.state.events = []
        if not self.state.over:
            self._start_turn()
        self.turn_hashes.append(self.state.state_hash())
        if not report:
            return None
        decisions = [e for e in events if e.get("type") == "action"]
        made = turn_report(self.world, self.state, decisions, events, headline, tension)
        self.reports.append(made)
        return made

    def _start_turn(self) -> None:
        """Draw the headline (its effects strike now, before anyone acts) and refill hands.
        The luck is drawn in full every turn, whatever is used."""
        if not self.cards:
            return
        deck = deck_for(self.world)
        state = self.state
        u = state.rng.random()
        luck = state.rng.random((len(self.powers), max(deck.hand_size, 1)))
        turn = state.turn + 1
        card = deck.draw_headline(state, u, turn)
        if card is not None:
            chooser = deck.cards[card.id].chooser
            actor = self.world.nidx[chooser] if chooser in self.world.nidx else None
            lines = apply_effects(self.world, state, list(card.effects), actor, card.id, deck)
            text = f"{card.title}" + (" — " + "; ".join(lines) if lines else "")
            state.events.append({"type": "headline", "card": card.id, "text": text,
                                 "choice_for": chooser if card.choices else None})
        deck.refill_hands(state, luck, turn)

    def _default_choices(self) -> None:
        """A decision left open at the end of a turn takes the first choice the power can pay."""
        for pid, cid in sorted(self.state.deck.get("pending", {}).items()):
            card = self.content.card_index[cid]
            for choice in card.choices:
                try:
                    self.submit(pid, {"action": "choose", "card": cid, "choice": choice.id})
                    break
                except IllegalAction:
                    continue
            else:
                del self.state.deck["pending"][pid]

    def actions_of_turn(self, turn: int) -> list[LoggedAction]:
        return [a for a in self.log if a.turn == turn]


_TEMPLATES: "weakref.WeakKeyDictionary[World, GameState]" = weakref.WeakKeyDictionary()


def start_template(world: World) -> GameState:
    """The settled start of a scenario, the same for every seed (chance enters only
    once play begins); built once and cloned for each new game."""
    if world not in _TEMPLATES:
        state = initial_state(world, np.random.SeedSequence(0))
        _settle_start(world, state)
        state.deck = deck_for(world).new_state()
        _TEMPLATES[world] = state
    return _TEMPLATES[world]


def _settle_start(world: World, state: GameState) -> None:
    """Give the start state consistent markets and each power its start index.

    A quiet quarter is resolved on a copy; its prices, flows and scores become
    the picture at the start (nothing else of the copy is kept).  The scenario's
    stocks, given in weeks of use, are put in from the first copy's need (weeks
    are weeks of need everywhere: game.engine.rules.weekly_use), then a second
    copy resolves with them.
    """
    trial = state.clone()
    resolve(world, trial)
    for nid, start in world.scenario.nations.items():
        for mid, weeks in start.stockpile_weeks.items():
            n, m = world.nidx[nid], world.midx[mid]
            state.stockpile[n, m, 1] = tonnes_for_weeks(trial, n, m, weeks)
    trial = state.clone()
    resolve(world, trial)
    for name in ("price", "local_price", "price_trend", "production", "recycled", "consumption",
                 "imports", "exports", "need", "coverage", "output_factor", "supplier",
                 "supplier_share", "denied_share", "trade_flows", "index_parts", "index"):
        getattr(state, name)[...] = getattr(trial, name)
    state.start_index[...] = trial.index


def shortage_tonnes(state: GameState) -> np.ndarray:
    """[N, M] refined tonnes a quarter each nation could not get at the open price."""
    return state.need * (1.0 - state.coverage)


def turn_report(world: World, state: GameState, decisions: list[dict[str, Any]], events: list[dict[str, Any]],
                headline: str | None = None, tension: float | None = None) -> dict[str, Any]:
    """What a player reads after a turn: prices, shortages, headlines, decisions.  ``tension``
    is the value the quarter was judged on (game.engine.rules.quarter_tension); the next
    quarter's news may already have moved the live ``state.tension``."""
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
        "turn": state.turn, "date": world.date_label(state.turn),
        "tension": round(state.tension if tension is None else tension, 3),
        "headline": headline, "prices": prices, "shortages": shortages, "events": events,
        "decisions": decisions, "powers": powers, "over": state.over, "end_reason": state.end_reason,
    }

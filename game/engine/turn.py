"""Turn resolution, in the fixed order of the design:

projects -> production -> recycling -> market clearing (contracts and equity
offtake, then the open market, all under export controls) -> prices -> sector
output -> treasury, stockpiles, pollution, social licence, relations, tension ->
research and growth -> scores.

Every function here mutates the state in place and uses no chance except the
state's own generator.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.content.schema import STAGES
from game.engine import diplomacy, quarter
from game.engine.effects import age_modifiers, modifier_factors
from game.engine.objectives import check_objectives
from game.engine.rules import HIGH_TENSION, culprit, is_short, quarter_tension
from game.engine.scoring import accrue_index
from game.engine.state import GameState
from game.engine.world import POLLUTION_SCALE, World


def resolve(world: World, state: GameState) -> float:
    """Resolve one quarter.  Orders submitted during the turn are settled here.  Returns the
    tension the quarter is judged on (see game.engine.rules.quarter_tension)."""
    events: list[dict[str, Any]] = []
    state.turn += 1
    _progress_projects(world, state, events)
    diplomacy.before_markets(world, state, events)
    old_price = state.price.tolist()
    at_close = state.tension  # every move of the quarter made, before the quarter eases it
    _numeric_quarter(world, state, events)
    accrue_index(world, state)
    age_modifiers(state)
    _market_news(world, state, old_price, events)
    _shortage_news(world, state, events)
    _research(world, state, events)
    _triggers(world, state, events)
    judged = quarter_tension(at_close, state.tension)
    _check_end(world, state, judged, events)
    check_objectives(world, state, events)
    state.events = events
    return judged


def _numeric_quarter(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    """Production -> offtake and contracts -> the markets -> settlement -> sector output ->
    budgets, society, tension -> investment and growth -> scores, in one compiled pass
    (game.engine.quarter); then contracts are settled (engine.diplomacy)."""
    s = state
    blocked, club, c_s, c_b, c_m, c_k, c_vol, delivered, tariffs, contracts = \
        diplomacy.market_inputs(world, s)
    market, demand, capacity = modifier_factors(world, s)
    s.tension = float(quarter.resolve_quarter(
        quarter.Facilities(capacity=s.fac_capacity, location=s.fac_location, mineral=s.fac_mineral,
                           stage=s.fac_stage, owners=s.fac_owners),
        quarter.Holdings(tech=s.tech, reserves=s.reserves, stockpile=s.stockpile, feed=s.feed, demand=s.demand,
                         stock_orders=s.stock_orders, release_orders=s.release_orders),
        quarter.Policy(controls_all=s.controls_all, controls_target=s.controls_target, tariffs=tariffs,
                       subsidies=s.subsidies, blocked=blocked, club=club),
        quarter.Prices(price=s.price, local_price=s.local_price, trend=s.price_trend),
        quarter.Society(treasury=s.treasury, political_capital=s.political_capital, social=s.social_licence,
                        pollution=s.pollution, relations=s.relations, alignment=s.alignment),
        quarter.Contracts(seller=c_s, buyer=c_b, mineral=c_m, stage=c_k, volume=c_vol, delivered=delivered),
        quarter.Modifiers(market=market, demand=demand, capacity=capacity),
        quarter.Flows(production=s.production, recycled=s.recycled, consumption=s.consumption,
                      imports=s.imports, exports=s.exports, released=s.released, stocked=s.stocked,
                      need=s.need, coverage=s.coverage, output_factor=s.output_factor, supplier=s.supplier,
                      supplier_share=s.supplier_share, denied_share=s.denied_share, trade_flows=s.trade_flows,
                      index_parts=s.index_parts,
                      index_score=s.index),
        world.quarter_constants,
        s.tension,
    ))
    if contracts:
        diplomacy.after_markets(world, s, contracts, delivered, events)


# --------------------------------------------------------------------------- projects


def _progress_projects(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    still: list = []
    done: list = []
    for p in state.projects:
        p.turns_left -= 1
        if p.turns_left > 0:
            still.append(p)
        else:
            done.append(p)
    if done:  # the facility arrays grow once a quarter, however many projects open
        state.fac_capacity = np.concatenate([state.fac_capacity, [p.capacity for p in done]])
        state.fac_location = np.concatenate([state.fac_location, [p.location for p in done]])
        state.fac_mineral = np.concatenate([state.fac_mineral, [p.mineral for p in done]])
        state.fac_stage = np.concatenate([state.fac_stage, [p.stage for p in done]])
        state.fac_owners = np.concatenate([state.fac_owners, np.array([p.owners for p in done], dtype=float)])
    for p in done:
        state.fac_names.append(p.name)
        events.append({
            "type": "project_complete", "nation": world.nation_ids[p.location],
            "mineral": world.mineral_ids[p.mineral], "stage": STAGES[p.stage],
            "text": f"{p.name} opens: +{p.capacity:,.0f} t/yr of {world.content.minerals[p.mineral].short} "
                    f"{STAGES[p.stage]} in {world.content.nations[p.location].name}",
        })
    state.projects = still


def _market_news(world: World, state: GameState, old_price: list[list[float]],
                 events: list[dict[str, Any]]) -> None:
    # a handful of markets: plain floats are cheaper than numpy calls on [M, 2]
    for m, (now, before) in enumerate(zip(state.price.tolist(), old_price)):
        for k in range(2):
            change = now[k] / before[k]
            if change > 1.5 or change < 0.67:
                pct = (change - 1) * 100
                text = f"{world.content.minerals[m].short} {STAGES[k]} {pct:+.0f}% on the open market"
                events.append({"type": "price_move", "mineral": world.mineral_ids[m], "stage": STAGES[k],
                               "text": text})


def _shortage_news(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    coverage = state.coverage.tolist()  # plain floats: cheaper than numpy calls on a few rows
    for n in world.power_index.tolist():
        low = min(coverage[n])
        if is_short(low):
            m = coverage[n].index(low)  # the first lowest, as argmin
            events.append({"type": "shortage", "nation": world.nation_ids[n], "mineral": world.mineral_ids[m],
                           "text": f"{world.content.nations[n].name}: {world.content.minerals[m].short} "
                                   f"shortage, {low:.0%} of need met"})


def pollution_emitted(world: World, production: np.ndarray) -> np.ndarray:
    """[N] pollution points a quarter: each nation's share of world output (in %), times the
    stage's intensity, less what its environmental standards catch."""
    world_out = np.maximum(production.sum(axis=0), 1e-12)
    share = production / world_out[None, :, :] * 100.0
    dirty = (share * world.pollution_intensity[None, :, :]).sum(axis=(1, 2))
    return dirty * (1.0 - world.env_standard) / POLLUTION_SCALE



def _research(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    """Programmes may break through.  The luck is drawn for every nation and field each
    quarter whether or not anyone researches, so the world's later draws never depend on
    who took which action (and paired what-if runs share their luck)."""
    rules = world.content.rules
    luck = state.rng.random(state.research_orders.shape)
    orders = state.research_orders
    for n, f in zip(*orders.nonzero()):
        level = int(state.tech[n, f])
        chance = rules.research_breakthrough * (1.0 - level / 6.0) * min(int(orders[n, f]), 3)
        if luck[n, f] < chance and level < 5:
            state.tech[n, f] = level + 1
            field = ("extraction", "refining", "recycling", "substitution")[f]
            events.append({"type": "breakthrough", "nation": world.nation_ids[n], "field": field,
                           "text": f"{world.content.nations[n].name} reaches {field} technology level {level + 1}"})
    state.research_orders = np.zeros(orders.shape, orders.dtype)  # np.zeros_like has a Python-level wrapper


def _triggers(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    """Note what happened this quarter that can bring triggered cards into the deck."""
    streak = state.shortage_streak
    streak += 1
    streak *= is_short(state.coverage)  # in place: a quarter without shortage resets the count
    fired = state.pending_triggers
    streaks = streak.tolist()  # plain ints: cheaper than a fancy index and a max in numpy
    if any(max(streaks[n]) >= 3 for n in world.power_index.tolist()):
        fired.append("long_shortage")
    if (state.price > 3.0 * world.p0).any():
        fired.append("price_spike")
    if state.tension >= HIGH_TENSION:
        fired.append("high_tension")
    kinds = {e["type"] for e in events}
    if "project_complete" in kinds:
        fired.append("project_complete")
    if "breakthrough" in kinds:
        fired.append("breakthrough")


def _check_end(world: World, state: GameState, tension: float, events: list[dict[str, Any]]) -> None:
    if state.crisis_by >= 0 or tension >= world.content.rules.tension_confrontation:
        state.over = True
        state.end_reason = "confrontation"
        pusher = culprit(world, state)
        name = world.content.nations[pusher].name
        text = (f"{name}'s escalation at tension {tension:.0f} tips the world into confrontation."
                if state.crisis_by >= 0 and tension < world.content.rules.tension_confrontation else
                f"Global tension reaches {tension:.0f}: the world tips into confrontation. {name} pushed hardest.")
        events.append({"type": "confrontation", "nation": world.nation_ids[pusher], "text": text})
    elif state.turn >= world.scenario.turns:
        state.over = True
        state.end_reason = "completed"

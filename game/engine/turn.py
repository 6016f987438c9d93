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
from game.engine.market import clear_markets
from game.engine.scoring import score
from game.engine.state import GameState
from game.engine.world import World

PRICE_TREND_WEIGHT = 0.35  # weight of this quarter's price in the smoothed trend
STOCK_ORDER_SHARE = 0.1  # stockpile buyers get at most this share of a quarter's world supply
POLLUTION_SCALE = 40.0  # China's 2025 output puts it near 65 of 100 at equilibrium


def resolve(world: World, state: GameState) -> None:
    """Resolve one quarter.  Orders submitted during the turn are settled here."""
    events: list[dict[str, Any]] = []
    state.turn += 1
    _progress_projects(world, state, events)
    ore_out, refined_out = _produce(world, state)
    recycled = _recycle(world, state)
    _clear(world, state, ore_out, refined_out, recycled, events)
    _sector_output(world, state)
    _budgets_and_society(world, state, events)
    _research(world, state, events)
    _invest_and_grow(world, state)
    score(world, state)
    _check_end(world, state, events)
    state.events = events


# --------------------------------------------------------------------------- projects


def _progress_projects(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    still: list = []
    for p in state.projects:
        p.turns_left -= 1
        if p.turns_left > 0:
            still.append(p)
            continue
        state.fac_capacity = np.append(state.fac_capacity, p.capacity)
        state.fac_location = np.append(state.fac_location, p.location)
        state.fac_mineral = np.append(state.fac_mineral, p.mineral)
        state.fac_stage = np.append(state.fac_stage, p.stage)
        state.fac_owners = np.vstack([state.fac_owners, np.asarray(p.owners)[None, :]])
        state.fac_names.append(p.name)
        events.append({
            "type": "project_complete", "nation": world.nation_ids[p.location],
            "mineral": world.mineral_ids[p.mineral], "stage": STAGES[p.stage],
            "text": f"{p.name} opens: +{p.capacity:,.0f} t/yr of {world.mineral_ids[p.mineral]} "
                    f"{STAGES[p.stage]} in {world.content.nations[p.location].name}",
        })
    state.projects = still


# --------------------------------------------------------------------------- production


def _utilisation(world: World, state: GameState, k: int) -> np.ndarray:
    """[F] utilisation of every facility of stage k from its local price and subsidy."""
    rules = world.content.rules
    loc, mins = state.fac_location, state.fac_mineral
    # the smoothed price, not last quarter's: reacting to the last price alone is a
    # cobweb that oscillates whenever supply responds more than demand
    ratio = state.price_trend[loc, mins, k] / world.p0[mins, k]
    subsidy = state.subsidies[loc, mins, k]
    u = rules.utilisation * (ratio * (1.0 + subsidy)) ** rules.mine_price_response
    return np.clip(u, 0.3, 1.0)


def _produce(world: World, state: GameState) -> tuple[np.ndarray, np.ndarray]:
    """Mines dig ore; refineries turn last quarter's feed into refined output.

    Returns per-facility output [F] for ore and refined (zeros for the other stage).
    """
    N, M = world.N, world.M
    stage = state.fac_stage
    loc, mins = state.fac_location, state.fac_mineral
    is_ore = stage == 0
    # extraction technology and social licence scale what mines can do
    tech_ext = 1.0 + 0.03 * (state.tech[loc, 0] - 2)
    licence = np.where(state.social_licence[loc] < 25.0, 0.8, 1.0)
    ore_cap = np.where(is_ore, state.fac_capacity / 4.0 * tech_ext * licence, 0.0)
    ore_out = ore_cap * _utilisation(world, state, 0)
    # reserves cap what can be dug (pro rata over a nation's mines of a mineral)
    dug = np.zeros((N, M))
    np.add.at(dug, (loc, mins), ore_out)
    ratio = np.where(dug > 0, np.minimum(1.0, state.reserves / np.maximum(dug, 1e-12)), 1.0)
    ore_out = ore_out * ratio[loc, mins]
    dug = dug * ratio
    state.reserves = np.maximum(state.reserves - dug, 0.0)

    tech_ref = 1.0 + 0.02 * (state.tech[loc, 1] - 2)
    want = np.where(~is_ore, state.fac_capacity / 4.0 * tech_ref, 0.0) * _utilisation(world, state, 1)
    want_nm = np.zeros((N, M))
    np.add.at(want_nm, (loc, mins), want)
    yield_ = world.refining_yield
    can = state.feed * yield_[None, :]
    scale = np.where(want_nm > 0, np.minimum(1.0, can / np.maximum(want_nm, 1e-12)), 0.0)
    refined_out = want * scale[loc, mins]
    made = want_nm * scale
    state.feed = np.maximum(state.feed - made / yield_[None, :], 0.0)
    return ore_out, refined_out


def _recycle(world: World, state: GameState) -> np.ndarray:
    """[N, M] refined material recovered from last quarter's use."""
    # the content's rate is today's world average; each level gained adds a quarter of it
    gained = (state.tech[:, 2] - world.start_tech[:, 2]).astype(float)
    rate = world.recycling_base[None, :] * (1.0 + 0.25 * gained[:, None])
    return np.clip(rate, 0.0, 0.6) * state.consumption[:, :, 1]


# --------------------------------------------------------------------------- markets


def _access(world: World, state: GameState) -> np.ndarray:
    """[Q, N exporter, N importer] share of free exports allowed through."""
    level = np.maximum(state.controls_all[:, :, :, None], state.controls_target)  # [N, M, K, N]
    acc = world.access_by_level[level]  # [N e, M, K, N i]
    acc = np.transpose(acc, (1, 2, 0, 3)).reshape(world.Q, world.N, world.N).copy()
    idx = np.arange(world.N)
    acc[:, idx, idx] = 1.0
    return acc


def _clear(world: World, state: GameState, ore_out: np.ndarray, refined_out: np.ndarray,
           recycled: np.ndarray, events: list[dict[str, Any]]) -> None:
    N, M, Q = world.N, world.M, world.Q
    rules = world.content.rules
    loc, mins, stage = state.fac_location, state.fac_mineral, state.fac_stage

    production = np.zeros((N, M, 2))
    np.add.at(production, (loc, mins, stage), ore_out + refined_out)
    production[:, :, 1] += recycled

    # equity offtake: foreign owners of a facility take their share first, unless the
    # host has aimed a control at that owner by name (a control on "all" spares partners)
    out = ore_out + refined_out
    owners = state.fac_owners.copy()
    owners[np.arange(len(loc)), loc] = 0.0
    targeted = state.controls_target[loc, mins, stage, :]  # [F, N]
    owners = owners * world.access_by_level[targeted]
    take = out[:, None] * owners  # [F, N]
    offtake_in = np.zeros((N, M, 2))
    f_idx, o_idx = np.nonzero(take)
    np.add.at(offtake_in, (o_idx, mins[f_idx], stage[f_idx]), take[f_idx, o_idx])
    offtake_out = np.zeros((N, M, 2))
    np.add.at(offtake_out, (loc, mins, stage), take.sum(axis=1))

    # stock releases and buy orders
    release = np.minimum(state.release_orders, state.stockpile)
    state.stockpile -= release
    available = production + release + offtake_in - offtake_out
    world_supply = np.maximum(available.sum(axis=0), 0.0)  # [M, K]
    orders = state.stock_orders
    total_orders = orders.sum(axis=0)
    fill = np.where(total_orders > 0, np.minimum(
        1.0, STOCK_ORDER_SHARE * world_supply / np.maximum(total_orders, 1e-12)), 0.0)
    orders = orders * fill[None, :, :]

    # demand at reference price
    need_refined = state.demand / 4.0 * _substitution(world, state)
    ref_cap = np.zeros((N, M))
    refinery = stage == 1
    np.add.at(ref_cap, (loc[refinery], mins[refinery]), state.fac_capacity[refinery] / 4.0)
    feed_target = ref_cap * rules.utilisation / world.refining_yield[None, :]
    # refiners buy next quarter's feed: a quarter of input at normal utilisation, less what is left
    feed_need = np.maximum(feed_target - state.feed, 0.0)
    demand0 = np.stack([feed_need, need_refined], axis=2)  # [N, M, K]

    to_q = lambda a: np.transpose(a, (1, 2, 0)).reshape(Q, N)  # noqa: E731  [N,M,K] -> [Q,N]
    tariff = np.transpose(state.tariffs, (1, 2, 3, 0)).reshape(Q, N, N)  # [Q, e, i]
    res = clear_markets(
        supply=to_q(available), use0=to_q(demand0), orders=to_q(orders), access=_access(world, state), tariff=tariff,
        elasticity=world.elasticity.reshape(Q), cap=np.repeat(world.max_multiple, 2),
        floor=rules.price_floor_multiple, leakage=rules.control_leakage, premium=rules.restriction_premium,
    )
    from_q = lambda a: np.transpose(a.reshape(M, 2, N), (2, 0, 1))  # noqa: E731  [Q,N] -> [N,M,K]
    consumption = from_q(res.consumption)
    bought = from_q(res.bought)
    excess = from_q(res.excess)
    p0 = world.p0
    old_price = state.price.copy()
    state.price = res.price_open.reshape(M, 2) * p0
    state.local_price = from_q(res.local_multiple) * p0[None, :, :]
    state.price_trend = (1 - PRICE_TREND_WEIGHT) * state.price_trend + PRICE_TREND_WEIGHT * state.local_price

    # settle: stock purchases are paid at the local price; unsold floor surplus is stocked
    cost = (bought * state.local_price).sum(axis=(1, 2)) / 1e9
    state.treasury -= cost
    state.stockpile += bought + excess
    state.feed += consumption[:, :, 0]

    state.production = production
    state.recycled = recycled
    state.consumption = consumption
    state.imports = from_q(res.imports) + offtake_in
    state.exports = from_q(res.exports) + offtake_out
    state.released = release
    state.stocked = bought + excess
    state.need = need_refined
    state.coverage = from_q(res.coverage)[:, :, 1]
    state.trade_flows = res.flows.reshape(M, 2, N, N).copy()
    # equity offtake is trade too: host -> owner
    np.add.at(state.trade_flows, (mins[f_idx], stage[f_idx], loc[f_idx], o_idx), take[f_idx, o_idx])
    state.stock_orders = np.zeros_like(state.stock_orders)
    state.release_orders = np.zeros_like(state.release_orders)

    # who each nation depends on for refined material
    flows_r = state.trade_flows[:, 1]  # [M, e, i]
    flows_r = flows_r.copy()
    idx = np.arange(N)
    flows_r[:, idx, idx] = 0.0
    top = flows_r.argmax(axis=1)  # [M, i]
    top_amt = np.take_along_axis(flows_r, top[:, None, :], axis=1)[:, 0, :]
    use = np.maximum(consumption[:, :, 1].T, 1e-12)
    state.supplier = np.where(top_amt > 0, top, -1).T
    state.supplier_share = np.minimum(top_amt / use, 1.0).T

    change = state.price / old_price
    for m, k in zip(*np.nonzero((change > 1.5) | (change < 0.67))):
        pct = (change[m, k] - 1) * 100
        events.append({"type": "price_move", "mineral": world.mineral_ids[m], "stage": STAGES[k],
                       "text": f"{world.content.minerals[m].short} {STAGES[k]} {pct:+.0f}% on the open market"})


def _substitution(world: World, state: GameState) -> np.ndarray:
    """[N, M] share of reference demand left after substitution research."""
    level = state.tech[:, 3].astype(float)
    cut = world.substitutable[None, :] * np.clip((level[:, None] - 1.0) / 8.0, 0.0, 1.0)
    return 1.0 - cut


# --------------------------------------------------------------------------- sectors


def _sector_output(world: World, state: GameState) -> None:
    shortfall = 1.0 - state.coverage  # [N, M]
    loss = shortfall @ world.sector_inputs.T  # [N, S]
    state.output_factor = np.clip(1.0 - loss, 0.0, 1.0)


# --------------------------------------------------------------------------- budgets


def _budgets_and_society(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    rules = world.content.rules
    value = world.sector_value
    total = np.maximum(value.sum(axis=1), 1e-12)
    prosperity = np.where(value.sum(axis=1) > 0, (value * state.output_factor).sum(axis=1) / total, 1.0)
    sales = (state.production * state.local_price).sum(axis=(1, 2)) / 1e9  # $bn this quarter
    tariff_revenue = _tariff_revenue(world, state)
    subsidy_cost = (state.subsidies * state.production * state.local_price).sum(axis=(1, 2)) / 1e9
    # owners abroad earn a dividend on their share of foreign facilities
    fac_value = _facility_value(world, state)
    owners = state.fac_owners.copy()
    owners[np.arange(len(state.fac_location)), state.fac_location] = 0.0
    dividends = (fac_value[:, None] * owners).sum(axis=0) * 0.1
    state.treasury += world.income * prosperity + world.royalty * sales + tariff_revenue + dividends - subsidy_cost

    emitted = pollution_emitted(world, state.production)
    state.pollution = np.clip(state.pollution * (1.0 - rules.pollution_decay) + emitted, 0.0, 100.0)
    state.social_licence = np.clip(
        state.social_licence + rules.social_licence_recovery - 0.15 * emitted, 0.0, 100.0
    )
    state.political_capital = np.minimum(state.political_capital + rules.political_capital_per_turn, 100.0)
    # grudges fade slowly toward where relations started
    state.relations *= 0.995
    state.tension = float(max(0.0, state.tension - rules.tension_decay))

    for n in np.nonzero(world.in_play)[0]:
        worst = int(np.argmin(state.coverage[n]))
        if state.coverage[n, worst] < 0.8:
            events.append({"type": "shortage", "nation": world.nation_ids[n],
                           "mineral": world.mineral_ids[worst],
                           "text": f"{world.content.nations[n].name}: {world.content.minerals[worst].short} "
                                   f"shortage, {state.coverage[n, worst]:.0%} of need met"})


def pollution_emitted(world: World, production: np.ndarray) -> np.ndarray:
    """[N] pollution points a quarter: each nation's share of world output (in %), times the
    stage's intensity, less what its environmental standards catch."""
    world_out = np.maximum(production.sum(axis=0), 1e-12)
    share = production / world_out[None, :, :] * 100.0
    dirty = (share * world.pollution_intensity[None, :, :]).sum(axis=(1, 2))
    return dirty * (1.0 - world.env_standard) / POLLUTION_SCALE


def _facility_value(world: World, state: GameState) -> np.ndarray:
    """[F] $bn of output at each facility this quarter (at capacity share of its nation's output)."""
    loc, mins, stage = state.fac_location, state.fac_mineral, state.fac_stage
    cap_nmk = np.zeros((world.N, world.M, 2))
    np.add.at(cap_nmk, (loc, mins, stage), state.fac_capacity)
    share = state.fac_capacity / np.maximum(cap_nmk[loc, mins, stage], 1e-12)
    out = state.production[loc, mins, stage] * share
    return out * state.local_price[loc, mins, stage] / 1e9


def _tariff_revenue(world: World, state: GameState) -> np.ndarray:
    flows = state.trade_flows  # [M, K, e, i]
    rates = np.transpose(state.tariffs, (1, 2, 3, 0))  # [M, K, e, i]
    value = flows * rates * state.price[:, :, None, None]
    return value.sum(axis=(0, 1, 2)) / 1e9


# --------------------------------------------------------------------------- research, growth


def _research(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    rules = world.content.rules
    orders = state.research_orders
    for n, f in zip(*np.nonzero(orders)):
        level = int(state.tech[n, f])
        chance = rules.research_breakthrough * (1.0 - level / 6.0) * min(int(orders[n, f]), 3)
        if state.rng.random() < chance and level < 5:
            state.tech[n, f] = level + 1
            field = ("extraction", "refining", "recycling", "substitution")[f]
            events.append({"type": "breakthrough", "nation": world.nation_ids[n], "field": field,
                           "text": f"{world.content.nations[n].name} reaches {field} technology level {level + 1}"})
    state.research_orders = np.zeros_like(orders)


def _invest_and_grow(world: World, state: GameState) -> None:
    """Private capital follows local prices; demand grows with the scenario."""
    rules = world.content.rules
    loc, mins, stage = state.fac_location, state.fac_mineral, state.fac_stage
    ratio = state.price_trend[loc, mins, stage] / world.p0[mins, stage]
    growth = np.clip(rules.supply_response * np.log(np.maximum(ratio, 1e-6)),
                     -rules.supply_response_cap, rules.supply_response_cap)
    # mines need reserves to grow into
    has_room = (stage == 1) | (state.reserves[loc, mins] > state.fac_capacity * 5)
    growth = np.where((growth > 0) & ~has_room, 0.0, growth)
    state.fac_capacity = state.fac_capacity * (1.0 + growth)
    state.demand = state.demand * world.growth_per_turn[None, :]


def _check_end(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    rules = world.content.rules
    if state.tension >= rules.tension_confrontation:
        state.over = True
        state.end_reason = "confrontation"
        culprit = int(np.argmax(np.where(world.in_play, state.tension_by, -np.inf)))
        events.append({"type": "confrontation", "nation": world.nation_ids[culprit],
                       "text": f"Global tension reaches {state.tension:.0f}: the world tips into confrontation. "
                               f"{world.content.nations[culprit].name} pushed hardest."})
    elif state.turn >= world.scenario.turns:
        state.over = True
        state.end_reason = "completed"

"""One quarter of the numeric world, in compiled phases.

The quarter runs these phases in order (``resolve_quarter`` is the compiled driver that calls
them; game.engine.turn builds its structures by keyword and calls it):

1. ``production``   mines dig within reserves, refineries turn ore in hand into metal, scrap is recycled
2. ``offtake``      foreign owners take their equity share; contracts deliver under the seller's controls
3. ``books``        each market's supply, stock orders and demand at the reference price
4. ``access``       how much of each exporter's supply each importer may buy, under controls and sanctions
5. ``clearing``     the markets clear (game.engine.kernels.clear_markets_kernel; market.clear_markets states it)
6. ``settlement``   prices, purchases, stocks and the quarter's flows are booked; who supplies whom
7. ``sector_output`` each sector's output falls with the shortage of the metals it uses
8. ``budgets``      treasuries, pollution, social licence, political capital, relations, tension
9. ``investment``   private capacity follows what producers are paid; demand grows
10. ``index``       each nation's prosperity, security, influence and sustainability

The arrays travel in a few named structures (namedtuples of arrays; numba compiles them as
records, and a phase changes their arrays in place), so no phase takes more than a dozen
parameters and nothing is passed by position in a list of sixty.  Each phase has a numpy
statement in game.engine.quarter_reference, held equal to it on random inputs by
tests/test_phases.py.  Nothing here reads a clock or does I/O.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numba import njit

from game.engine.kernels import clear_markets_kernel, control_level, exposure_of, mine_allowed, stock_weeks_of


class Facilities(NamedTuple):
    """[F] every mine and refinery; owners [F, N] the equity each nation holds."""
    capacity: np.ndarray
    location: np.ndarray
    mineral: np.ndarray
    stage: np.ndarray
    owners: np.ndarray


class Holdings(NamedTuple):
    """What each nation has: tech [N, 4], reserves and ore in hand (feed) [N, M], stockpile
    [N, M, 2], demand a year [N, M], and the stock orders and releases of the quarter [N, M, 2]."""
    tech: np.ndarray
    reserves: np.ndarray
    stockpile: np.ndarray
    feed: np.ndarray
    demand: np.ndarray
    stock_orders: np.ndarray
    release_orders: np.ndarray


class Policy(NamedTuple):
    """Controls (all buyers [N, M, 2]; named buyers [N, M, 2, N]), tariffs [N importer, M, 2, N
    exporter], subsidies [N, M, 2]; sanctions both ways (blocked) and alliance members (club) [N, N]."""
    controls_all: np.ndarray
    controls_target: np.ndarray
    tariffs: np.ndarray
    subsidies: np.ndarray
    blocked: np.ndarray
    club: np.ndarray


class Prices(NamedTuple):
    """Open-market price [M, 2]; each nation's local price and the trend its producers see [N, M, 2]."""
    price: np.ndarray
    local_price: np.ndarray
    trend: np.ndarray


class Society(NamedTuple):
    """[N] treasury ($ bn), political capital, social licence, pollution; relations [N, N]; how
    states lean toward each power (alignment [N, N])."""
    treasury: np.ndarray
    political_capital: np.ndarray
    social: np.ndarray
    pollution: np.ndarray
    relations: np.ndarray
    alignment: np.ndarray


class Contracts(NamedTuple):
    """[C] offtake contracts (engine.diplomacy.market_inputs): seller, buyer, mineral, stage,
    tonnes a quarter, and what was delivered (filled in)."""
    seller: np.ndarray
    buyer: np.ndarray
    mineral: np.ndarray
    stage: np.ndarray
    volume: np.ndarray
    delivered: np.ndarray


class Modifiers(NamedTuple):
    """This quarter's card factors: market demand [M, 2], a nation's demand [N, M], capacity [N, M, 2]."""
    market: np.ndarray
    demand: np.ndarray
    capacity: np.ndarray


class Flows(NamedTuple):
    """The quarter's results, replacing last quarter's in place."""
    production: np.ndarray      # [N, M, 2]
    recycled: np.ndarray        # [N, M]
    consumption: np.ndarray     # [N, M, 2]
    imports: np.ndarray         # [N, M, 2]
    exports: np.ndarray         # [N, M, 2]
    released: np.ndarray        # [N, M, 2]
    stocked: np.ndarray         # [N, M, 2]
    need: np.ndarray            # [N, M] refined tonnes a quarter
    coverage: np.ndarray        # [N, M] share of need met
    output_factor: np.ndarray   # [N, S]
    supplier: np.ndarray        # [N, M] the top foreign supplier of refined metal, -1 for none
    supplier_share: np.ndarray  # [N, M] its share of what was used
    denied_share: np.ndarray    # [N, M] the share of its refined supply export controls denied it
    trade_flows: np.ndarray     # [M, 2, N exporter, N importer]
    index_parts: np.ndarray     # [N, 4]
    index_score: np.ndarray     # [N] the power index (the state's index)


class Constants(NamedTuple):
    """The world's constants and the rules' scalars (World.quarter_constants builds it)."""
    p0: np.ndarray               # [M, 2] reference prices
    elasticity: np.ndarray       # [M, 2]
    intensity: np.ndarray        # [M, 2] pollution intensity
    max_multiple: np.ndarray     # [M] price cap, times the reference
    refining_yield: np.ndarray   # [M]
    recycling_base: np.ndarray   # [M]
    substitutable: np.ndarray    # [M]
    growth: np.ndarray           # [M] demand growth a quarter
    refining_cost: np.ndarray    # [M] $/t
    income: np.ndarray           # [N] $ bn a quarter at full prosperity
    royalty: np.ndarray          # [N]
    env_standard: np.ndarray     # [N]
    producer: np.ndarray         # [N] producer states (their leaning counts toward influence)
    sector_inputs: np.ndarray    # [S, M]
    sector_value: np.ndarray     # [N, S]
    strategic: np.ndarray        # [S] 1.0 for defence-relevant sectors
    access_by_level: np.ndarray  # [4] share of supply a buyer reaches under each control level
    start_tech: np.ndarray       # [N, 4]
    score_weights: np.ndarray    # [4]
    utilisation: float
    price_response: float
    price_floor: float
    leakage: float
    premium: float
    supply_response: float
    supply_response_cap: float
    pollution_decay: float
    social_recovery: float
    political_capital_per_turn: float
    tension_decay: float
    stock_order_share: float
    pollution_scale: float
    trend_weight: float
    weeks_full: float
    ore_in_hand: float
    mine_reserve_years: float


@njit(cache=True)
def _clip(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else (hi if x > hi else x)


@njit(cache=True)
def _refining_gain(tech, start_tech, n):
    """Throughput gained by refining research since the start: 2% a level."""
    return 1.0 + 0.02 * (tech[n, 1] - start_tech[n, 1])


# --------------------------------------------------------------------------- 1. production


@njit(cache=True)
def production(fac, hold, social, trend, subsidies, capacity_factor, consumption, recycled, const):
    """Mines dig ore (within reserves, which they deplete); refineries turn the ore in hand (feed)
    into product; last quarter's use of refined metal comes back as scrap.  Returns the output
    of each facility [F] and each nation's production [N, M, 2], recycling included."""
    F = fac.capacity.shape[0]
    N, M = hold.reserves.shape
    reserves, feed, tech = hold.reserves, hold.feed, hold.tech
    out = np.zeros(F)
    dug = np.zeros((N, M))
    want_nm = np.zeros((N, M))
    for f in range(F):
        n, m, k = fac.location[f], fac.mineral[f], fac.stage[f]
        ratio = trend[n, m, k] / const.p0[m, k] * (1.0 + subsidies[n, m, k])
        u = _clip(const.utilisation * ratio ** const.price_response, 0.3, 1.0) * capacity_factor[n, m, k]
        if k == 0:
            tech_f = 1.0 + 0.03 * (tech[n, 0] - 2)
            licence = 0.8 if social[n] < 25.0 else 1.0
            out[f] = fac.capacity[f] / 4.0 * tech_f * licence * u
            dug[n, m] += out[f]
        else:
            out[f] = fac.capacity[f] / 4.0 * _refining_gain(tech, const.start_tech, n) * u
            want_nm[n, m] += out[f]
    for n in range(N):
        for m in range(M):
            if dug[n, m] > 0.0:
                r = min(1.0, reserves[n, m] / dug[n, m])
                dug[n, m] *= r
                reserves[n, m] = max(reserves[n, m] - dug[n, m], 0.0)
                dug[n, m] = r  # reuse as the scale for this nation's mines
            else:
                dug[n, m] = 1.0
            if want_nm[n, m] > 0.0:
                can = feed[n, m] * const.refining_yield[m]
                s = min(1.0, can / want_nm[n, m])
                feed[n, m] = max(feed[n, m] - want_nm[n, m] * s / const.refining_yield[m], 0.0)
                want_nm[n, m] = s
            else:
                want_nm[n, m] = 0.0
    for f in range(F):
        n, m = fac.location[f], fac.mineral[f]
        out[f] *= dug[n, m] if fac.stage[f] == 0 else want_nm[n, m]
    made = np.zeros((N, M, 2))
    for f in range(F):
        made[fac.location[f], fac.mineral[f], fac.stage[f]] += out[f]
    for n in range(N):
        gained = tech[n, 2] - const.start_tech[n, 2]
        for m in range(M):
            rate = _clip(const.recycling_base[m] * (1.0 + 0.25 * gained), 0.0, 0.6)
            recycled[n, m] = rate * consumption[n, m, 1]
            made[n, m, 1] += recycled[n, m]
    return out, made


# --------------------------------------------------------------------------- 2. offtake


@njit(cache=True)
def offtake(fac, out, made, policy, contracts, access_by_level):
    """Foreign owners take their equity share of each facility's output first, unless the host
    targets them by name or they are sanctioned; contracts are delivered next, from what the
    seller makes, under its controls.  Returns what each owner took from each facility [F, N]
    and the tonnes each nation receives (in) and hands over (out) outside the market [N, M, 2]."""
    F = fac.capacity.shape[0]
    N = made.shape[0]
    M = made.shape[1]
    take = np.zeros((F, N))
    off_in = np.zeros((N, M, 2))
    off_out = np.zeros((N, M, 2))
    for f in range(F):
        n, m, k = fac.location[f], fac.mineral[f], fac.stage[f]
        for o in range(N):
            if o != n and fac.owners[f, o] > 0.0 and not policy.blocked[n, o]:
                t = out[f] * fac.owners[f, o] * access_by_level[policy.controls_target[n, m, k, o]]
                take[f, o] = t
                off_in[o, m, k] += t
                off_out[n, m, k] += t
    for c in range(contracts.volume.shape[0]):
        s_, b, m, k = contracts.seller[c], contracts.buyer[c], contracts.mineral[c], contracts.stage[c]
        level = control_level(policy.controls_all, policy.controls_target, policy.club, s_, m, k, b)
        acc = 0.0 if policy.blocked[s_, b] else access_by_level[level]
        t = min(contracts.volume[c] * acc, max(made[s_, m, k] - off_out[s_, m, k], 0.0))
        contracts.delivered[c] = t
        off_in[b, m, k] += t
        off_out[s_, m, k] += t
    return take, off_in, off_out


# --------------------------------------------------------------------------- 3. books


@njit(cache=True)
def books(fac, hold, made, off_in, off_out, mods, need, const):
    """Each market q = m * 2 + k: what each nation brings to it (production, stock released,
    offtake in less offtake out), the stock orders filled (all of them, or a share of world
    supply), and what it wants at the reference price: refined metal for its need (after
    substitution, and the cards' demand factors; ``need`` is written here), ore for its
    refineries to run this quarter and keep ``ore_in_hand`` quarters in hand.  Releases come
    out of the stockpile.  Returns supply, use at the reference price and orders [Q, N], and
    the tonnes released [N, M, 2]."""
    N, M = hold.reserves.shape
    F = fac.capacity.shape[0]
    Q = M * 2
    tech, stockpile = hold.tech, hold.stockpile
    supply = np.empty((Q, N))
    use0 = np.empty((Q, N))
    orders = np.empty((Q, N))
    release = np.empty((N, M, 2))
    ref_cap = np.zeros((N, M))
    for f in range(F):
        if fac.stage[f] == 1:
            ref_cap[fac.location[f], fac.mineral[f]] += fac.capacity[f] / 4.0
    for m in range(M):
        for k in range(2):
            q = m * 2 + k
            world_supply = 0.0
            total_orders = 0.0
            for n in range(N):
                r = min(hold.release_orders[n, m, k], stockpile[n, m, k])
                release[n, m, k] = r
                stockpile[n, m, k] -= r
                supply[q, n] = made[n, m, k] + r + off_in[n, m, k] - off_out[n, m, k]
                world_supply += supply[q, n]
                total_orders += hold.stock_orders[n, m, k]
            world_supply = max(world_supply, 0.0)
            fill = 0.0
            if total_orders > 0.0:
                fill = min(1.0, const.stock_order_share * world_supply / max(total_orders, 1e-12))
            for n in range(N):
                orders[q, n] = hold.stock_orders[n, m, k] * fill
                if k == 1:
                    cut = const.substitutable[m] * _clip((tech[n, 3] - 1.0) / 8.0, 0.0, 1.0)
                    need[n, m] = hold.demand[n, m] / 4.0 * (1.0 - cut) * mods.demand[n, m]
                    use0[q, n] = need[n, m] * mods.market[m, k]
                else:
                    target = (ref_cap[n, m] * _refining_gain(tech, const.start_tech, n) * const.utilisation
                              / const.refining_yield[m] * (1.0 + const.ore_in_hand))
                    use0[q, n] = max(target - hold.feed[n, m], 0.0) * mods.market[m, k]
    return supply, use0, orders, release


# --------------------------------------------------------------------------- 4. access


@njit(cache=True)
def access(policy, access_by_level, M):
    """[Q, N exporter, N importer] the share of an exporter's supply an importer may buy: 1 at
    home, -1 under sanctions (clear_markets_kernel reads it so), else the level of the control
    that applies (control_level: by name, or general unless allied).  Where an exporter has no
    control in force on a market (most rows of most markets) its row is the open base."""
    blocked, controls_all, controls_target = policy.blocked, policy.controls_all, policy.controls_target
    N = blocked.shape[0]
    Q = M * 2
    base = np.empty((N, N))
    for e in range(N):
        for i in range(N):
            if e == i:
                base[e, i] = 1.0
            elif blocked[e, i]:
                base[e, i] = -1.0
            else:
                base[e, i] = access_by_level[0]
    acc = np.empty((Q, N, N))
    for m in range(M):
        for k in range(2):
            q = m * 2 + k
            for e in range(N):
                controlled = controls_all[e, m, k] != 0
                for i in range(N):
                    controlled |= controls_target[e, m, k, i] != 0
                if not controlled:
                    for i in range(N):
                        acc[q, e, i] = base[e, i]
                    continue
                for i in range(N):
                    if e == i or blocked[e, i]:
                        acc[q, e, i] = base[e, i]
                    else:
                        acc[q, e, i] = access_by_level[control_level(controls_all, controls_target,
                                                                     policy.club, e, m, k, i)]
    return acc


# --------------------------------------------------------------------------- 5. clearing


@njit(cache=True)
def clearing(supply, use0, orders, acc, tariffs, trade_flows, const):
    """Clear every market (clear_markets_kernel).  No refiner bids more for ore than the metal it
    yields fetches, less the cost of refining it: beyond that price ore is rationed, not bid up
    (refined supply is last quarter's ore, so the refined markets clear first).  The flows are
    written into ``trade_flows`` (zeroed first), viewed as [Q, N, N]."""
    M = const.p0.shape[0]
    N = supply.shape[1]
    Q = M * 2
    elast = np.empty(Q)
    caps = np.empty(Q)
    bid_from = np.full(Q, -1, dtype=np.int64)
    bid_worth = np.zeros(Q)
    bid_cost = np.zeros(Q)
    for m in range(M):
        for k in range(2):
            elast[m * 2 + k] = const.elasticity[m, k]
            caps[m * 2 + k] = const.max_multiple[m]
        bid_from[m * 2] = m * 2 + 1
        bid_worth[m * 2] = const.p0[m, 1] * const.refining_yield[m] / const.p0[m, 0]
        bid_cost[m * 2] = const.refining_cost[m] / const.p0[m, 0]
    flows = trade_flows.reshape((Q, N, N))  # trade_flows[m, k] is market m * 2 + k
    for q in range(Q):
        for e in range(N):
            for i in range(N):
                flows[q, e, i] = 0.0
    return clear_markets_kernel(supply, use0, orders, acc, tariffs.reshape((N, Q, N)), elast, caps, bid_from,
                                bid_worth, bid_cost, const.price_floor, const.leakage, const.premium, flows)


# --------------------------------------------------------------------------- 6. settlement


@njit(cache=True)
def settlement(cleared, made, release, off_in, off_out, take, fac, contracts, hold, prices, treasury, flows,
               const):
    """Book the cleared markets: the open price, each nation's local price and the trend its
    producers see; purchases paid from the treasury; stock bought and surplus kept into the
    stockpile, ore used into the refiners' feed; the quarter's flows (offtake and contracts
    added to trade); orders cleared; and who each nation depends on for refined metal (the
    largest foreign source; the first of equals wins) with that source's share of its use, and
    the share of each nation's refined supply export controls denied it."""
    mu, local, used, bought, excess, imp, exp_, _, lost_share, cov, sold_at = cleared
    N, M = hold.reserves.shape
    F = fac.capacity.shape[0]
    p0 = const.p0
    tw = const.trend_weight
    trade_flows = flows.trade_flows
    for m in range(M):
        for k in range(2):
            q = m * 2 + k
            prices.price[m, k] = mu[q] * p0[m, k]
            for n in range(N):
                lp = local[q, n] * p0[m, k]
                prices.local_price[n, m, k] = lp
                prices.trend[n, m, k] = (1.0 - tw) * prices.trend[n, m, k] + tw * sold_at[q, n] * p0[m, k]
                treasury[n] -= bought[q, n] * lp / 1e9
                hold.stockpile[n, m, k] += bought[q, n] + excess[q, n]
                if k == 0:
                    hold.feed[n, m] += used[q, n]
                flows.production[n, m, k] = made[n, m, k]
                flows.consumption[n, m, k] = used[q, n]
                flows.imports[n, m, k] = imp[q, n] + off_in[n, m, k]
                flows.exports[n, m, k] = exp_[q, n] + off_out[n, m, k]
                flows.released[n, m, k] = release[n, m, k]
                flows.stocked[n, m, k] = bought[q, n] + excess[q, n]
                hold.stock_orders[n, m, k] = 0.0
                hold.release_orders[n, m, k] = 0.0
                if k == 1:
                    flows.coverage[n, m] = cov[q, n]
                    flows.denied_share[n, m] = lost_share[q, n]
    for f in range(F):
        for o in range(N):
            if take[f, o] > 0.0:
                trade_flows[fac.mineral[f], fac.stage[f], fac.location[f], o] += take[f, o]
    for c in range(contracts.volume.shape[0]):
        trade_flows[contracts.mineral[c], contracts.stage[c], contracts.seller[c], contracts.buyer[c]] += \
            contracts.delivered[c]
    for m in range(M):
        for i in range(N):
            best = -1
            amount = 0.0
            for e in range(N):
                if e != i and trade_flows[m, 1, e, i] > amount:
                    amount = trade_flows[m, 1, e, i]
                    best = e
            flows.supplier[i, m] = best
            flows.supplier_share[i, m] = min(amount / max(flows.consumption[i, m, 1], 1e-12), 1.0) if best >= 0 \
                else 0.0


# --------------------------------------------------------------------------- 7. sector output


@njit(cache=True)
def sector_output(coverage, sector_inputs, output_factor):
    """[N, S] each sector's output: 1 less the shortfall of each metal times the share of the
    sector's inputs it is, clipped to [0, 1]."""
    N, M = coverage.shape
    S = sector_inputs.shape[0]
    for n in range(N):
        for s in range(S):
            loss = 0.0
            for m in range(M):
                loss += (1.0 - coverage[n, m]) * sector_inputs[s, m]
            output_factor[n, s] = _clip(1.0 - loss, 0.0, 1.0)


# --------------------------------------------------------------------------- 8. budgets


@njit(cache=True)
def _world_output(production):
    N, M = production.shape[0], production.shape[1]
    world_out = np.zeros((M, 2))
    for n in range(N):
        for m in range(M):
            for k in range(2):
                world_out[m, k] += production[n, m, k]
    return world_out


@njit(cache=True)
def budgets(fac, flows, sold_at, price, policy, soc, const, tension):
    """Each nation's treasury gains its income times its prosperity (sector output weighted by
    value), royalties on what its producers are paid, tariff revenue and dividends (a tenth of
    the value of its foreign equity's output), less its subsidies; pollution decays and grows
    with its share of world output times the stage's intensity (less what its standards
    catch), which also wears its social licence, which otherwise recovers; political capital
    recovers; relations fade toward neutral.  Returns the tension eased by the quarter and each
    nation's prosperity [N] (the index phase reads it)."""
    production, trade_flows, tariffs = flows.production, flows.trade_flows, policy.tariffs
    N, M = production.shape[0], production.shape[1]
    F = fac.capacity.shape[0]
    S = const.sector_inputs.shape[0]
    p0 = const.p0
    world_out = _world_output(production)
    cap_nmk = np.zeros((N, M, 2))
    for f in range(F):
        cap_nmk[fac.location[f], fac.mineral[f], fac.stage[f]] += fac.capacity[f]
    dividends = np.zeros(N)
    prosperity = np.empty(N)
    for f in range(F):
        n, m, k = fac.location[f], fac.mineral[f], fac.stage[f]
        value = production[n, m, k] * fac.capacity[f] / max(cap_nmk[n, m, k], 1e-12) * sold_at[m * 2 + k, n] \
            * p0[m, k] / 1e9
        for o in range(N):
            if o != n:
                dividends[o] += value * fac.owners[f, o] * 0.1
    for n in range(N):
        total = 0.0
        got = 0.0
        for s in range(S):
            total += const.sector_value[n, s]
            got += const.sector_value[n, s] * flows.output_factor[n, s]
        prosperity[n] = got / total if total > 0.0 else 1.0
        sales = 0.0
        subsidy_cost = 0.0
        tariff_rev = 0.0
        emitted = 0.0
        for m in range(M):
            for k in range(2):
                v = production[n, m, k] * sold_at[m * 2 + k, n] * p0[m, k]  # what its producers are paid
                sales += v
                subsidy_cost += policy.subsidies[n, m, k] * v
                emitted += production[n, m, k] / max(world_out[m, k], 1e-12) * 100.0 * const.intensity[m, k]
                for e in range(N):
                    tariff_rev += trade_flows[m, k, e, n] * tariffs[n, m, k, e] * price[m, k]
        emitted *= (1.0 - const.env_standard[n]) / const.pollution_scale
        soc.treasury[n] += (const.income[n] * prosperity[n] + const.royalty[n] * sales / 1e9
                            + tariff_rev / 1e9 + dividends[n] - subsidy_cost / 1e9)
        soc.pollution[n] = _clip(soc.pollution[n] * (1.0 - const.pollution_decay) + emitted, 0.0, 100.0)
        soc.social[n] = _clip(soc.social[n] + const.social_recovery - 0.15 * emitted, 0.0, 100.0)
        soc.political_capital[n] = min(soc.political_capital[n] + const.political_capital_per_turn, 100.0)
        for j in range(N):
            soc.relations[n, j] *= 0.995
    return max(0.0, tension - const.tension_decay), prosperity


# --------------------------------------------------------------------------- 9. investment


@njit(cache=True)
def investment(fac, trend, hold, const):
    """Private capacity follows what producers are paid, each against its reference: mines the
    price of ore, refineries their margin (the metal's worth less the ore it takes); growth is
    the log of that ratio times the supply response, within its cap, and a mine grows only while
    its nation's reserves hold ``mine_reserve_years`` years of its capacity
    (rules.reserves_allow_mine).  Demand grows."""
    N, M = hold.reserves.shape
    F = fac.capacity.shape[0]
    p0 = const.p0
    for f in range(F):
        n, m, k = fac.location[f], fac.mineral[f], fac.stage[f]
        if k == 0:
            ratio = max(trend[n, m, 0] / p0[m, 0], 1e-6)
        else:
            y = const.refining_yield[m]
            margin = trend[n, m, 1] * y - trend[n, m, 0]
            ratio = max(margin / (p0[m, 1] * y - p0[m, 0]), 1e-6)
        g = _clip(const.supply_response * math.log(ratio), -const.supply_response_cap, const.supply_response_cap)
        if g > 0.0 and k == 0 and not mine_allowed(hold.reserves[n, m], fac.capacity[f], const.mine_reserve_years):
            g = 0.0
        fac.capacity[f] *= 1.0 + g
    for n in range(N):
        for m in range(M):
            hold.demand[n, m] *= const.growth[m]


# --------------------------------------------------------------------------- 10. index


@njit(cache=True)
def index(flows, stockpile, soc, const, prosperity):
    """Each nation's index parts (x100) and their weighted sum:
    prosperity, sector output weighted by value (worked out by budgets); security, half defence output (the strategic
    sectors), a quarter stock cover (weeks held over ``weeks_full``, per metal used) and a
    quarter independence (1 less the exposure to one supplier: its share plus what controls
    denied, kernels.exposure_of); influence, its shares of world
    refining and mining, of world exports and the producer states' mean leaning toward it;
    sustainability, social licence and the absence of pollution."""
    production, output_factor, need = flows.production, flows.output_factor, flows.need
    N, M = production.shape[0], production.shape[1]
    S = const.sector_inputs.shape[0]
    world_out = _world_output(production)
    # producer states' mean leaning toward each power (summed from the first, as numpy's mean is)
    align = np.zeros(N)
    n_prod = 0
    for p in range(N):
        if const.producer[p]:
            for j in range(N):
                align[j] = soc.alignment[p, j] if n_prod == 0 else align[j] + soc.alignment[p, j]
            n_prod += 1
    if n_prod > 0:
        for j in range(N):
            align[j] /= n_prod
    total_exports = 0.0
    for n in range(N):
        for m in range(M):
            for k in range(2):
                total_exports += flows.exports[n, m, k]
    n_strategic = 0.0
    for s in range(S):
        n_strategic += const.strategic[s]
    for n in range(N):
        defence = 0.0
        if n_strategic > 0.0:
            for s in range(S):
                defence += const.strategic[s] * output_factor[n, s]
            defence /= n_strategic
        else:
            defence = 1.0
        uses = 0.0
        cover = 0.0
        dependence = 0.0
        share_r = 0.0
        share_o = 0.0
        exported = 0.0
        for m in range(M):
            if need[n, m] > 0.0:
                uses += 1.0
                weeks = stock_weeks_of(stockpile[n, m, 1], need[n, m])
                cover += min(weeks / const.weeks_full, 1.0)
                dependence += exposure_of(flows.supplier_share[n, m], flows.denied_share[n, m])
            share_r += production[n, m, 1] / max(world_out[m, 1], 1e-12)
            share_o += production[n, m, 0] / max(world_out[m, 0], 1e-12)
            exported += flows.exports[n, m, 0] + flows.exports[n, m, 1]
        uses = max(uses, 1.0)
        security = 0.5 * defence + 0.25 * cover / uses + 0.25 * (1.0 - dependence / uses)
        influence = _clip(0.45 * share_r / M * 2.0 + 0.2 * share_o / M * 2.0
                          + 0.15 * exported / max(total_exports, 1e-12) * 2.0 + 0.2 * align[n] * 2.0,
                          0.0, 1.0)
        sustain = 0.6 * soc.social[n] / 100.0 + 0.4 * (1.0 - soc.pollution[n] / 100.0)
        flows.index_parts[n, 0] = prosperity[n] * 100.0
        flows.index_parts[n, 1] = security * 100.0
        flows.index_parts[n, 2] = influence * 100.0
        flows.index_parts[n, 3] = sustain * 100.0
        score = 0.0
        for j in range(4):
            score += flows.index_parts[n, j] * const.score_weights[j]
        flows.index_score[n] = score


# --------------------------------------------------------------------------- the quarter


@njit(cache=True)
def resolve_quarter(fac, hold, policy, prices, soc, contracts, mods, flows, const, tension):
    """The numeric quarter, phase by phase (see the module docstring).  Returns the new tension."""
    M = hold.reserves.shape[1]
    out, made = production(fac, hold, soc.social, prices.trend, policy.subsidies, mods.capacity,
                           flows.consumption, flows.recycled, const)
    take, off_in, off_out = offtake(fac, out, made, policy, contracts, const.access_by_level)
    supply, use0, orders, release = books(fac, hold, made, off_in, off_out, mods, flows.need, const)
    acc = access(policy, const.access_by_level, M)
    cleared = clearing(supply, use0, orders, acc, policy.tariffs, flows.trade_flows, const)
    settlement(cleared, made, release, off_in, off_out, take, fac, contracts, hold, prices, soc.treasury, flows,
               const)
    sector_output(flows.coverage, const.sector_inputs, flows.output_factor)
    tension, prosperity = budgets(fac, flows, cleared[10], prices.price, policy, soc, const, tension)
    investment(fac, prices.trend, hold, const)
    index(flows, hold.stockpile, soc, const, prosperity)
    return tension

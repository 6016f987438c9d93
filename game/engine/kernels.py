"""Compiled loop forms of the engine's hot numeric steps.

Each kernel computes exactly what its numpy reference computes (the reference is
the readable statement of the rule; tests hold the two together on random
inputs).  numba compiles them once per machine and caches the result next to
this file; nothing here reads a clock or does I/O of its own.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

TINY = 1e-9


@njit(cache=True)
def _soft_cap(raw: float, cap: float, floor: float) -> float:
    if raw >= 1.0:
        return 1.0 + (cap - 1.0) * math.tanh((raw - 1.0) / (cap - 1.0))
    return floor + (1.0 - floor) * raw


@njit(cache=True)
def stock_weeks_of(stock: float, need: float) -> float:
    """Weeks of use a refined stock covers, need being tonnes a quarter (13 weeks); 0 where
    nothing is needed.  The compiled twin of game.engine.rules.stock_weeks."""
    if need > 0.0:
        return stock / (max(need, 1e-12) / 13.0)
    return 0.0


@njit(cache=True)
def control_level(controls_all, controls_target, club, e, m, k, i):
    """The level of seller e's export control on mineral m, stage k that applies to buyer i:
    one aimed at i by name, and a general one unless i is e's ally (allies buy as one)."""
    level = controls_target[e, m, k, i]
    if not club[e, i]:
        level = max(level, controls_all[e, m, k])
    return level


@njit(cache=True)
def clear_markets_kernel(supply, use0, orders, access, tariff, elasticity, cap, bid_from, bid_worth, bid_cost, floor,
                         leakage, premium, flows):
    """Loop form of market.clear_markets, outputs as a tuple.  Two arguments differ: tariff is
    laid out as the state keeps it, [N importer, Q, N exporter] (the rate i charges e), and flows
    [Q, N, N] comes in zeroed and is filled in; so the compiled quarter passes views of its own
    arrays instead of building transposed copies every quarter.  Markets whose buyers' bids are
    bounded by another market's price (bid_from >= 0) are cleared after all the others."""
    Q, N = supply.shape
    mu_pool = np.empty(Q)
    local = np.empty((Q, N))
    used = np.zeros((Q, N))
    bought = np.zeros((Q, N))
    excess = np.zeros((Q, N))
    imports = np.zeros((Q, N))
    exports = np.zeros((Q, N))
    lost_share = np.zeros((Q, N))
    coverage = np.ones((Q, N))
    sold_at = np.empty((Q, N))

    demand0 = np.empty(N)
    d = np.empty(N)
    c_free = np.empty(N)
    x = np.empty(N)
    need = np.empty(N)
    retained = np.zeros(N)
    lost = np.zeros(N)
    delivered = np.zeros(N)
    ctrl = np.zeros(N, dtype=np.bool_)
    wedge = np.empty(N)
    wdamp = np.empty(N)
    cons = np.empty(N)
    exc = np.zeros(N)
    eff = np.empty((N, N))
    ff = np.empty((N, N))

    for step in range(2 * Q):
        q = step % Q
        if (bid_from[q] >= 0) != (step >= Q):
            continue
        top = math.inf
        if bid_from[q] >= 0:
            top = max(mu_pool[bid_from[q]] * bid_worth[q] - bid_cost[q], floor)
        e_q = elasticity[q]
        inv_e = 1.0 / e_q
        tot_s = 0.0
        tot_d = 0.0
        for n in range(N):
            demand0[n] = use0[q, n] + orders[q, n]
            tot_s += supply[q, n]
            tot_d += demand0[n]
        tot_s = max(tot_s, TINY)

        # 1. free equilibrium
        mu_free = min(_soft_cap((max(tot_d, TINY) / tot_s) ** inv_e, cap[q], floor), top)
        damp_free = mu_free ** -e_q
        sum_d = 0.0
        for n in range(N):
            d[n] = demand0[n] * damp_free
            sum_d += d[n]
        theta = min(1.0, tot_s / max(sum_d, TINY))
        sum_need = 0.0
        for n in range(N):
            c_free[n] = d[n] * theta
            net = supply[q, n] - c_free[n]
            x[n] = net if net > 0.0 else 0.0
            need[n] = -net if net < 0.0 else 0.0
            sum_need += need[n]
        inv_need = 1.0 / max(sum_need, TINY)
        for e in range(N):
            xe = x[e] * inv_need
            for i in range(N):
                ff[e, i] = xe * need[i]

        # 2. controls with leakage (a market with no control and no tariff has nothing to
        #    block: every step below then reduces to the free case, so it is skipped)
        restricted = False
        for e in range(N):
            for i in range(N):
                if access[q, e, i] < 1.0 or tariff[i, q, e] != 0.0:
                    restricted = True
                    break
            if restricted:
                break
        for n in range(N):
            retained[n] = 0.0
            lost[n] = 0.0
        for e in range(N if restricted else 0):
            sent = 0.0
            weighted = 0.0
            for i in range(N):
                sent += ff[e, i]
                weighted += ff[e, i] * max(access[q, e, i], 0.0)
            phi = weighted / max(sent, TINY)
            kept = 0.0  # retained[e], summed in a register (the loop also writes lost[])
            for i in range(N):
                a = access[q, e, i]
                gap = phi - a
                if a < 0.0:  # sanctions: no way round
                    eff[e, i] = 0.0
                else:
                    eff[e, i] = a + leakage * (gap if gap > 0.0 else 0.0)
                blocked = ff[e, i] - ff[e, i] * eff[e, i]
                kept += blocked
                lost[i] += blocked
            retained[e] = kept
        scale = 1e-7 * tot_s
        for n in range(N):
            ctrl[n] = retained[n] > scale
            delivered[n] = x[n] - retained[n]

        # 3b. the open pool (wedges first: they do not depend on the pool price)
        pool_supply = 0.0
        weighted_d = 0.0
        for i in range(N):
            if restricted:
                ls = lost[i] / max(c_free[i], TINY)
                lost_share[q, i] = min(ls, 1.0)
                tsum = 0.0
                for e in range(N):  # most rates are nil: skipping them adds nothing, not even -0.0
                    t = tariff[i, q, e]
                    if t != 0.0:
                        tsum += t * ff[e, i]
                wedge[i] = 1.0 + premium * min(ls, 1.0) + tsum / max(c_free[i], TINY)
                wdamp[i] = 1.0 if wedge[i] == 1.0 else wedge[i] ** -e_q
            else:
                wedge[i] = 1.0
                wdamp[i] = 1.0
            if ctrl[i]:
                pool_supply += delivered[i]
            else:
                pool_supply += supply[q, i]
                weighted_d += demand0[i] * wdamp[i]
        pool_supply = max(pool_supply, TINY)
        mu = min(_soft_cap((max(weighted_d, TINY) / pool_supply) ** inv_e, cap[q], floor), top)
        mu_pool[q] = mu
        damp = mu ** -e_q
        sum_pool_d = 0.0
        for i in range(N):
            if not ctrl[i]:
                local[q, i] = mu * wedge[i]
                sold_at[q, i] = local[q, i]
                cons[i] = demand0[i] * damp * wdamp[i]
                sum_pool_d += cons[i]
        theta_pool = min(1.0, pool_supply / max(sum_pool_d, TINY))
        sum_c = 0.0
        for i in range(N):
            if not ctrl[i]:
                cons[i] *= theta_pool
                sum_c += cons[i]
        pool_excess = pool_supply - sum_c
        if pool_excess < 1e-9 * pool_supply:  # rounding, not a real surplus
            pool_excess = 0.0

        # 3a. controllers at home; their producers sell at home and abroad (what the pool pays)
        for e in range(N):
            if ctrl[e]:
                home = supply[q, e] - delivered[e]
                mu_h = min(_soft_cap((max(demand0[e], TINY) / max(home, TINY)) ** inv_e, cap[q], floor), top)
                local[q, e] = mu_h
                h = home if home > 0.0 else 0.0
                sold_at[q, e] = mu_h
                if supply[q, e] > TINY:
                    sold_at[q, e] = (h * mu_h + delivered[e] * mu) / (h + delivered[e])
                cons[e] = min(demand0[e] * mu_h ** -e_q, h)
                exc[e] = h - cons[e]

        # pool surplus at the floor stays with the pool's exporters (or holders), pro rata
        pos_sum = 0.0
        for i in range(N):
            if not ctrl[i]:
                p = supply[q, i] - cons[i]
                exc[i] = p if p > 0.0 else 0.0
                pos_sum += exc[i]
        if pos_sum <= TINY:
            pos_sum = 0.0
            for i in range(N):
                if not ctrl[i]:
                    s = supply[q, i]
                    exc[i] = s if s > 0.0 else 0.0
                    pos_sum += exc[i]
        share = pool_excess / max(pos_sum, TINY)
        for i in range(N):
            if not ctrl[i]:
                exc[i] *= share

        # trade positions and who supplies whom
        rem_sum = 0.0
        for n in range(N):
            if ctrl[n]:
                pos = delivered[n]
            else:
                pos = supply[q, n] - cons[n] - exc[n]
            exports[q, n] = pos if pos > 0.0 else 0.0
            imports[q, n] = -pos if pos < 0.0 else 0.0
        for i in range(N):
            recv = 0.0
            if restricted and not ctrl[i]:
                for e in range(N):
                    if ctrl[e]:
                        f = ff[e, i] * eff[e, i]
                        flows[q, e, i] = f
                        recv += f
            r = imports[q, i] - recv
            need[i] = r if (r > 0.0 and not ctrl[i]) else 0.0
            rem_sum += need[i]
        rem_sum = max(rem_sum, TINY)
        for e in range(N):
            if not ctrl[e] and exports[q, e] > 0.0:
                for i in range(N):
                    flows[q, e, i] += exports[q, e] * need[i] / rem_sum

        # split stock orders from use; coverage against demand at the open price
        for n in range(N):
            b = cons[n] * orders[q, n] / max(demand0[n], TINY)
            bought[q, n] = b
            used[q, n] = cons[n] - b
            excess[q, n] = exc[n]
            at_open = use0[q, n] * damp
            if at_open > TINY:
                coverage[q, n] = min(used[q, n] / at_open, 1.0)
    return mu_pool, local, used, bought, excess, imports, exports, flows, lost_share, coverage, sold_at


# --------------------------------------------------------------------------- one quarter


@njit(cache=True)
def _clip(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else (hi if x > hi else x)


@njit(cache=True)
def _refining_gain(tech, start_tech, n):
    """Throughput gained by refining research since the start: 2% a level."""
    return 1.0 + 0.02 * (tech[n, 1] - start_tech[n, 1])


@njit(cache=True)
def produce(fac_cap, fac_loc, fac_min, fac_stage, tech, start_tech, social, price_trend, subsidies, p0, reserves,
            feed, refining_yield, utilisation, price_response, capacity_factor):
    """Mines dig ore (within reserves); refineries turn the ore in hand into product.
    Returns per-facility output [F]."""
    F = fac_cap.shape[0]
    N, M = reserves.shape
    out = np.zeros(F)
    dug = np.zeros((N, M))
    want_nm = np.zeros((N, M))
    for f in range(F):
        n, m, k = fac_loc[f], fac_min[f], fac_stage[f]
        ratio = price_trend[n, m, k] / p0[m, k] * (1.0 + subsidies[n, m, k])
        u = _clip(utilisation * ratio ** price_response, 0.3, 1.0) * capacity_factor[n, m, k]
        if k == 0:
            tech_f = 1.0 + 0.03 * (tech[n, 0] - 2)
            licence = 0.8 if social[n] < 25.0 else 1.0
            out[f] = fac_cap[f] / 4.0 * tech_f * licence * u
            dug[n, m] += out[f]
        else:
            out[f] = fac_cap[f] / 4.0 * _refining_gain(tech, start_tech, n) * u
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
                can = feed[n, m] * refining_yield[m]
                s = min(1.0, can / want_nm[n, m])
                feed[n, m] = max(feed[n, m] - want_nm[n, m] * s / refining_yield[m], 0.0)
                want_nm[n, m] = s
            else:
                want_nm[n, m] = 0.0
    for f in range(F):
        n, m = fac_loc[f], fac_min[f]
        out[f] *= dug[n, m] if fac_stage[f] == 0 else want_nm[n, m]
    return out


# rule scalars, packed in this order by turn.rule_vector()
R_UTIL, R_RESP, R_FLOOR, R_LEAK, R_PREMIUM, R_SUPPLY, R_SUPPLY_CAP, R_POLL_DECAY, R_SOCIAL, R_PC, \
    R_TENSION_DECAY, R_STOCK_SHARE, R_POLL_SCALE, R_TREND_W, R_WEEKS_FULL, R_ORE_IN_HAND = range(16)
# mineral constants [M, 6]
MP_CAP, MP_YIELD, MP_RECYCLE, MP_SUBST, MP_GROWTH, MP_REFINING_COST = range(6)
# nation constants [N, 4]
NP_INCOME, NP_ROYALTY, NP_ENV = range(3)


@njit(cache=True)
def resolve_quarter(
    # facilities
    fac_cap, fac_loc, fac_min, fac_stage, fac_owners,
    # state, changed in place
    tech, reserves, stockpile, feed, demand, controls_all, controls_target, tariffs, subsidies,
    price, local_price, price_trend, treasury, political_capital, social, pollution, relations,
    stock_orders, release_orders, tension,
    # card modifiers this quarter: market demand [M, 2], nation demand [N, M], capacity [N, M, 2]
    market_factor, demand_factor, capacity_factor,
    # agreements (engine.diplomacy.market_inputs): sanctions both ways [N, N], alliance members [N, N],
    # contracts (seller, buyer, mineral, stage, t a quarter) with what was delivered (out); and
    # how states lean toward each power [N, N], of which the producer states' [N] count
    blocked, club, c_seller, c_buyer, c_min, c_stage, c_vol, delivered, alignment, producer,
    # last quarter's flows, replaced in place
    production, recycled, consumption, imports, exports, released, stocked, need, coverage,
    output_factor, supplier, supplier_share, trade_flows, index_parts, index,
    # world constants
    p0, elasticity, intensity, minp, natp, sector_inputs, sector_value, strategic, access_by_level,
    start_tech, score_weights, rp,
):
    """Production, recycling, markets, sector output, budgets, investment and scores of one quarter.

    Returns the new global tension.  See turn.resolve for the order and docs/engine.md for the model.
    """
    N, M = reserves.shape
    F = fac_cap.shape[0]
    S = sector_inputs.shape[0]
    Q = M * 2

    # ---- production and recycling
    out = produce(fac_cap, fac_loc, fac_min, fac_stage, tech, start_tech, social, price_trend, subsidies, p0,
                  reserves, feed, minp[:, MP_YIELD], rp[R_UTIL], rp[R_RESP], capacity_factor)
    new_prod = np.zeros((N, M, 2))
    for f in range(F):
        new_prod[fac_loc[f], fac_min[f], fac_stage[f]] += out[f]
    for n in range(N):
        gained = tech[n, 2] - start_tech[n, 2]
        for m in range(M):
            rate = _clip(minp[m, MP_RECYCLE] * (1.0 + 0.25 * gained), 0.0, 0.6)
            recycled[n, m] = rate * consumption[n, m, 1]
            new_prod[n, m, 1] += recycled[n, m]

    # ---- equity offtake: foreign owners take their share first, unless targeted by name or sanctioned
    take = np.zeros((F, N))
    off_in = np.zeros((N, M, 2))
    off_out = np.zeros((N, M, 2))
    for f in range(F):
        n, m, k = fac_loc[f], fac_min[f], fac_stage[f]
        for o in range(N):
            if o != n and fac_owners[f, o] > 0.0 and not blocked[n, o]:
                t = out[f] * fac_owners[f, o] * access_by_level[controls_target[n, m, k, o]]
                take[f, o] = t
                off_in[o, m, k] += t
                off_out[n, m, k] += t

    # ---- contracts: delivered next, from what the seller makes, under its controls
    for c in range(c_vol.shape[0]):
        s_, b, m, k = c_seller[c], c_buyer[c], c_min[c], c_stage[c]
        level = control_level(controls_all, controls_target, club, s_, m, k, b)
        acc = 0.0 if blocked[s_, b] else access_by_level[level]
        t = min(c_vol[c] * acc, max(new_prod[s_, m, k] - off_out[s_, m, k], 0.0))
        delivered[c] = t
        off_in[b, m, k] += t
        off_out[s_, m, k] += t

    # ---- supply, orders and demand for every market q = m * 2 + k
    supply = np.empty((Q, N))
    use0 = np.empty((Q, N))
    orders = np.empty((Q, N))
    release = np.empty((N, M, 2))
    ref_cap = np.zeros((N, M))
    for f in range(F):
        if fac_stage[f] == 1:
            ref_cap[fac_loc[f], fac_min[f]] += fac_cap[f] / 4.0
    for m in range(M):
        for k in range(2):
            q = m * 2 + k
            world_supply = 0.0
            total_orders = 0.0
            for n in range(N):
                r = min(release_orders[n, m, k], stockpile[n, m, k])
                release[n, m, k] = r
                stockpile[n, m, k] -= r
                supply[q, n] = new_prod[n, m, k] + r + off_in[n, m, k] - off_out[n, m, k]
                world_supply += supply[q, n]
                total_orders += stock_orders[n, m, k]
            world_supply = max(world_supply, 0.0)
            fill = 0.0
            if total_orders > 0.0:
                fill = min(1.0, rp[R_STOCK_SHARE] * world_supply / max(total_orders, 1e-12))
            for n in range(N):
                orders[q, n] = stock_orders[n, m, k] * fill
                if k == 1:
                    cut = minp[m, MP_SUBST] * _clip((tech[n, 3] - 1.0) / 8.0, 0.0, 1.0)
                    need[n, m] = demand[n, m] / 4.0 * (1.0 - cut) * demand_factor[n, m]
                    use0[q, n] = need[n, m] * market_factor[m, k]
                else:  # refiners buy to run this quarter and keep rp[R_ORE_IN_HAND] quarters in hand
                    target = (ref_cap[n, m] * _refining_gain(tech, start_tech, n) * rp[R_UTIL] / minp[m, MP_YIELD]
                              * (1.0 + rp[R_ORE_IN_HAND]))
                    use0[q, n] = max(target - feed[n, m], 0.0) * market_factor[m, k]

    # access [Q, N exporter, N importer]: where no control is in force (most rows of most markets)
    # a row is the open base, 1 but for sanctions; only controlled rows are worked out
    base = np.empty((N, N))
    for e in range(N):
        for i in range(N):
            if e == i:
                base[e, i] = 1.0
            elif blocked[e, i]:
                base[e, i] = -1.0  # sanctions (see clear_markets_kernel)
            else:
                base[e, i] = access_by_level[0]
    access = np.empty((Q, N, N))
    for m in range(M):
        for k in range(2):
            q = m * 2 + k
            for e in range(N):
                ca = controls_all[e, m, k]
                controlled = ca != 0
                for i in range(N):
                    controlled |= controls_target[e, m, k, i] != 0
                if not controlled:
                    for i in range(N):
                        access[q, e, i] = base[e, i]
                    continue
                for i in range(N):
                    if e == i or blocked[e, i]:
                        access[q, e, i] = base[e, i]
                    else:
                        level = control_level(controls_all, controls_target, club, e, m, k, i)
                        access[q, e, i] = access_by_level[level]
    elast = np.empty(Q)
    caps = np.empty(Q)
    # no refiner bids more for ore than the metal it yields fetches, less the cost of refining it:
    # beyond that price ore is rationed, not bid up (refined supply is last quarter's ore, so the
    # refined markets clear first)
    bid_from = np.full(Q, -1, dtype=np.int64)
    bid_worth = np.zeros(Q)
    bid_cost = np.zeros(Q)
    for m in range(M):
        for k in range(2):
            elast[m * 2 + k] = elasticity[m, k]
            caps[m * 2 + k] = minp[m, MP_CAP]
        bid_from[m * 2] = m * 2 + 1
        bid_worth[m * 2] = p0[m, 1] * minp[m, MP_YIELD] / p0[m, 0]
        bid_cost[m * 2] = minp[m, MP_REFINING_COST] / p0[m, 0]

    flows = trade_flows.reshape((Q, N, N))  # trade_flows[m, k] is market m * 2 + k
    for q in range(Q):
        for e in range(N):
            for i in range(N):
                flows[q, e, i] = 0.0
    mu, local, used, bought, excess, imp, exp_, flows, lost_share, cov, sold_at = clear_markets_kernel(
        supply, use0, orders, access, tariffs.reshape((N, Q, N)), elast, caps, bid_from, bid_worth, bid_cost,
        rp[R_FLOOR], rp[R_LEAK], rp[R_PREMIUM], flows)

    # ---- settle
    tw = rp[R_TREND_W]
    for m in range(M):
        for k in range(2):
            q = m * 2 + k
            price[m, k] = mu[q] * p0[m, k]
            for n in range(N):
                lp = local[q, n] * p0[m, k]
                local_price[n, m, k] = lp
                price_trend[n, m, k] = (1.0 - tw) * price_trend[n, m, k] + tw * sold_at[q, n] * p0[m, k]
                treasury[n] -= bought[q, n] * lp / 1e9
                stockpile[n, m, k] += bought[q, n] + excess[q, n]
                if k == 0:
                    feed[n, m] += used[q, n]
                production[n, m, k] = new_prod[n, m, k]
                consumption[n, m, k] = used[q, n]
                imports[n, m, k] = imp[q, n] + off_in[n, m, k]
                exports[n, m, k] = exp_[q, n] + off_out[n, m, k]
                released[n, m, k] = release[n, m, k]
                stocked[n, m, k] = bought[q, n] + excess[q, n]
                stock_orders[n, m, k] = 0.0
                release_orders[n, m, k] = 0.0
                if k == 1:
                    coverage[n, m] = cov[q, n]
    for f in range(F):
        for o in range(N):
            if take[f, o] > 0.0:
                trade_flows[fac_min[f], fac_stage[f], fac_loc[f], o] += take[f, o]
    for c in range(c_vol.shape[0]):
        trade_flows[c_min[c], c_stage[c], c_seller[c], c_buyer[c]] += delivered[c]

    # who each nation depends on for refined material (first of equals wins)
    for m in range(M):
        for i in range(N):
            best = -1
            amount = 0.0
            for e in range(N):
                if e != i and trade_flows[m, 1, e, i] > amount:
                    amount = trade_flows[m, 1, e, i]
                    best = e
            supplier[i, m] = best
            supplier_share[i, m] = min(amount / max(consumption[i, m, 1], 1e-12), 1.0) if best >= 0 else 0.0

    # ---- sector output
    for n in range(N):
        for s in range(S):
            loss = 0.0
            for m in range(M):
                loss += (1.0 - coverage[n, m]) * sector_inputs[s, m]
            output_factor[n, s] = _clip(1.0 - loss, 0.0, 1.0)

    # ---- treasury, pollution, social licence, political capital, relations, tension
    world_out = np.zeros((M, 2))
    cap_nmk = np.zeros((N, M, 2))
    for n in range(N):
        for m in range(M):
            for k in range(2):
                world_out[m, k] += production[n, m, k]
    for f in range(F):
        cap_nmk[fac_loc[f], fac_min[f], fac_stage[f]] += fac_cap[f]
    dividends = np.zeros(N)
    for f in range(F):
        n, m, k = fac_loc[f], fac_min[f], fac_stage[f]
        value = production[n, m, k] * fac_cap[f] / max(cap_nmk[n, m, k], 1e-12) * sold_at[m * 2 + k, n] \
            * p0[m, k] / 1e9
        for o in range(N):
            if o != n:
                dividends[o] += value * fac_owners[f, o] * 0.1
    prosperity = np.empty(N)
    for n in range(N):
        total = 0.0
        got = 0.0
        for s in range(S):
            total += sector_value[n, s]
            got += sector_value[n, s] * output_factor[n, s]
        prosperity[n] = got / total if total > 0.0 else 1.0
        sales = 0.0
        subsidy_cost = 0.0
        tariff_rev = 0.0
        emitted = 0.0
        for m in range(M):
            for k in range(2):
                v = production[n, m, k] * sold_at[m * 2 + k, n] * p0[m, k]  # what its producers are paid
                sales += v
                subsidy_cost += subsidies[n, m, k] * v
                emitted += production[n, m, k] / max(world_out[m, k], 1e-12) * 100.0 * intensity[m, k]
                for e in range(N):
                    tariff_rev += trade_flows[m, k, e, n] * tariffs[n, m, k, e] * price[m, k]
        emitted *= (1.0 - natp[n, NP_ENV]) / rp[R_POLL_SCALE]
        treasury[n] += (natp[n, NP_INCOME] * prosperity[n] + natp[n, NP_ROYALTY] * sales / 1e9
                        + tariff_rev / 1e9 + dividends[n] - subsidy_cost / 1e9)
        pollution[n] = _clip(pollution[n] * (1.0 - rp[R_POLL_DECAY]) + emitted, 0.0, 100.0)
        social[n] = _clip(social[n] + rp[R_SOCIAL] - 0.15 * emitted, 0.0, 100.0)
        political_capital[n] = min(political_capital[n] + rp[R_PC], 100.0)
        for j in range(N):
            relations[n, j] *= 0.995
    tension = max(0.0, tension - rp[R_TENSION_DECAY])

    # ---- private investment follows what producers are paid: mines the price of ore, refineries
    #      their margin (the metal's worth less the ore it takes), each against its reference; demand grows
    for f in range(F):
        n, m, k = fac_loc[f], fac_min[f], fac_stage[f]
        if k == 0:
            ratio = max(price_trend[n, m, 0] / p0[m, 0], 1e-6)
        else:
            y = minp[m, MP_YIELD]
            margin = price_trend[n, m, 1] * y - price_trend[n, m, 0]
            ratio = max(margin / (p0[m, 1] * y - p0[m, 0]), 1e-6)
        g = _clip(rp[R_SUPPLY] * math.log(ratio), -rp[R_SUPPLY_CAP], rp[R_SUPPLY_CAP])
        if g > 0.0 and k == 0 and not (reserves[n, m] > fac_cap[f] * 5.0):
            g = 0.0
        fac_cap[f] *= 1.0 + g
    for n in range(N):
        for m in range(M):
            demand[n, m] *= minp[m, MP_GROWTH]

    # ---- scores
    # producer states' mean leaning toward each power (summed from the first, as numpy's mean is)
    align = np.zeros(N)
    n_prod = 0
    for p in range(N):
        if producer[p]:
            for j in range(N):
                align[j] = alignment[p, j] if n_prod == 0 else align[j] + alignment[p, j]
            n_prod += 1
    if n_prod > 0:
        for j in range(N):
            align[j] /= n_prod
    total_exports = 0.0
    for n in range(N):
        for m in range(M):
            for k in range(2):
                total_exports += exports[n, m, k]
    n_strategic = 0.0
    for s in range(S):
        n_strategic += strategic[s]
    for n in range(N):
        defence = 0.0
        if n_strategic > 0.0:
            for s in range(S):
                defence += strategic[s] * output_factor[n, s]
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
                cover += min(weeks / rp[R_WEEKS_FULL], 1.0)
                dependence += supplier_share[n, m]
            share_r += production[n, m, 1] / max(world_out[m, 1], 1e-12)
            share_o += production[n, m, 0] / max(world_out[m, 0], 1e-12)
            exported += exports[n, m, 0] + exports[n, m, 1]
        uses = max(uses, 1.0)
        security = 0.5 * defence + 0.25 * cover / uses + 0.25 * (1.0 - dependence / uses)
        influence = _clip(0.45 * share_r / M * 2.0 + 0.2 * share_o / M * 2.0
                          + 0.15 * exported / max(total_exports, 1e-12) * 2.0 + 0.2 * align[n] * 2.0,
                          0.0, 1.0)
        sustain = 0.6 * social[n] / 100.0 + 0.4 * (1.0 - pollution[n] / 100.0)
        index_parts[n, 0] = prosperity[n] * 100.0
        index_parts[n, 1] = security * 100.0
        index_parts[n, 2] = influence * 100.0
        index_parts[n, 3] = sustain * 100.0
        total = 0.0
        for j in range(4):
            total += index_parts[n, j] * score_weights[j]
        index[n] = total
    return tension

"""Compiled forms of the market and of the small rules the compiled quarter shares.

clear_markets_kernel computes exactly what market.clear_markets (the readable statement of
the market) computes, and stock_weeks_of what rules.stock_weeks does; tests hold each pair
together on random inputs.  The quarter's other phases are in game.engine.quarter.  numba
compiles them once per machine and caches the result next to this file; nothing here reads a
clock or does I/O of its own.
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
def exposure_of(supplier_share: float, denied_share: float) -> float:
    """How much of a nation's use of a metal one foreign supplier holds in its hands: the top
    supplier's share of what it used, plus the share export controls denied it (at most 1).
    The compiled twin of game.engine.rules.supply_exposure."""
    return min(1.0, supplier_share + denied_share)


@njit(cache=True)
def mine_allowed(reserves, capacity, years):
    """Whether reserves (tonnes) hold ``years`` years of a mine's capacity (tonnes a year);
    scalars or arrays.  The compiled twin of game.engine.rules.reserves_allow_mine."""
    return reserves >= capacity * years


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

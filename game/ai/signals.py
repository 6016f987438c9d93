"""Compiled scan of the built-in bots' rules over every power at once.

It reads plain arrays and each bot's luck for the turn and returns, per power,
which mineral (if any) each rule points at.  The bots turn those into actions
with reasons (game.ai.bots); nothing here decides legality: the engine does.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# columns of the result
RELEASE, RELEASE_AMOUNT, BUY, DIVERSIFY, ALSO_MINE, RESEARCH, RETALIATE, LIFT = range(8)
# columns of the luck block, after 2*M noise values
U_BUY, U_DIVERSIFY, U_MINE, U_RESEARCH, U_FIELD, U_RETALIATE, U_RIVAL, U_LIFT = range(8)
LUCK_FIXED = 8


@njit(cache=True)
def scan(rows, coverage, need, stock, supplier_share, supplier, local_price_r, p0_r, demand, production_r,
         relations, reserves, treasury, pending, tariffed, controls_all, tension, target_weeks, luck):
    P = rows.shape[0]
    M = need.shape[1]
    N = production_r.shape[0]
    out = np.full((P, 8), -1.0)
    world_refined = np.zeros(M)
    for n in range(N):
        for m in range(M):
            world_refined[m] += production_r[n, m]
    for r in range(P):
        n = rows[r]
        base = 2 * M
        # 1. shortage: release from the stockpile
        worst, worst_cov = -1, 2.0
        for m in range(M):
            if need[n, m] > 0.0 and coverage[n, m] < worst_cov:
                worst, worst_cov = m, coverage[n, m]
        if worst >= 0 and worst_cov < 0.92 and stock[n, worst] > 0.01 * need[n, worst]:
            out[r, RELEASE] = worst
            out[r, RELEASE_AMOUNT] = min(stock[n, worst], need[n, worst] * (1.0 - worst_cov) * 1.5)
        # 2. top up the most exposed stockpile while prices are calm and the order is small
        pick, best = -1, 0.3
        for m in range(M):
            if need[n, m] > 0.0:
                weeks = stock[n, m] * 13.0 / max(need[n, m], 1e-12)
                if weeks < target_weeks:
                    exposure = supplier_share[n, m] + luck[r, m] * 0.2
                    if exposure > best:
                        pick, best = m, exposure
        if pick >= 0 and local_price_r[n, pick] / p0_r[pick] < 1.3 and treasury[n] > 2.0 \
                and demand[n, pick] / 26.0 < 0.12 * world_refined[pick] and luck[r, base + U_BUY] < 0.5:
            out[r, BUY] = pick
        # 3. diversify away from an unfriendly supplier
        m_best, best = 0, -1.0
        for m in range(M):
            score = (supplier_share[n, m] if need[n, m] > 0.0 else 0.0) + luck[r, M + m] * 0.1
            if score > best:
                m_best, best = m, score
        sup = supplier[n, m_best]
        if need[n, m_best] > 0.0 and supplier_share[n, m_best] > 0.5 and sup >= 0 \
                and relations[n, sup] < 30.0 and luck[r, base + U_DIVERSIFY] < 0.3 and not pending[n, m_best]:
            out[r, DIVERSIFY] = m_best
            out[r, ALSO_MINE] = 1.0 if (reserves[n, m_best] > 0.0 and luck[r, base + U_MINE] < 0.5) else 0.0
        # 4. research
        if treasury[n] > 3.0 and luck[r, base + U_RESEARCH] < 0.25:
            out[r, RESEARCH] = int(luck[r, base + U_FIELD] * 4.0)
        # 5. restraint when tension is high, otherwise answer tariffs with a licence
        if tension > 70.0:
            strictest, level = -1, 0
            for m in range(M):
                for k in range(2):
                    if controls_all[n, m, k] > level:
                        strictest, level = m * 2 + k, controls_all[n, m, k]
            if strictest >= 0 and luck[r, base + U_LIFT] < 0.5:
                out[r, LIFT] = strictest
        else:
            count = 0
            for i in range(N):
                if tariffed[i, n]:
                    count += 1
            if count > 0 and luck[r, base + U_RETALIATE] < 0.2:
                k = int(luck[r, base + U_RIVAL] * count)
                for i in range(N):
                    if tariffed[i, n]:
                        if k == 0:
                            out[r, RETALIATE] = i
                            break
                        k -= 1
    return out

"""The AI's turn view in one compiled pass (see personas.TurnView, which documents what each
figure means and keeps the numpy statement of it in ``reference_view``).

Every AI reads the same dozen figures each turn; as two dozen numpy calls on arrays of a
few hundred numbers they cost ~200 µs a turn, mostly call overhead.  The loops below do the
same arithmetic in the same order (sums run over the leading axis one row after another, as
numpy's do), so the figures, and the decisions made on them, are bit for bit the same; a
test holds the two together.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from game.engine.kernels import stock_weeks_of


@njit(cache=True)
def view_arrays(production, need, stock_r, stability, fac_capacity, fac_location, fac_mineral,
                fac_stage, fac_owners, p0, producers, producer_mask, reserves, mine_ground, alignment,
                jv_min_alignment):
    """(share_r [N, M], weeks [N, M], shaky_stakes [N], corridor_host [M], jv_host [N, M],
    jv_score [N, M]) of personas.reference_view."""
    N, M, K = production.shape
    P = producers.shape[0]
    world = np.zeros((M, K))
    for n in range(N):
        for m in range(M):
            for k in range(K):
                world[m, k] += production[n, m, k]
    share_r = np.empty((N, M))
    ore_share = np.empty((P, M))
    weeks = np.zeros((N, M))
    for n in range(N):
        for m in range(M):
            share_r[n, m] = production[n, m, 1] / max(world[m, 1], 1e-12)
            weeks[n, m] = stock_weeks_of(stock_r[n, m], need[n, m])
    for p in range(P):
        for m in range(M):
            ore_share[p, m] = production[producers[p], m, 0] / max(world[m, 0], 1e-12)
    # $bn a year of output each nation owns abroad in producer states of shaky stability
    shaky_stakes = np.zeros(N)
    for f in range(fac_capacity.shape[0]):
        loc = fac_location[f]
        shaky = 1.0 if producer_mask[loc] and stability[loc] < 0.6 else 0.0
        value = fac_capacity[f] * p0[fac_mineral[f], fac_stage[f]] * shaky / 1e9
        for o in range(N):
            if o != loc:
                shaky_stakes[o] += fac_owners[f, o] * value
    # per mineral the producer with most ore (the first of equals)
    corridor_host = np.full(M, -1)
    for m in range(M):
        top = 0
        for p in range(1, P):
            if ore_share[p, m] > ore_share[top, m]:
                top = p
        if ore_share[top, m] > 0.1:
            corridor_host[m] = producers[top]
    # per power and mineral the best JV host: leans our way (lean x stability), has the ground
    jv_host = np.full((N, M), -1)
    jv_score = np.zeros((N, M))
    for n in range(N):
        for m in range(M):
            best, top = 0, 0.0
            for p in range(P):
                h = producers[p]
                lean = alignment[h, n]
                score = lean * stability[h] if lean >= jv_min_alignment else 0.0
                if not reserves[h, m] >= mine_ground[0, m]:
                    score = 0.0
                if score > top:
                    best, top = p, score
            jv_score[n, m] = top
            if top > 0:
                jv_host[n, m] = producers[best]
    return share_r, weeks, shaky_stakes, corridor_host, jv_host, jv_score

"""Market clearing for every mineral and stage at once, under export controls.

The model, per market (all markets are cleared together as arrays [Q, N]):

1. *Free equilibrium.*  Supply is fixed within a quarter; demand has constant
   elasticity, so the free price has a closed form: ``p = p0 * (D0 / S) ** (1/e)``.
   At that price each nation consumes, exporters export their surplus and
   importers draw from a common pool in proportion to need (flows ``f[e, i]``).
2. *Controls.*  An exporter's control toward an importer lets only a share of
   the free flow through (``rules.export_control_access``).  Part of the blocked
   trade leaks round through third countries the exporter still serves freely
   (``control_leakage``).  What stays blocked is retained by the controller.
   Sanctions (an access below 0) stop a trade outright, with no way round.
3. *Two prices.*  Exporters that retain trade are *controllers*: their home
   market clears on what they kept (their own industry keeps its supply and its
   price falls).  Everyone else forms the *open pool*, which clears on the pool's
   own supply plus what controllers still deliver; importers that lost access pay
   a premium on top.  A price near the cap means demand is rationed.
4. *Shortage* is what a nation could not get of what it would buy at the open
   price: premiums and rationing, not the price rise everyone pays.  Shortage is
   what cuts sector output.

Prices are softly capped at ``max_price_multiple`` times reference and floored at
``price_floor_multiple``; at the floor, unsold output goes into stock.  A market may also
have a hard *ceiling*: ore never costs more than refiners can pay for it (the metal it
yields, less the cost of refining).  At the ceiling, as near the cap, demand is rationed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from game.engine.world import World

TINY = 1e-9


@dataclass
class Clearing:
    price_open: np.ndarray  # [Q] open-pool price multiple of reference
    local_multiple: np.ndarray  # [Q, N] price multiple each nation pays
    consumption: np.ndarray  # [Q, N] put to use (ore: taken in by refineries)
    bought: np.ndarray  # [Q, N] stockpile orders filled
    excess: np.ndarray  # [Q, N] unsold at the floor, goes to stock
    imports: np.ndarray  # [Q, N]
    exports: np.ndarray  # [Q, N]
    flows: np.ndarray  # [Q, N exporter, N importer]
    lost_share: np.ndarray  # [Q, N] share of free imports an importer lost to controls
    coverage: np.ndarray  # [Q, N] consumption / demand at the open price, at most 1
    sold_at: np.ndarray  # [Q, N] price multiple each nation's producers get (controllers: home and export sales)


def clear_markets_fast(supply, use0, orders, access, tariff, elasticity, cap, bid_from, bid_worth, bid_cost, floor,
                       leakage, premium) -> Clearing:
    """Same as :func:`clear_markets`, computed by the compiled loop kernel."""
    from game.engine.kernels import clear_markets_kernel

    Q, N = supply.shape
    out = clear_markets_kernel(supply, use0, orders, access, np.ascontiguousarray(tariff.transpose(2, 0, 1)),
                               elasticity, cap, bid_from, bid_worth, bid_cost, float(floor), float(leakage),
                               float(premium), np.zeros((Q, N, N)))
    mu, local, used, bought, excess, imports, exports, flows, lost_share, coverage, sold_at = out
    return Clearing(price_open=mu, local_multiple=local, consumption=used, bought=bought, excess=excess,
                    imports=imports, exports=exports, flows=flows, lost_share=lost_share, coverage=coverage,
                    sold_at=sold_at)


def ore_ceiling(world: "World", price: np.ndarray) -> np.ndarray:
    """[M] the most refiners pay for a tonne of ore, in $/t, when the metal fetches ``price[:, 1]``:
    the metal it yields less the cost of refining it, never under the floor price (the kernel's
    rule, in the state's units: the open price of ore never passes it)."""
    floor = world.content.rules.price_floor_multiple * world.p0[:, 0]
    return np.maximum(price[:, 1] * world.refining_yield - world.refining_cost, floor)


def soft_cap(raw: np.ndarray, cap: np.ndarray, floor: float) -> np.ndarray:
    """Price multiple with a smooth ceiling at ``cap`` and a floor at ``floor``."""
    high = 1.0 + (cap - 1.0) * np.tanh((raw - 1.0) / (cap - 1.0))
    low = floor + (1.0 - floor) * raw
    return np.where(raw >= 1.0, high, low)


def clear_markets(
    supply: np.ndarray,  # [Q, N] available: production + releases + offtake received
    use0: np.ndarray,  # [Q, N] demand for use at reference price
    orders: np.ndarray,  # [Q, N] stockpile orders (bid like use: rationed and price-sensitive)
    access: np.ndarray,  # [Q, N, N] share of free exports e may send to i (1 = free)
    tariff: np.ndarray,  # [Q, N exporter, N importer] tariff rate importer charges
    elasticity: np.ndarray,  # [Q]
    cap: np.ndarray,  # [Q]
    bid_from: np.ndarray,  # [Q] market whose open price bounds buyers' bids here (ore: its metal), or -1
    bid_worth: np.ndarray,  # [Q] ... times this (the metal's worth of a unit, in this market's multiples)
    bid_cost: np.ndarray,  # [Q] ... less this (the cost of refining it)
    floor: float,
    leakage: float,
    premium: float,
) -> Clearing:
    """Markets with unbounded bids clear first; then the others, under the ceiling the first set."""
    args = (supply, use0, orders, access, tariff, elasticity, cap, floor, leakage, premium)
    first = _clear(*args, ceiling=np.full(len(cap), np.inf))
    bounded = bid_from >= 0
    if not bounded.any():
        return first
    ceiling = np.where(bounded, np.maximum(first.price_open[bid_from] * bid_worth - bid_cost, floor), np.inf)
    second = _clear(*args, ceiling=ceiling)
    return Clearing(**{name: np.where(_rows(bounded, value.ndim), value, getattr(first, name))
                       for name, value in vars(second).items()})


def _rows(mask: np.ndarray, ndim: int) -> np.ndarray:
    return mask.reshape((-1,) + (1,) * (ndim - 1))


def _clear(supply, use0, orders, access, tariff, elasticity, cap, floor, leakage, premium, ceiling) -> Clearing:
    """One pass over every market, with each market's price held under ``ceiling`` [Q]."""
    Q, N = supply.shape
    demand0 = use0 + orders
    inv_e = 1.0 / elasticity
    total_supply = np.maximum(supply.sum(axis=1), TINY)
    total_demand = demand0.sum(axis=1)

    # 1. free equilibrium
    mu_free = np.minimum(soft_cap((np.maximum(total_demand, TINY) / total_supply) ** inv_e, cap, floor), ceiling)
    d_free = demand0 * (mu_free ** -elasticity)[:, None]
    theta = np.minimum(1.0, total_supply / np.maximum(d_free.sum(axis=1), TINY))
    c_free = d_free * theta[:, None]
    net = supply - c_free
    x = np.maximum(net, 0.0)
    need = np.maximum(-net, 0.0)
    flows_free = x[:, :, None] * need[:, None, :] / np.maximum(need.sum(axis=1), TINY)[:, None, None]

    # 2. controls, with leakage: blocked trade finds its way round through the exporter's
    #    customers that have better access (phi: the flow-weighted access of its customers)
    #    An access below 0 marks sanctions: that trade is stopped outright, with no way round.
    sent = flows_free.sum(axis=2)
    open_access = np.maximum(access, 0.0)
    phi = (flows_free * open_access).sum(axis=2) / np.maximum(sent, TINY)
    eff = np.where(access < 0.0, 0.0, open_access + leakage * np.maximum(phi[:, :, None] - open_access, 0.0))
    delivered_flows = flows_free * eff
    blocked = flows_free - delivered_flows
    retained = blocked.sum(axis=2)
    lost = blocked.sum(axis=1)
    scale = np.maximum(total_supply, TINY)[:, None]
    controller = retained > 1e-7 * scale
    pool = ~controller

    # 3a. controllers clear at home on what they kept
    delivered = x - retained
    home = np.where(controller, supply - delivered, 0.0)
    mu_home_raw = (np.maximum(demand0, TINY) / np.maximum(home, TINY)) ** inv_e[:, None]
    mu_home = np.minimum(soft_cap(mu_home_raw, cap[:, None], floor), ceiling[:, None])
    c_home = np.minimum(demand0 * mu_home ** -elasticity[:, None], np.maximum(home, 0.0))
    excess_home = np.where(controller, np.maximum(home, 0.0) - c_home, 0.0)

    # 3b. the open pool
    lost_share = lost / np.maximum(c_free, TINY)
    tariff_share = (tariff * flows_free).sum(axis=1) / np.maximum(c_free, TINY)
    wedge = 1.0 + premium * np.minimum(lost_share, 1.0) + tariff_share
    pool_supply = np.maximum(
        (supply * pool).sum(axis=1) + (delivered * controller).sum(axis=1), TINY
    )
    weighted = (demand0 * pool * wedge ** -elasticity[:, None]).sum(axis=1)
    mu_pool = np.minimum(soft_cap((np.maximum(weighted, TINY) / pool_supply) ** inv_e, cap, floor), ceiling)
    mult = mu_pool[:, None] * wedge
    d_pool = demand0 * mult ** -elasticity[:, None] * pool
    theta_pool = np.minimum(1.0, pool_supply / np.maximum(d_pool.sum(axis=1), TINY))
    c_pool = d_pool * theta_pool[:, None]
    pool_excess_total = pool_supply - c_pool.sum(axis=1)
    pool_excess_total = np.where(pool_excess_total < 1e-9 * pool_supply, 0.0, pool_excess_total)

    # surplus the floor price cannot sell stays with the pool's exporters, pro rata
    # (or with whoever holds supply, when no member has a surplus of its own)
    pos = np.maximum(np.where(pool, supply - c_pool, 0.0), 0.0)
    holders = np.where(pos.sum(axis=1, keepdims=True) > TINY, pos, np.maximum(supply, 0.0) * pool)
    excess_pool = holders * (pool_excess_total / np.maximum(holders.sum(axis=1), TINY))[:, None]

    consumption = np.where(controller, c_home, c_pool)
    excess = np.where(controller, excess_home, excess_pool)
    local = np.where(controller, mu_home, mult)
    # a controller's producers sell at home and, for what it still delivers, at the pool's price
    home_kept = np.maximum(home, 0.0)
    blended = (home_kept * mu_home + delivered * mu_pool[:, None]) / np.maximum(home_kept + delivered, TINY)
    sold_at = np.where(controller, np.where(supply > TINY, blended, mu_home), mult)

    # trade: controllers export what they deliver; pool members balance the rest
    position = np.where(controller, delivered, supply - consumption - excess)
    exports = np.maximum(position, 0.0)
    imports = np.maximum(-position, 0.0)

    # who supplies whom: controllers' deliveries first, pool exporters fill the rest
    ctrl_flows = delivered_flows * (controller[:, :, None] & pool[:, None, :])
    received = ctrl_flows.sum(axis=1)
    remaining = np.maximum(imports - received, 0.0) * pool
    pool_exports = exports * pool
    share = remaining / np.maximum(remaining.sum(axis=1), TINY)[:, None]
    flows = ctrl_flows + pool_exports[:, :, None] * share[:, None, :]

    # coverage: what each nation got of what it would buy at the open price; premiums
    # and rationing count as shortage, a price rise everyone pays does not
    bought = consumption * orders / np.maximum(demand0, TINY)
    used = consumption - bought
    at_open = use0 * (mu_pool ** -elasticity)[:, None]
    coverage = np.where(at_open > TINY, np.minimum(used / np.maximum(at_open, TINY), 1.0), 1.0)

    return Clearing(
        coverage=coverage, price_open=mu_pool, local_multiple=local, consumption=used, bought=bought,
        excess=excess,
        imports=imports, exports=exports, flows=flows, lost_share=np.minimum(lost_share, 1.0), sold_at=sold_at,
    )

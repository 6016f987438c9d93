"""The numpy statement of each compiled phase of the quarter (game.engine.quarter).

Each function here computes what the phase of the same name computes, written as array
arithmetic to be read rather than run: tests/test_phases.py holds each pair equal on random
inputs.  They take and return the same structures; where the phase changes arrays in place,
the reference returns new arrays instead (named in its docstring).  The market's own
statement is game.engine.market.clear_markets.
"""

from __future__ import annotations

import numpy as np

from game.engine.quarter import Constants, Facilities, Flows, Holdings, Policy, Society


def _at(fac: Facilities, table: np.ndarray) -> np.ndarray:
    """[F] the value of an [N, M, 2] table at each facility's place, metal and stage."""
    return table[fac.location, fac.mineral, fac.stage]


def _by_place(fac: Facilities, values: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum facility values [F] into [N, M, 2]."""
    out = np.zeros(shape)
    np.add.at(out, (fac.location, fac.mineral, fac.stage), values)
    return out


def refining_gain(tech: np.ndarray, start_tech: np.ndarray) -> np.ndarray:
    """[N] refining throughput gained by research since the start: 2% a level."""
    return 1.0 + 0.02 * (tech[:, 1] - start_tech[:, 1])


def production(fac: Facilities, hold: Holdings, social, trend, subsidies, capacity_factor, consumption,
               const: Constants) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Returns (out [F], made [N, M, 2], recycled [N, M], reserves, feed after the quarter)."""
    N, M = hold.reserves.shape
    n, m, k = fac.location, fac.mineral, fac.stage
    ratio = _at(fac, trend) / const.p0[m, k] * (1.0 + _at(fac, subsidies))
    u = np.clip(const.utilisation * ratio ** const.price_response, 0.3, 1.0) * _at(fac, capacity_factor)
    mine_f = (1.0 + 0.03 * (hold.tech[n, 0] - 2)) * np.where(social[n] < 25.0, 0.8, 1.0)
    out = fac.capacity / 4.0 * np.where(k == 0, mine_f, refining_gain(hold.tech, const.start_tech)[n]) * u
    wanted = _by_place(fac, out, (N, M, 2))
    dug, want = wanted[:, :, 0], wanted[:, :, 1]
    # mines dig within reserves; refineries within the ore in hand
    mine_scale = np.where(dug > 0, np.minimum(1.0, hold.reserves / np.where(dug > 0, dug, 1.0)), 1.0)
    reserves = np.where(dug > 0, np.maximum(hold.reserves - dug * mine_scale, 0.0), hold.reserves)
    can = hold.feed * const.refining_yield[None, :]
    ref_scale = np.where(want > 0, np.minimum(1.0, can / np.where(want > 0, want, 1.0)), 0.0)
    feed = np.where(want > 0, np.maximum(hold.feed - want * ref_scale / const.refining_yield[None, :], 0.0),
                    hold.feed)
    out = out * np.where(k == 0, mine_scale[n, m], ref_scale[n, m])
    made = _by_place(fac, out, (N, M, 2))
    gained = hold.tech[:, 2] - const.start_tech[:, 2]
    rate = np.clip(const.recycling_base[None, :] * (1.0 + 0.25 * gained[:, None]), 0.0, 0.6)
    recycled = rate * consumption[:, :, 1]
    made[:, :, 1] += recycled
    return out, made, recycled, reserves, feed


def control_levels(policy: Policy) -> np.ndarray:
    """[N seller, M, 2, N buyer] the control level that applies to each buyer: one by name,
    and a general one unless the buyer is the seller's ally."""
    general = np.where(policy.club[:, None, None, :], 0, policy.controls_all[:, :, :, None])
    return np.maximum(policy.controls_target, general)


def offtake(fac: Facilities, out, made, policy: Policy, contracts, access_by_level):
    """Returns (take [F, N], off_in, off_out [N, M, 2], delivered [C])."""
    N, M = made.shape[0], made.shape[1]
    n, m, k = fac.location, fac.mineral, fac.stage
    named = policy.controls_target[n, m, k, :]                               # [F, N]
    foreign = np.arange(N)[None, :] != n[:, None]
    may = foreign & (fac.owners > 0) & ~policy.blocked[n, :]
    take = np.where(may, out[:, None] * fac.owners * access_by_level[named], 0.0)
    off_in = np.zeros((N, M, 2))
    off_out = np.zeros((N, M, 2))
    owner = np.broadcast_to(np.arange(N)[None, :], take.shape)
    np.add.at(off_in, (owner, m[:, None], k[:, None]), take)
    np.add.at(off_out, (n, m, k), take.sum(axis=1))
    levels = control_levels(policy)
    delivered = np.zeros(contracts.volume.shape[0])
    for c in range(contracts.volume.shape[0]):  # in order: each contract takes from what is left
        s_, b, mm, kk = contracts.seller[c], contracts.buyer[c], contracts.mineral[c], contracts.stage[c]
        acc = 0.0 if policy.blocked[s_, b] else access_by_level[levels[s_, mm, kk, b]]
        t = min(contracts.volume[c] * acc, max(made[s_, mm, kk] - off_out[s_, mm, kk], 0.0))
        delivered[c] = t
        off_in[b, mm, kk] += t
        off_out[s_, mm, kk] += t
    return take, off_in, off_out, delivered


def books(fac: Facilities, hold: Holdings, made, off_in, off_out, mods, const: Constants):
    """Returns (supply, use0, orders [Q, N], release [N, M, 2], need [N, M], stockpile after)."""
    N, M = hold.reserves.shape
    release = np.minimum(hold.release_orders, hold.stockpile)
    stockpile = hold.stockpile - release
    supply = made + release + off_in - off_out                                  # [N, M, 2]
    world_supply = np.maximum(supply.sum(axis=0), 0.0)                          # [M, 2]
    total_orders = hold.stock_orders.sum(axis=0)
    fill = np.where(total_orders > 0,
                    np.minimum(1.0, const.stock_order_share * world_supply / np.maximum(total_orders, 1e-12)), 0.0)
    orders = hold.stock_orders * fill[None]
    cut = const.substitutable[None, :] * np.clip((hold.tech[:, 3:4] - 1.0) / 8.0, 0.0, 1.0)
    need = hold.demand / 4.0 * (1.0 - cut) * mods.demand
    ref_cap = _by_place(fac, fac.capacity / 4.0, (N, M, 2))[:, :, 1]
    target = (ref_cap * refining_gain(hold.tech, const.start_tech)[:, None] * const.utilisation
              / const.refining_yield[None, :] * (1.0 + const.ore_in_hand))
    use0 = np.stack([np.maximum(target - hold.feed, 0.0) * mods.market[None, :, 0],
                     need * mods.market[None, :, 1]], axis=2)                    # [N, M, 2]

    def by_market(a: np.ndarray) -> np.ndarray:
        return a.reshape(N, M * 2).T.copy()
    return by_market(supply), by_market(use0), by_market(orders), release, need, stockpile


def access(policy: Policy, access_by_level, M: int) -> np.ndarray:
    """[Q, N exporter, N importer]."""
    N = policy.blocked.shape[0]
    acc = access_by_level[control_levels(policy)]                               # [N, M, 2, N]
    acc = np.where(policy.blocked[:, None, None, :], -1.0, acc)
    acc[np.arange(N), :, :, np.arange(N)] = 1.0
    return acc.transpose(1, 2, 0, 3).reshape(M * 2, N, N)


def top_suppliers(trade_flows, consumption) -> tuple[np.ndarray, np.ndarray]:
    """[N, M] each nation's largest foreign source of refined metal (-1 for none; the first of
    equals) and its share of what the nation used (at most 1)."""
    refined = trade_flows[:, 1].transpose(2, 0, 1).copy()                        # [N importer, M, N exporter]
    N = refined.shape[0]
    refined[np.arange(N), :, np.arange(N)] = 0.0
    best = refined.argmax(axis=2)
    amount = refined.max(axis=2)
    share = np.minimum(amount / np.maximum(consumption[:, :, 1], 1e-12), 1.0)
    return np.where(amount > 0, best, -1), np.where(amount > 0, share, 0.0)


def sector_output(coverage, sector_inputs) -> np.ndarray:
    """[N, S]."""
    return np.clip(1.0 - (1.0 - coverage) @ sector_inputs.T, 0.0, 1.0)


def prosperity(output_factor, sector_value) -> np.ndarray:
    """[N] sector output weighted by each sector's value (1 where a nation has none)."""
    total = sector_value.sum(axis=1)
    got = (sector_value * output_factor).sum(axis=1)
    return np.where(total > 0, got / np.where(total > 0, total, 1.0), 1.0)


def pollution_emitted(production, intensity, env_standard, pollution_scale) -> np.ndarray:
    """[N] pollution points a quarter: each nation's share of world output (in %), times the
    stage's intensity, less what its environmental standards catch."""
    world_out = np.maximum(production.sum(axis=0), 1e-12)
    share = production / world_out[None] * 100.0
    return (share * intensity[None]).sum(axis=(1, 2)) * (1.0 - env_standard) / pollution_scale


def budgets(fac: Facilities, flows: Flows, sold_at, price, policy: Policy, soc: Society, const: Constants,
            tension: float) -> tuple[Society, float]:
    """Returns the society after the quarter (new arrays; alignment unchanged) and the tension."""
    production = flows.production
    N, M = production.shape[0], production.shape[1]
    paid = sold_at.T.reshape(N, M, 2) * const.p0[None]                          # $/t each nation's producers get
    cap_here = _by_place(fac, fac.capacity, (N, M, 2))
    value = _at(fac, production) * fac.capacity / np.maximum(_at(fac, cap_here), 1e-12) \
        * paid[fac.location, fac.mineral, fac.stage] / 1e9
    foreign = fac.owners.copy()
    foreign[np.arange(len(fac.location)), fac.location] = 0.0
    dividends = (value[:, None] * foreign * 0.1).sum(axis=0)
    sales = (production * paid).sum(axis=(1, 2))
    subsidy_cost = (policy.subsidies * production * paid).sum(axis=(1, 2))
    tariff_rev = np.einsum("mkei,imke,mk->i", flows.trade_flows, policy.tariffs, price)
    emitted = pollution_emitted(production, const.intensity, const.env_standard, const.pollution_scale)
    treasury = soc.treasury + (const.income * prosperity(flows.output_factor, const.sector_value)
                               + const.royalty * sales / 1e9 + tariff_rev / 1e9 + dividends - subsidy_cost / 1e9)
    return Society(
        treasury=treasury,
        political_capital=np.minimum(soc.political_capital + const.political_capital_per_turn, 100.0),
        social=np.clip(soc.social + const.social_recovery - 0.15 * emitted, 0.0, 100.0),
        pollution=np.clip(soc.pollution * (1.0 - const.pollution_decay) + emitted, 0.0, 100.0),
        relations=soc.relations * 0.995,
        alignment=soc.alignment,
    ), max(0.0, tension - const.tension_decay)


def investment(fac: Facilities, trend, hold: Holdings, const: Constants) -> tuple[np.ndarray, np.ndarray]:
    """Returns (capacity [F], demand [N, M]) after the quarter."""
    n, m, k = fac.location, fac.mineral, fac.stage
    y = const.refining_yield[m]
    ore_ratio = trend[n, m, 0] / const.p0[m, 0]
    margin_ratio = (trend[n, m, 1] * y - trend[n, m, 0]) / (const.p0[m, 1] * y - const.p0[m, 0])
    ratio = np.maximum(np.where(k == 0, ore_ratio, margin_ratio), 1e-6)
    g = np.clip(const.supply_response * np.log(ratio), -const.supply_response_cap, const.supply_response_cap)
    no_room = (k == 0) & ~(hold.reserves[n, m] >= fac.capacity * const.mine_reserve_years)
    g = np.where((g > 0) & no_room, 0.0, g)
    return fac.capacity * (1.0 + g), hold.demand * const.growth[None, :]


def index(flows: Flows, stockpile, soc: Society, const: Constants) -> tuple[np.ndarray, np.ndarray]:
    """Returns (index_parts [N, 4], index [N])."""
    production, out = flows.production, flows.output_factor
    N, M = production.shape[0], production.shape[1]
    world_out = np.maximum(production.sum(axis=0), 1e-12)
    strategic = const.strategic
    defence = (out * strategic).sum(axis=1) / strategic.sum() if strategic.sum() > 0 else np.ones(N)
    used = flows.need > 0
    uses = np.maximum(used.sum(axis=1), 1.0)
    weeks = np.where(used, stockpile[:, :, 1] / (np.maximum(flows.need, 1e-12) / 13.0), 0.0)
    cover = np.where(used, np.minimum(weeks / const.weeks_full, 1.0), 0.0).sum(axis=1)
    exposure = np.minimum(1.0, flows.supplier_share + flows.denied_share)
    dependence = np.where(used, exposure, 0.0).sum(axis=1)
    security = 0.5 * defence + 0.25 * cover / uses + 0.25 * (1.0 - dependence / uses)
    share_r = (production[:, :, 1] / world_out[None, :, 1]).sum(axis=1)
    share_o = (production[:, :, 0] / world_out[None, :, 0]).sum(axis=1)
    exported = flows.exports.sum(axis=(1, 2)) / max(flows.exports.sum(), 1e-12)
    producers = const.producer.astype(bool)
    align = soc.alignment[producers].mean(axis=0) if producers.any() else np.zeros(N)
    influence = np.clip(0.45 * share_r / M * 2.0 + 0.2 * share_o / M * 2.0 + 0.15 * exported * 2.0
                        + 0.2 * align * 2.0, 0.0, 1.0)
    sustain = 0.6 * soc.social / 100.0 + 0.4 * (1.0 - soc.pollution / 100.0)
    parts = np.stack([prosperity(out, const.sector_value), security, influence, sustain], axis=1) * 100.0
    return parts, parts @ const.score_weights

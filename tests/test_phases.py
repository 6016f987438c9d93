"""Each compiled phase of the quarter (game.engine.quarter) computes what its numpy statement
(game.engine.quarter_reference) states, on random inputs of a real world's shapes."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from game.engine import quarter as Q
from game.engine import quarter_reference as ref
from game.engine.game import Game

SEEDS = range(12)
CLOSE = dict(rtol=1e-9, atol=1e-9)


@pytest.fixture(scope="module")
def world(content):
    return Game.new(content, "standard", seed=1).world


def _sparse(rng, shape, p, values):
    return np.where(rng.random(shape) < p, rng.choice(values, shape), 0).astype(np.asarray(values).dtype)


def random_quarter(world, seed: int) -> dict:
    """Every structure of a quarter, with random values where the world has its shapes:
    facilities in every nation, metal and stage (some with foreign owners), stocks, controls,
    sanctions, alliances, tariffs, contracts and card factors scattered at random."""
    rng = np.random.default_rng(seed)
    N, M, S, F = world.N, world.M, world.sector_inputs.shape[0], 40
    c = world.quarter_constants
    owners = np.eye(N)[rng.integers(0, N, F)] * rng.uniform(0.3, 1.0, (F, 1))
    owners[rng.random(F) < 0.3, rng.integers(0, N)] += 0.3
    fac = Q.Facilities(capacity=rng.gamma(2.0, 2000.0, F), location=rng.integers(0, N, F),
                       mineral=rng.integers(0, M, F), stage=rng.integers(0, 2, F), owners=owners)
    need_like = rng.gamma(1.0, 300.0, (N, M))
    hold = Q.Holdings(tech=rng.integers(0, 6, (N, 4)).astype(np.int64),
                      reserves=rng.gamma(1.0, 20000.0, (N, M)) * (rng.random((N, M)) < 0.8),
                      stockpile=rng.gamma(1.0, 200.0, (N, M, 2)) * (rng.random((N, M, 2)) < 0.5),
                      feed=rng.gamma(1.0, 500.0, (N, M)) * (rng.random((N, M)) < 0.7),
                      demand=need_like * 4.0 * (rng.random((N, M)) < 0.9),
                      stock_orders=rng.gamma(1.0, 100.0, (N, M, 2)) * (rng.random((N, M, 2)) < 0.2),
                      release_orders=rng.gamma(1.0, 100.0, (N, M, 2)) * (rng.random((N, M, 2)) < 0.2))
    blocked = rng.random((N, N)) < 0.05
    blocked = blocked | blocked.T
    np.fill_diagonal(blocked, False)
    club = rng.random((N, N)) < 0.15
    club = club | club.T
    policy = Q.Policy(controls_all=_sparse(rng, (N, M, 2), 0.1, np.array([1, 2, 3], dtype=np.int64)),
                      controls_target=_sparse(rng, (N, M, 2, N), 0.05, np.array([1, 2, 3], dtype=np.int64)),
                      tariffs=_sparse(rng, (N, M, 2, N), 0.05, np.array([0.1, 0.25])),
                      subsidies=_sparse(rng, (N, M, 2), 0.1, np.array([0.1, 0.2])),
                      blocked=blocked, club=club)
    prices = Q.Prices(price=c.p0 * rng.lognormal(0.0, 0.5, (M, 2)),
                      local_price=c.p0[None] * rng.lognormal(0.0, 0.5, (N, M, 2)),
                      trend=c.p0[None] * rng.lognormal(0.0, 0.6, (N, M, 2)))
    soc = Q.Society(treasury=rng.uniform(5, 300, N), political_capital=rng.uniform(0, 100, N),
                    social=rng.uniform(0, 100, N), pollution=rng.uniform(0, 100, N),
                    relations=rng.uniform(-100, 100, (N, N)), alignment=rng.uniform(-1, 1, (N, N)))
    C = 6
    seller, buyer = rng.integers(0, N, C), rng.integers(0, N, C)
    contracts = Q.Contracts(seller=seller, buyer=np.where(buyer == seller, (buyer + 1) % N, buyer),
                            mineral=rng.integers(0, M, C), stage=rng.integers(0, 2, C),
                            volume=rng.gamma(1.0, 200.0, C), delivered=np.zeros(C))
    mods = Q.Modifiers(market=rng.uniform(0.8, 1.3, (M, 2)), demand=rng.uniform(0.8, 1.3, (N, M)),
                       capacity=rng.uniform(0.5, 1.0, (N, M, 2)))
    production = rng.gamma(1.0, 300.0, (N, M, 2)) * (rng.random((N, M, 2)) < 0.6)
    flows = Q.Flows(production=production, recycled=np.zeros((N, M)),
                    consumption=rng.gamma(1.0, 300.0, (N, M, 2)), imports=np.zeros((N, M, 2)),
                    exports=rng.gamma(1.0, 100.0, (N, M, 2)) * (rng.random((N, M, 2)) < 0.5),
                    released=np.zeros((N, M, 2)), stocked=np.zeros((N, M, 2)), need=need_like,
                    coverage=rng.uniform(0.5, 1.0, (N, M)), output_factor=rng.uniform(0.6, 1.0, (N, S)),
                    supplier=np.full((N, M), -1, dtype=np.int64), supplier_share=rng.uniform(0, 1, (N, M)),
                    denied_share=rng.uniform(0, 0.6, (N, M)) * (rng.random((N, M)) < 0.3),
                    trade_flows=rng.gamma(1.0, 50.0, (M, 2, N, N)) * (rng.random((M, 2, N, N)) < 0.3),
                    index_parts=np.zeros((N, 4)), index_score=np.zeros(N))
    sold_at = rng.lognormal(0.0, 0.4, (M * 2, N))
    return dict(fac=fac, hold=hold, policy=policy, prices=prices, soc=soc, contracts=contracts, mods=mods,
                flows=flows, const=c, sold_at=sold_at, rng=rng)


def _copy(x):
    return copy.deepcopy(x)


def _same(got, want, what):
    np.testing.assert_allclose(got, want, err_msg=what, **CLOSE)


@pytest.mark.parametrize("seed", SEEDS)
def test_production(world, seed):
    q = random_quarter(world, seed)
    hold, flows = _copy(q["hold"]), _copy(q["flows"])
    out, made = Q.production(q["fac"], hold, q["soc"].social, q["prices"].trend, q["policy"].subsidies,
                             q["mods"].capacity, flows.consumption, flows.recycled, q["const"])
    r_out, r_made, r_recycled, r_reserves, r_feed = ref.production(
        q["fac"], q["hold"], q["soc"].social, q["prices"].trend, q["policy"].subsidies, q["mods"].capacity,
        q["flows"].consumption, q["const"])
    for name, got, want in [("out", out, r_out), ("made", made, r_made), ("recycled", flows.recycled, r_recycled),
                            ("reserves", hold.reserves, r_reserves), ("feed", hold.feed, r_feed)]:
        _same(got, want, name)
    assert (r_reserves <= q["hold"].reserves + 1e-9).all() and (r_feed >= 0).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_offtake(world, seed):
    q = random_quarter(world, seed)
    out = q["rng"].gamma(1.0, 400.0, q["fac"].capacity.shape)
    made = q["rng"].gamma(1.0, 400.0, q["flows"].production.shape)
    contracts = _copy(q["contracts"])
    take, off_in, off_out = Q.offtake(q["fac"], out, made, q["policy"], contracts, q["const"].access_by_level)
    r_take, r_in, r_out, r_delivered = ref.offtake(q["fac"], out, made, q["policy"], q["contracts"],
                                                    q["const"].access_by_level)
    for name, got, want in [("take", take, r_take), ("in", off_in, r_in), ("out", off_out, r_out),
                            ("delivered", contracts.delivered, r_delivered)]:
        _same(got, want, name)
    _same(off_in.sum(), off_out.sum(), "what is handed over is received")


@pytest.mark.parametrize("seed", SEEDS)
def test_books(world, seed):
    q = random_quarter(world, seed)
    shape = q["flows"].production.shape
    made = q["rng"].gamma(1.0, 400.0, shape)
    off_in = q["rng"].gamma(1.0, 50.0, shape) * (q["rng"].random(shape) < 0.3)
    off_out = np.minimum(q["rng"].gamma(1.0, 50.0, shape), made) * (q["rng"].random(shape) < 0.3)
    hold, flows = _copy(q["hold"]), _copy(q["flows"])
    supply, use0, orders, release = Q.books(q["fac"], hold, made, off_in, off_out, q["mods"], flows.need, q["const"])
    r = ref.books(q["fac"], q["hold"], made, off_in, off_out, q["mods"], q["const"])
    for name, got, want in zip(("supply", "use0", "orders", "release", "need", "stockpile"),
                               (supply, use0, orders, release, flows.need, hold.stockpile), r):
        _same(got, want, name)


@pytest.mark.parametrize("seed", SEEDS)
def test_access(world, seed):
    q = random_quarter(world, seed)
    _same(Q.access(q["policy"], q["const"].access_by_level, world.M),
          ref.access(q["policy"], q["const"].access_by_level, world.M), "access")


@pytest.mark.parametrize("seed", SEEDS)
def test_who_supplies_whom(world, seed):
    """Settlement names each nation's top foreign source of refined metal and its share."""
    q = random_quarter(world, seed)
    N, M = world.N, world.M
    flows, hold, prices, soc = _copy(q["flows"]), _copy(q["hold"]), _copy(q["prices"]), _copy(q["soc"])
    rng = q["rng"]
    cleared = (rng.uniform(0.5, 3, M * 2), rng.uniform(0.5, 3, (M * 2, N)), rng.gamma(1.0, 300.0, (M * 2, N)),
               np.zeros((M * 2, N)), np.zeros((M * 2, N)), rng.gamma(1.0, 50.0, (M * 2, N)),
               rng.gamma(1.0, 50.0, (M * 2, N)), None, rng.uniform(0, 1, (M * 2, N)), rng.uniform(0.5, 1, (M * 2, N)),
               q["sold_at"])
    Q.settlement(cleared, flows.production, np.zeros((N, M, 2)), np.zeros((N, M, 2)), np.zeros((N, M, 2)),
                 np.zeros((len(q["fac"].capacity), N)), q["fac"], q["contracts"], hold, prices, soc.treasury, flows,
                 q["const"])
    best, share = ref.top_suppliers(flows.trade_flows, flows.consumption)
    assert (flows.supplier == best).all()
    _same(flows.supplier_share, share, "supplier_share")
    _same(flows.consumption[:, :, 1], cleared[2].T.reshape(N, M, 2)[:, :, 1], "consumption booked")
    _same(flows.denied_share, cleared[8].T.reshape(N, M, 2)[:, :, 1], "denied share booked")


@pytest.mark.parametrize("seed", SEEDS)
def test_sector_output(world, seed):
    q = random_quarter(world, seed)
    flows = _copy(q["flows"])
    Q.sector_output(flows.coverage, q["const"].sector_inputs, flows.output_factor)
    _same(flows.output_factor, ref.sector_output(q["flows"].coverage, q["const"].sector_inputs), "output_factor")


@pytest.mark.parametrize("seed", SEEDS)
def test_budgets(world, seed):
    q = random_quarter(world, seed)
    soc = _copy(q["soc"])
    tension, prosperity = Q.budgets(q["fac"], q["flows"], q["sold_at"], q["prices"].price, q["policy"], soc,
                                    q["const"], 55.0)
    r_soc, r_tension = ref.budgets(q["fac"], q["flows"], q["sold_at"], q["prices"].price, q["policy"], q["soc"],
                                   q["const"], 55.0)
    for name in Q.Society._fields:
        _same(getattr(soc, name), getattr(r_soc, name), name)
    assert tension == pytest.approx(r_tension)
    _same(prosperity, ref.prosperity(q["flows"].output_factor, q["const"].sector_value), "prosperity")


@pytest.mark.parametrize("seed", SEEDS)
def test_investment(world, seed):
    q = random_quarter(world, seed)
    fac, hold = _copy(q["fac"]), _copy(q["hold"])
    Q.investment(fac, q["prices"].trend, hold, q["const"])
    capacity, demand = ref.investment(q["fac"], q["prices"].trend, q["hold"], q["const"])
    _same(fac.capacity, capacity, "capacity")
    _same(hold.demand, demand, "demand")


@pytest.mark.parametrize("seed", SEEDS)
def test_index(world, seed):
    q = random_quarter(world, seed)
    flows = _copy(q["flows"])
    Q.index(flows, q["hold"].stockpile, q["soc"], q["const"],
            ref.prosperity(q["flows"].output_factor, q["const"].sector_value))
    parts, idx = ref.index(q["flows"], q["hold"].stockpile, q["soc"], q["const"])
    _same(flows.index_parts, parts, "index_parts")
    _same(flows.index_score, idx, "index")


def test_a_mine_grows_only_while_reserves_exceed_the_rule(world):
    """rules.MINE_RESERVE_YEARS bounds the market's growth of a mine, as it bounds an order
    for a new one: at reserves of 4.9 years' capacity a mine paid twice its reference stays."""
    from game.engine.rules import MINE_RESERVE_YEARS

    q = random_quarter(world, 0)
    fac = Q.Facilities(capacity=np.array([1000.0, 1000.0]), location=np.array([0, 1]),
                       mineral=np.array([0, 0]), stage=np.array([0, 0]), owners=np.eye(world.N)[[0, 1]])
    hold = _copy(q["hold"])
    hold.reserves[0, 0] = 1000.0 * (MINE_RESERVE_YEARS - 0.1)
    hold.reserves[1, 0] = 1000.0 * (MINE_RESERVE_YEARS + 0.1)
    trend = q["prices"].trend.copy()
    trend[:2, 0, 0] = 2.0 * q["const"].p0[0, 0]
    Q.investment(fac, trend, hold, q["const"])
    assert fac.capacity[0] == 1000.0 and fac.capacity[1] > 1000.0


def test_the_quarter_books_pollution_as_the_start_of_a_game_does(content):
    """The pollution the compiled quarter adds is what turn.pollution_emitted (which sets a
    scenario's starting pollution) states."""
    from game.engine.turn import pollution_emitted

    game = Game.new(content, "standard", seed=3)
    w, s = game.world, game.state
    before = s.pollution.copy()
    game.end_turn(report=False)
    c = w.quarter_constants
    expected = np.clip(before * (1.0 - c.pollution_decay) + pollution_emitted(w, s.production), 0.0, 100.0)
    _same(s.pollution, expected, "pollution")

"""The compiled market kernel computes exactly what the numpy reference states."""

import numpy as np
import pytest

from game.engine.market import clear_markets, clear_markets_fast


def bids(rng, Q):
    """Even markets are ore, bid for at most what the next (its metal) fetches, less a cost."""
    bid_from = np.where(np.arange(Q) % 2 == 0, np.arange(Q) + 1, -1)
    return dict(bid_from=bid_from, bid_worth=np.where(bid_from >= 0, rng.uniform(1.2, 3.0, Q), 0.0),
                bid_cost=np.where(bid_from >= 0, rng.uniform(0.1, 0.5, Q), 0.0))


def random_market(rng, Q=6, N=9):
    supply = rng.gamma(1.0, 100.0, (Q, N)) * (rng.random((Q, N)) < 0.6)
    use0 = rng.gamma(1.0, 100.0, (Q, N)) * (rng.random((Q, N)) < 0.8)
    orders = rng.gamma(1.0, 20.0, (Q, N)) * (rng.random((Q, N)) < 0.2)
    levels = np.array([1.0, 0.75, 0.5, 0.0])
    access = levels[rng.integers(0, 4, (Q, N, N)) * (rng.random((Q, N, N)) < 0.15)]
    idx = np.arange(N)
    access[:, idx, idx] = 1.0
    tariff = rng.choice([0.0, 0.1, 0.25], (Q, N, N), p=[0.9, 0.05, 0.05])
    return dict(supply=supply, use0=use0, orders=orders, access=access, tariff=tariff,
                elasticity=rng.uniform(0.2, 0.5, Q), cap=rng.uniform(4, 14, Q),
                **bids(rng, Q),
                floor=0.3, leakage=0.5, premium=0.6)


@pytest.mark.parametrize("seed", range(40))
def test_kernel_matches_reference(seed):
    args = random_market(np.random.default_rng(seed))
    ref, fast = clear_markets(**args), clear_markets_fast(**args)
    for name in ("price_open", "local_multiple", "consumption", "bought", "excess", "imports", "exports",
                 "flows", "lost_share", "coverage", "sold_at"):
        np.testing.assert_allclose(getattr(fast, name), getattr(ref, name), rtol=1e-9, atol=1e-9, err_msg=name)


def test_kernel_conserves_mass():
    args = random_market(np.random.default_rng(99), Q=20, N=12)
    r = clear_markets_fast(**args)
    inflow = args["supply"] + r.imports
    outflow = r.consumption + r.bought + r.excess + r.exports
    np.testing.assert_allclose(inflow, outflow, atol=1e-6)


def _ore_and_metal(metal_supply):
    """Market 0: ore short by half; market 1: its metal.  Refiners bid for ore at most
    2x the metal's price multiple less 0.5 (in ore multiples)."""
    args = random_market(np.random.default_rng(5), Q=2, N=4)
    args.update(supply=np.array([[50.0, 0.0, 0.0, 0.0], [metal_supply, 0.0, 0.0, 0.0]]),
                use0=np.array([[0.0, 40.0, 40.0, 20.0], [0.0, 50.0, 30.0, 20.0]]),
                orders=np.zeros((2, 4)), access=np.ones((2, 4, 4)), tariff=np.zeros((2, 4, 4)),
                elasticity=np.array([0.3, 0.3]), cap=np.array([6.0, 6.0]),
                bid_from=np.array([1, -1]), bid_worth=np.array([2.0, 0.0]), bid_cost=np.array([0.5, 0.0]))
    return args


@pytest.mark.parametrize("clear", [clear_markets, clear_markets_fast])
def test_ore_is_rationed_at_what_refiners_can_pay(clear):
    """Ore short by half: unbounded, its price soars; bounded by the metal's worth, it stops there and
    the ore that exists is shared out (all of it used, every buyer cut alike, none left unsold)."""
    args = _ore_and_metal(metal_supply=100.0)
    free = clear(**{**args, "bid_from": np.array([-1, -1])})
    held = clear(**args)
    assert free.price_open[0] > 4.0
    assert held.price_open[1] == pytest.approx(1.0)
    assert held.price_open[0] == pytest.approx(1.5)  # 2 x 1.0 - 0.5
    assert held.consumption[0].sum() == pytest.approx(50.0)
    assert held.excess[0].sum() == pytest.approx(0.0)
    np.testing.assert_allclose(held.consumption[0, 1:] / args["use0"][0, 1:], 0.5)
    # a scarcer metal this quarter lets refiners bid more for the same ore
    dear = clear(**_ore_and_metal(metal_supply=85.0))
    assert dear.price_open[1] > 1.5
    assert dear.price_open[0] == pytest.approx(2.0 * dear.price_open[1] - 0.5)

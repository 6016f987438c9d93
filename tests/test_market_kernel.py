"""The compiled market kernel computes exactly what the numpy reference states."""

import numpy as np
import pytest

from game.engine.market import clear_markets, clear_markets_fast


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
                floor=0.3, leakage=0.5, premium=0.6)


@pytest.mark.parametrize("seed", range(40))
def test_kernel_matches_reference(seed):
    args = random_market(np.random.default_rng(seed))
    ref, fast = clear_markets(**args), clear_markets_fast(**args)
    for name in ("price_open", "local_multiple", "consumption", "bought", "excess", "imports", "exports",
                 "flows", "lost_share", "coverage"):
        np.testing.assert_allclose(getattr(fast, name), getattr(ref, name), rtol=1e-9, atol=1e-9, err_msg=name)


def test_kernel_conserves_mass():
    args = random_market(np.random.default_rng(99), Q=20, N=12)
    r = clear_markets_fast(**args)
    inflow = args["supply"] + r.imports
    outflow = r.consumption + r.bought + r.excess + r.exports
    np.testing.assert_allclose(inflow, outflow, atol=1e-6)

"""Random legal play over many seeds, with the world's invariants checked every turn."""

import json

import numpy as np
import pytest

from game.engine.actions import IllegalAction, candidate_actions
from game.engine.game import Game
from game.engine.market import ore_ceiling
from game.engine.state import GameState

SEEDS = 200
TOL = 1e-6


def random_legal_action(game, power, rng):
    """Uniform over the legal menu: sample candidates until one is legal."""
    menu = candidate_actions(game.world, game.state, game.world.nidx[power])
    for i in rng.permutation(len(menu))[:60]:
        try:
            game.validate(power, menu[i])
        except IllegalAction:
            continue
        return menu[i]
    return None


def check_invariants(game):
    s = game.state
    for name in ("stockpile", "fac_capacity", "reserves", "feed", "production", "consumption",
                 "imports", "exports", "released", "stocked"):
        arr = getattr(s, name)
        assert np.all(arr >= -TOL), f"negative {name}: {arr.min()}"
    assert np.all(np.isfinite(s.price)) and np.all(s.price > 0)
    assert np.all(np.isfinite(s.local_price)) and np.all(s.local_price > 0)
    # mass balance per nation, mineral and stage
    inflow = s.production + s.imports + s.released
    outflow = s.consumption + s.exports + s.stocked
    scale = np.maximum(inflow, outflow) + 1.0
    gap = np.abs(inflow - outflow) / scale
    assert gap.max() < 1e-6, f"mass balance off by {gap.max():.2e} at {np.unravel_index(gap.argmax(), gap.shape)}"
    # world trade balances
    traded = np.abs(s.imports.sum(axis=0) - s.exports.sum(axis=0)) / (s.exports.sum(axis=0) + 1.0)
    assert traded.max() < 1e-6
    assert 0.0 <= s.tension <= 100.0
    assert s.arena_intact(), "a state array was rebound instead of changed in place: the hash would miss it"
    assert np.all((s.coverage >= 0) & (s.coverage <= 1 + TOL))
    assert np.all((s.output_factor >= 0) & (s.output_factor <= 1 + TOL))
    # ore on the open market never costs more than refiners can pay: the metal it yields this
    # quarter, less the cost of refining it (or the floor price, when the metal has slumped)
    most = ore_ceiling(game.world, s.price)
    assert np.all(s.price[:, 0] <= most * (1 + 1e-9)), f"ore above what refiners can pay: {s.price[:, 0] / most}"


@pytest.mark.slow
def test_random_playouts_keep_invariants(content):
    for seed in range(SEEDS):
        game = Game.new(content, "standard", seed)
        rng = np.random.default_rng(10_000 + seed)
        hashes = []
        while not game.is_over:
            for power in game.powers:
                for _ in range(int(rng.integers(0, 3))):
                    action = random_legal_action(game, power, rng)
                    if action is not None:
                        game.submit(power, action)
            game.end_turn()
            check_invariants(game)
            assert game.state.state_hash() == game.turn_hashes[-1]
            hashes.append(game.turn_hashes[-1])
        # what a save holds (JSON) reads back to a state with the same hash
        saved = GameState.from_dict(json.loads(json.dumps(game.state.to_dict())))
        assert saved.state_hash() == game.state.state_hash(), f"seed {seed}: the saved state hashes otherwise"
        # the same seed and the same actions give the same hashes
        if seed % 50 == 0:
            replay = Game.new(content, "standard", seed)
            for t in range(1, len(hashes) + 1):
                for logged in game.actions_of_turn(t):
                    replay.submit(logged.power, dict(logged.action))
                replay.end_turn()
                assert replay.state_hash() == hashes[t - 1]

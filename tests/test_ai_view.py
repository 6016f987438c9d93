"""The AI's compiled turn view gives bit for bit what its numpy statement gives: the AIs'
decisions (and so every game's hash) rest on these figures."""

import numpy as np
import pytest

from game.ai.personas import TurnView, make_players, reference_view
from game.engine.game import Game

FIELDS = ("share_r", "weeks", "shaky_stakes", "corridor_host", "jv_host", "jv_score")


def assert_view_matches_reference(game: Game) -> None:
    view = TurnView(game)
    ref = dict(zip(FIELDS, reference_view(game)))
    n_powers = game.world.N
    fast = {
        "share_r": view.share_r, "shaky_stakes": np.array(view.shaky_stakes),
        "corridor_host": np.array(view.corridor_host),
        **{name: np.array([view.rows(n).__getattribute__(name) for n in range(n_powers)])
           for name in ("weeks", "jv_host", "jv_score")},
    }
    for name in FIELDS:
        assert fast[name].shape == ref[name].shape, name
        assert np.array_equal(fast[name], ref[name]), (name, fast[name], ref[name])


@pytest.mark.parametrize("seed", [0, 7])
def test_compiled_view_matches_numpy_through_a_game(content, seed):
    game = Game.new(content, "standard", seed)
    players = make_players(game)
    while not game.is_over:
        if game.turn % 4 == 1:
            assert_view_matches_reference(game)
        for p in game.powers:
            players[p].play(game)
        game.end_turn(report=False)


@pytest.mark.parametrize("seed", range(12))
def test_compiled_view_matches_numpy_on_shaken_states(content, seed):
    """States no game reached yet: unstable producers, new leanings, stocks and output moved,
    ties in output (the first of equals must win in both)."""
    rng = np.random.default_rng(seed)
    game = Game.new(content, "standard", seed)
    s = game.state
    s.stability[...] = rng.uniform(0.0, 1.0, s.stability.shape)
    s.alignment[...] = rng.uniform(-0.2, 1.0, s.alignment.shape)
    s.production[...] *= rng.choice([0.0, 0.5, 1.0, 3.0], s.production.shape)
    prod = np.nonzero(game.world.producer_mask)[0]
    if seed % 2:  # ties: equal ore output, equal leanings and stability (the first must win in both)
        s.production[prod[1:4], :, 0] = s.production[prod[0], :, 0] * 50.0 + 1.0
        s.alignment[prod[1:4]] = s.alignment[prod[0]]
        s.stability[prod[1:4]] = s.stability[prod[0]]
    s.stockpile[...] *= rng.uniform(0.0, 4.0, s.stockpile.shape)
    s.reserves[...] *= rng.choice([0.0, 1.0], s.reserves.shape)
    s.fac_owners[...] = rng.dirichlet(np.ones(s.fac_owners.shape[1]), s.fac_owners.shape[0]) \
        * (rng.random(s.fac_owners.shape[0]) < 0.3)[:, None] + s.fac_owners * 0.5
    assert_view_matches_reference(game)
    assert np.isfinite(TurnView(game).share_r).all()

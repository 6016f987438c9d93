"""Same content + scenario + seed + actions => the same state hash every turn."""

import json
import os
import random
import subprocess
import sys

import numpy as np

from game.sim.runner import run_game

TURNS = 10


def hashes(content, seed, turns=TURNS):
    return run_game(content, "standard", seed, turns=turns, record=False).game.turn_hashes


def test_same_seed_same_hashes(content):
    assert hashes(content, 42) == hashes(content, 42)


def test_global_random_state_does_not_leak_in(content):
    first = hashes(content, 42)
    random.seed(999)
    np.random.seed(12345)
    random.random(), np.random.random(100)
    assert hashes(content, 42) == first


def test_different_seed_different_hashes(content):
    a, b = hashes(content, 42), hashes(content, 43)
    assert len(a) == len(b) == TURNS
    assert all(x != y for x, y in zip(a, b))


def test_hash_seed_of_the_interpreter_does_not_matter(content):
    """Set and dict order must never steer the game: run under two PYTHONHASHSEEDs."""
    code = ("import json; from game.content import load_content; from game.sim.runner import run_game; "
            f"print(json.dumps(run_game(load_content(), 'standard', 42, turns={TURNS}, "
            f"record=False).game.turn_hashes))")
    out = []
    for hash_seed in ("0", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        out.append(json.loads(res.stdout))
    assert out[0] == out[1] == hashes(content, 42)


def test_who_acts_does_not_change_the_worlds_luck(content):
    """The world's generator advances the same whatever the powers do: a game with every
    bot acting and one where nobody acts hold the same generator state every turn."""
    a = run_game(content, "standard", 8, turns=6, record=False).game
    b = run_game(content, "standard", 8, turns=6, record=False, bots={}).game
    assert len(a.log) > 10
    assert all(x.action["action"] == "choose" for x in b.log)  # only default answers to the news
    assert a.state.rng.bit_generator.state == b.state.rng.bit_generator.state


def test_clone_and_snapshot_round_trip_keep_the_hash(new_game):
    from game.engine.state import GameState

    game = new_game(5)
    for _ in range(3):
        game.end_turn()
    h = game.state_hash()
    assert game.state.clone().state_hash() == h
    again = GameState.from_dict(json.loads(json.dumps(game.state.to_dict())))
    assert again.state_hash() == h
    # and play continues identically from the restored snapshot
    game.end_turn()
    again_game = new_game(5)
    again_game.state = again
    again_game.end_turn()
    assert again_game.state_hash() == game.state_hash()


_FINGERPRINT = (
    "import hashlib, json; from game.content import load_content; from game.sim.runner import run_game; "
    "g = run_game(load_content(), 'standard', {seed}, record=False).game; "
    "print(json.dumps([g.turn_hashes, hashlib.sha256(json.dumps(g.state.to_dict(), sort_keys=True)"
    ".encode()).hexdigest()]))"
)


def test_a_plainer_cpu_plays_the_same_game_bit_for_bit(tmp_path):
    """'On any machine': a whole AI game with the compiled kernels built for a generic CPU of
    this architecture (no AVX, no FMA) and numpy's SIMD loops switched off ends in the same
    float64 state, bit for bit, with the same hash every turn, as this machine's best build."""
    from numpy._core import _multiarray_umath as npcore

    simd = [f for f in npcore.__cpu_dispatch__ if npcore.__cpu_features__.get(f)]
    plain_env = dict(os.environ, NUMBA_CPU_NAME="generic", NUMBA_CACHE_DIR=str(tmp_path / "numba"),
                     NPY_DISABLE_CPU_FEATURES=" ".join(simd))
    runs = []
    for env in (dict(os.environ), plain_env):
        res = subprocess.run([sys.executable, "-c", _FINGERPRINT.format(seed=7)], capture_output=True,
                             text=True, env=env, check=True)
        runs.append(json.loads(res.stdout))
    check = subprocess.run([sys.executable, "-c", "import numpy; numpy.show_runtime()"], capture_output=True,
                           text=True, env=plain_env, check=True)
    assert all(f not in check.stdout.split("'found'")[1].split("]")[0] for f in simd)  # they really were off
    assert len(runs[0][0]) == 40
    assert runs[0] == runs[1]

"""Many games at once (game/sim/batch.py): a batch played by several worker processes gives
exactly what the same games give played one after another, in the order asked."""

import functools
import os

from game.sim.batch import play_many, shared_content
from game.sim.runner import run_game


def _played(seed: int, scenario: str, turns: int) -> tuple[int, int, str, list[str]]:
    record = run_game(shared_content(), scenario, seed, turns=turns, record=False)
    return seed, os.getpid(), record.game.state_hash(), record.game.turn_hashes


def test_workers_play_the_same_games_in_the_order_asked():
    task = functools.partial(_played, scenario="standard", turns=6)
    seeds = [7, 3, 11, 5, 2, 9]
    alone = play_many(task, seeds, workers=1)
    shared = play_many(task, seeds, workers=2)
    assert [r[0] for r in shared] == seeds
    assert [(r[0], r[2], r[3]) for r in shared] == [(r[0], r[2], r[3]) for r in alone]
    # the batch really was played elsewhere: by other processes than this one
    assert {r[1] for r in alone} == {os.getpid()}
    assert os.getpid() not in {r[1] for r in shared}
    # and different seeds made different games (the comparison above has teeth)
    assert len({r[2] for r in alone}) == len(seeds)


def test_one_worker_plays_in_this_process_and_more_workers_than_games_is_fine():
    task = functools.partial(_played, scenario="classroom-intro", turns=2)
    assert [r[0] for r in play_many(task, [4], workers=8)] == [4]
    assert play_many(task, [], workers=2) == []

"""Global tension: one value, the one shown, recorded and checked.

The confrontation at the threshold must be reachable by real moves: every source of tension
caps it at 100 and each quarter's resolution eases it a little, so a check of the eased value
alone could never fire (the bug of eab9740)."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.game import Game
from game.engine.rules import ease_tension, raise_tension
from game.engine.scoring import CONFRONTATION_PENALTY_ALL, CONFRONTATION_PENALTY_CULPRIT


def _ban_until_the_brink(game: Game, power: str) -> int:
    """``power`` bans every buyer of every refined mineral it can, until tension reaches 100,
    once the news decisions of the turn are made (a decision left open may ease tension)."""
    game._default_choices()
    bans = 0
    for a in game.legal_actions(power):
        if game.state.tension >= 100.0:
            break
        if a["action"] == "export_control" and a["stage"] == "refined" and a["target"] == "all" \
                and a["level"] == "ban":
            game.submit(power, a)
            bans += 1
    return bans


def test_moves_that_reach_100_end_the_game_in_confrontation(content):
    game = Game.new(content, "fractured", seed=2)
    bans = _ban_until_the_brink(game, "china")
    assert bans >= 1 and game.state.tension == pytest.approx(100.0)  # what the player sees
    report = game.end_turn()
    assert game.is_over and game.state.end_reason == "confrontation"
    assert report["end_reason"] == "confrontation"
    assert report["tension"] >= 100.0  # what the report records is what was checked
    confrontation = [e for e in report["events"] if e["type"] == "confrontation"]
    assert len(confrontation) == 1 and confrontation[0]["nation"] == "china"
    # the penalty: everyone pays, the power that pushed most pays more
    played = Game.new(content, "fractured", seed=2)
    for a in game.log:  # the same moves, scored without the confrontation penalty
        played.submit(a.power, a.action)
    played.end_turn()
    played.state.over, played.state.end_reason = True, "completed"
    with_penalty, without = game.scores(), played.scores()
    for p in game.powers:
        extra = CONFRONTATION_PENALTY_CULPRIT if p == "china" else 0.0
        assert with_penalty[p] == pytest.approx(without[p] - CONFRONTATION_PENALTY_ALL - extra, abs=1e-6)


def test_a_summit_that_brings_tension_back_below_100_averts_it(content):
    game = Game.new(content, "fractured", seed=2)
    _ban_until_the_brink(game, "china")
    ease_tension(game.state, 10.0)  # as an accepted summit does
    game.end_turn()
    assert not game.is_over


def test_tension_below_the_threshold_never_ends_the_game(content):
    game = Game.new(content, "fractured", seed=3)
    game.state.tension = 99.0
    game.end_turn()
    assert game.state.end_reason != "confrontation"


def test_raise_tension_caps_and_books_the_full_push():
    class S:
        tension = 95.0
        tension_by = np.zeros(3)

    s = S()
    raise_tension(s, 8.0, 1)
    raise_tension(s, 2.0, None)
    assert s.tension == 100.0 and list(s.tension_by) == [0.0, 8.0, 0.0]
    ease_tension(s, 150.0)
    assert s.tension == 0.0

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
    """Tension at 100 with no crisis drawn (set directly: bans to the brink would roll the
    hazard on the way), eased by an accepted summit, does not end the game."""
    game = Game.new(content, "fractured", seed=2)
    game.state.tension = 100.0
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
        crisis_by = 0  # a crisis already drawn: no further draw

    s = S()
    world = type("W", (), {"content": type("C", (), {"rules": None})})()  # no hazard read: a crisis is drawn
    raise_tension(world, s, 8.0, 1)
    raise_tension(world, s, 2.0, None)
    assert s.tension == 100.0 and list(s.tension_by) == [0.0, 8.0, 0.0]
    ease_tension(s, 150.0)
    assert s.tension == 0.0


# ---------------------------------------------------------------- the crisis hazard


def test_the_crisis_chance_rises_toward_the_brink(content):
    from functools import partial

    from game.engine.rules import crisis_chance

    hazard = content.rules.crisis_hazard  # above 50, power 2.5, step 10 (content/rules.yaml)
    chance = partial(crisis_chance, hazard)
    assert chance(hazard.above, 10.0) == 0.0 and chance(hazard.above - 5, 10.0) == 0.0
    assert chance(80.0, 10.0) == pytest.approx(((80 - hazard.above) / (100 - hazard.above)) ** hazard.power)
    assert chance(80.0, 5.0) == pytest.approx(chance(80.0, 10.0) / 2)  # half the step, half the risk
    assert chance(70.0, 10.0) < chance(80.0, 10.0) < chance(90.0, 10.0) < 1.0
    assert chance(100.0, 30.0) == 1.0


def test_below_the_hazard_nothing_is_drawn(content):
    """Escalations that end at or below the hazard's threshold draw nothing from the crisis stream, so a
    game that never gets there plays and draws exactly as it did before the hazard existed."""
    game = Game.new(content, "standard", seed=3)
    s = game.state
    s.tension = content.rules.crisis_hazard.above - 12.0
    before = s.crisis_rng.bit_generator.state
    raise_tension(game.world, s, 10.0, game.world.nidx["china"])
    assert s.crisis_rng.bit_generator.state == before and s.crisis_by == -1


def test_an_escalation_near_the_brink_may_tip_the_world_over_and_is_blamed(content):
    """China bans refined Dy/Tb to Japan at tension 75 (its ban adds about 10): over 40 seeds
    some quarters end in confrontation though tension never reaches 100; each is China's doing
    and says so; the same seed always gives the same outcome."""
    ended, blamed, texts = 0, set(), set()
    for seed in range(40):
        outcomes = []
        for _ in range(2):
            game = Game.new(content, "standard", seed=seed)
            game.state.tension = 75.0
            game.submit("china", {"action": "export_control", "mineral": "dytb", "stage": "refined",
                                  "target": "japan", "level": "ban"})
            tipped = game.state.crisis_by
            report = game.end_turn()
            outcomes.append((tipped, game.state.end_reason))
            if len(outcomes) == 2 and game.state.end_reason == "confrontation" and report["tension"] < 100.0:
                ended += 1
                w = game.world
                blamed.add(w.nation_ids[tipped])
                (event,) = [e for e in report["events"] if e["type"] == "confrontation"]
                texts.add(event["text"].split(" at tension")[0])
                scores = game.scores()
                assert scores["china"] < scores["japan"] - CONFRONTATION_PENALTY_CULPRIT / 2
        assert outcomes[0] == outcomes[1]
    assert 5 <= ended <= 35, ended
    assert blamed == {"china"} and texts == {"China's escalation"}


# ---------------------------------------------------------------- AIs weigh the brink


def _sanction_option(content, tension: float):
    from game.ai.personas import make_players

    game = Game.new(content, "fractured", seed=3)
    w, s = game.world, game.state
    c, u = w.nidx["china"], w.nidx["usa"]
    s.relations[c, u] = s.relations[u, c] = -90.0
    s.tension = tension
    china = make_players(game)["china"]
    return next(o for o in china.options(game) if o.action == {"action": "sanction", "target": "usa"}), china


def test_an_ai_weighs_an_escalation_by_the_risk_it_runs_and_says_so(content):
    """A sanction adds 6 to tension: at 40 it risks nothing, at 58 a few per cent of a
    confrontation; the option's 'caution' motive weighs that risk (RISK_WORTH per unit) and its
    reason names it.  How much that counts is the persona's caution weight: China's leverage
    persona has the least (content/personas.yaml)."""
    from game.ai.personas import RISK_WORTH
    from game.engine.rules import crisis_chance

    calm, _ = _sanction_option(content, 40.0)
    tense, china = _sanction_option(content, 58.0)
    risk = crisis_chance(content.rules.crisis_hazard, 64.0, content.rules.diplomacy.sanction_tension)
    assert calm.worth["caution"] == 0.0 and "risk" not in calm.reason
    assert tense.worth["caution"] == pytest.approx(-RISK_WORTH * risk)
    assert tense.reason.endswith(f"risk of confrontation {risk:.0%}")
    weights = {p.id: p.weights["caution"] for p in content.personas.personas}
    assert china.persona.weights["caution"] == min(weights.values())

"""The scenarios: each plays, each sets objectives per power, each keeps its promises."""

import pytest

from game.content.schema import STAGES
from game.engine.game import Game
from game.sim.runner import run_game

NAMED = ("standard", "embargo-2010", "fractured", "green-race", "classroom-intro")


def test_the_five_scenarios_exist(content):
    assert set(NAMED) <= set(content.scenarios)


@pytest.mark.parametrize("scenario", NAMED)
def test_scenario_plays_with_bots_and_repeats(content, scenario):
    a = run_game(content, scenario, 5, turns=4, record=False).game
    b = run_game(content, scenario, 5, turns=4, record=False).game
    assert a.turn_hashes == b.turn_hashes and len(a.turn_hashes) == 4


@pytest.mark.parametrize("scenario", [s for s in NAMED if s != "standard"])  # standard: the index alone
def test_every_power_in_play_has_objectives(content, scenario):
    sc = content.scenarios[scenario]
    assert set(sc.powers) <= set(sc.objectives), f"{scenario}: powers without objectives"


def _share(game, mineral, stage, nation):
    w, s = game.world, game.state
    out = s.production[:, w.midx[mineral], STAGES.index(stage)]
    return out[w.nidx[nation]] / out.sum()


def test_embargo_2010_starts_in_2010_on_the_figures_of_that_time(content):
    sc = content.scenarios["embargo-2010"]
    assert (sc.start.year, sc.start.quarter) == (2010, 3) and 12 <= sc.turns <= 16
    game = Game.new(content, "embargo-2010", 1, cards=False)
    assert game.date_label() == "2010 Q3"
    assert _share(game, "ndpr", "ore", "china") > 0.9  # China ~97% of REE mining in 2010
    assert _share(game, "ndpr", "ore", "usa") == 0  # Mountain Pass closed 2002-2012
    assert _share(game, "ndpr", "refined", "malaysia") == 0  # Lynas Malaysia from 2012


def test_classroom_intro_is_short_small_and_briefed(content):
    sc = content.scenarios["classroom-intro"]
    assert 8 <= sc.turns <= 12 and 3 <= len(sc.powers) <= 4
    assert len(sc.briefing) > 200 and len(sc.learning_goals) >= 3 and len(sc.debrief_questions) >= 3


def test_green_race_grows_battery_demand_faster(content):
    std, green = content.scenarios["standard"], content.scenarios["green-race"]
    assert green.demand_growth["lithium"] > std.demand_growth["lithium"]


def test_fractured_starts_tense_with_rival_blocs(content):
    game = Game.new(content, "fractured", 1, cards=False)
    std = Game.new(content, "standard", 1, cards=False)
    assert game.state.tension > std.state.tension + 10
    w = game.world
    assert game.state.relations[w.nidx["usa"], w.nidx["china"]] < std.state.relations[w.nidx["usa"], w.nidx["china"]]


def test_objectives_are_settled_and_score(content):
    game = run_game(content, "classroom-intro", 2, record=False).game
    assert game.is_over
    sc = content.scenarios["classroom-intro"]
    for power, objectives in sc.objectives.items():
        assert set(game.state.objectives[power]) == {o.id for o in objectives}
    scores = game.scores()
    gains = {p: game.state.index_lived[game.world.nidx[p]] for p in game.powers}
    for power, objectives in sc.objectives.items():
        points = sum(o.points for o in objectives if game.state.objectives[power][o.id])
        assert scores[power] == pytest.approx(gains[power] + points - sc.par[power], abs=1e-3)

"""Behaviour a player or designer sees through the engine API."""

import numpy as np
import pytest

from game.engine.actions import IllegalAction
from game.engine.game import Game
from game.engine.world import ScenarioNotFound

BAN_DY = {"action": "export_control", "mineral": "dytb", "stage": "refined", "target": "all", "level": "ban"}


def test_new_game_has_powers_and_a_calendar(new_game):
    game = new_game()
    assert game.powers == ("china", "usa", "eu", "japan", "russia", "australia", "india")
    assert game.turn == 1 and game.turns == 40
    assert game.date_label() == "2025 Q1"
    game.end_turn()
    assert game.date_label() == "2025 Q2"


def test_unknown_scenario_is_a_clear_error(content):
    with pytest.raises(ScenarioNotFound):
        Game.new(content, "no-such-scenario", 1)


def test_legal_actions_are_all_accepted(new_game):
    game = new_game(3)
    legal = game.legal_actions("japan")
    kinds = {a["action"] for a in legal}
    assert {"build_refinery", "research", "stockpile_buy", "tariff", "subsidy"} <= kinds
    for action in legal[:: max(1, len(legal) // 60)]:
        game.validate("japan", action)  # raises if the menu lied


@pytest.mark.parametrize("action,fragment", [
    ({"action": "build_mine", "mineral": "dy"}, "did you mean 'dytb'"),
    ({"action": "launch_rocket"}, "unknown action"),
    ({"action": "export_control", "mineral": "dytb", "stage": "refined", "target": "all"}, "missing 'level'"),
    ({"action": "build_mine", "mineral": "gallium"}, "no reserves"),
    ({"action": "stockpile_release", "mineral": "ndpr", "amount": 1e9}, "cannot release"),
    ({"action": "tariff", "mineral": "ndpr", "stage": "refined", "target": "japan", "rate": 2}, "between 0 and 1"),
    ({"action": "export_control", "mineral": "dytb", "stage": "refined", "target": "all", "level": "ban"},
     "produces no dytb refined"),
    ({"action": "build_refinery", "mineral": "ndpr", "colour": "red"}, "unknown parameter 'colour'"),
])
def test_illegal_action_has_clear_message_and_changes_nothing(new_game, action, fragment):
    game = new_game()
    before = game.state_hash()
    with pytest.raises(IllegalAction, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        game.submit("japan", action)
    assert game.state_hash() == before
    assert game.log == []


def test_actions_cost_money_and_political_capital(new_game):
    game = new_game()
    s, usa = game.state, game.world.nidx["usa"]
    money, pc = s.treasury[usa], s.political_capital[usa]
    game.submit("usa", {"action": "build_refinery", "mineral": "dytb"})
    assert s.treasury[usa] < money and s.political_capital[usa] < pc
    assert any(p.sponsor == usa for p in s.projects)


def test_a_project_opens_after_its_build_time(new_game):
    game = new_game()
    w = game.world
    game.submit("usa", {"action": "build_refinery", "mineral": "gallium"})
    turns = int(w.project_specs[w.midx["gallium"], 2, 2])
    usa = w.nidx["usa"]
    def capacity():
        s = game.state
        sel = (s.fac_location == usa) & (s.fac_mineral == w.midx["gallium"]) & (s.fac_stage == 1)
        return s.fac_capacity[sel].sum()
    before = capacity()
    for _ in range(turns):
        report = game.end_turn()
    assert capacity() > before + 30  # 40 t/yr plant, less a little drift
    assert any(e["type"] == "project_complete" and e["nation"] == "usa" for e in report["events"])


def _run(new_game, seed, script, turns=3):
    game = new_game(seed)
    for t in range(1, turns + 1):
        for power, action in script.get(t, []):
            game.submit(power, action)
        game.end_turn()
    return game


def test_export_ban_by_dominant_refiner_multiplies_the_outside_price(new_game):
    """2010-11 and 2025: a ban moves outside prices by multiples, not percents (T8)."""
    base = _run(new_game, 11, {}, turns=2)
    ban = _run(new_game, 11, {1: [("china", BAN_DY)]}, turns=2)
    w = base.world
    m = w.midx["dytb"]
    ratio = ban.state.price[m, 1] / base.state.price[m, 1]
    assert ratio >= 3.0, f"open Dy/Tb price only x{ratio:.2f} after a Chinese ban"
    china = w.nidx["china"]
    assert ban.state.local_price[china, m, 1] <= base.state.local_price[china, m, 1]
    assert ban.state.coverage[china, m] >= 0.99  # the controller's industry keeps its supply
    japan = w.nidx["japan"]
    assert ban.state.coverage[japan, m] < 0.6
    clean = w.sector_ids.index("clean_energy")
    assert ban.state.output_factor[japan, clean] < base.state.output_factor[japan, clean] - 0.05


def test_licence_hurts_less_than_a_ban(new_game):
    lic = dict(BAN_DY, level="licence")
    licence = _run(new_game, 12, {1: [("china", lic)]}, turns=2)
    ban = _run(new_game, 12, {1: [("china", BAN_DY)]}, turns=2)
    m = licence.world.midx["dytb"]
    assert licence.state.price[m, 1] < ban.state.price[m, 1]


def test_targeted_ban_leaks_through_third_countries(new_game):
    """A ban on one buyer hurts it, but less than a ban on all: trade finds a way round."""
    to_japan = dict(BAN_DY, target="japan")
    one = _run(new_game, 13, {1: [("china", to_japan)]}, turns=2)
    all_ = _run(new_game, 13, {1: [("china", BAN_DY)]}, turns=2)
    w = one.world
    m, japan, eu = w.midx["dytb"], w.nidx["japan"], w.nidx["eu"]
    assert all_.state.coverage[japan, m] < one.state.coverage[japan, m] < 1.0
    assert one.state.coverage[eu, m] > 0.97


def test_stockpile_release_softens_a_shortage(new_game):
    ban = _run(new_game, 14, {1: [("china", BAN_DY)]}, turns=2)
    helped = _run(new_game, 14, {1: [("china", BAN_DY), ("japan", {"action": "stockpile_release",
                                                                    "mineral": "dytb", "weeks": 6})]}, turns=2)
    w = ban.world
    japan, m = w.nidx["japan"], w.midx["dytb"]
    assert helped.state.coverage[japan, m] > ban.state.coverage[japan, m]


def test_export_controls_raise_tension_and_sour_relations(new_game):
    game = new_game()
    w, s = game.world, game.state
    t0 = s.tension
    rel = s.relations[w.nidx["japan"], w.nidx["china"]]
    game.submit("china", BAN_DY)
    assert s.tension > t0 + 5
    assert s.relations[w.nidx["japan"], w.nidx["china"]] < rel


def test_research_eventually_breaks_through(content):
    """Three years of programmes raise the level in most worlds (chance ~15-25% a quarter)."""
    broke = 0
    for seed in range(21, 27):
        game = Game.new(content, "standard", seed, cards=False)  # no card to hand out technology
        eu = game.world.nidx["eu"]
        level = int(game.state.tech[eu, 2])
        for _ in range(12):
            if game.state.tech[eu, 2] > level:
                break
            game.submit("eu", {"action": "research", "field": "recycling"})
            game.end_turn()
        broke += game.state.tech[eu, 2] > level
    assert broke >= 4, f"only {broke} of 6 worlds saw a breakthrough"


def test_tariff_raises_the_importers_price_and_earns_revenue(new_game):
    tariff = {"action": "tariff", "mineral": "ndpr", "stage": "refined", "target": "china", "rate": 0.25}
    base = _run(new_game, 15, {}, turns=1)
    taxed = _run(new_game, 15, {1: [("usa", tariff)]}, turns=1)
    w = base.world
    usa, china, m = w.nidx["usa"], w.nidx["china"], w.midx["ndpr"]
    assert taxed.state.local_price[usa, m, 1] > base.state.local_price[usa, m, 1]
    # the revenue: the quarter's budgets, run again on the taxed quarter with and without the
    # tariff, differ in the US treasury by exactly the Chinese NdPr it took times rate and price
    from game.engine import quarter
    from game.engine.diplomacy import market_inputs

    s = taxed.state
    shipped = float(s.trade_flows[m, 1, china, usa])
    assert shipped > 0
    blocked, club, *_, tariffs, _ = market_inputs(w, s)
    fac = quarter.Facilities(s.fac_capacity, s.fac_location, s.fac_mineral, s.fac_stage, s.fac_owners)
    flows = quarter.Flows(*(getattr(s, f) for f in ("production", "recycled", "consumption", "imports", "exports",
                                                    "released", "stocked", "need", "coverage", "output_factor",
                                                    "supplier", "supplier_share", "denied_share", "trade_flows",
                                                    "index_parts", "index")))
    sold_at = np.ones((w.M * 2, w.N))
    treasury = {}
    for label, rates in (("taxed", tariffs), ("free", np.zeros_like(tariffs))):
        policy = quarter.Policy(s.controls_all, s.controls_target, rates, s.subsidies, blocked, club)
        soc = quarter.Society(s.treasury.copy(), s.political_capital.copy(), s.social_licence.copy(),
                              s.pollution.copy(), s.relations.copy(), s.alignment)
        quarter.budgets(fac, flows, sold_at, s.price, policy, soc, w.quarter_constants, 0.0)
        treasury[label] = float(soc.treasury[usa])
    revenue = shipped * 0.25 * float(s.price[m, 1]) / 1e9
    assert treasury["taxed"] - treasury["free"] == pytest.approx(revenue, rel=1e-9)


def test_game_ends_after_the_last_turn(new_game):
    game = new_game()
    for _ in range(game.turns):
        game.end_turn()
    assert game.is_over and game.state.end_reason == "completed"
    assert set(game.scores()) == set(game.powers)
    with pytest.raises(IllegalAction):
        game.end_turn()

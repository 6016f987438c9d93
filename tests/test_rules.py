"""Rules stated once (game.engine.rules): every place that reads one agrees with it.

Each test here failed on eab9740, where the rule was written several times and two of the
copies disagreed."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.game import Game
from game.engine.rules import stock_weeks
from game.sim import briefing


@pytest.mark.parametrize("weeks", [4.0, 13.0])
def test_stock_bought_in_weeks_shows_as_those_weeks(content, weeks):
    """Japan buying "4 weeks" of Dy/Tb showed about 4.5 weeks in stock: the order counted a
    week as demand/52, the stock gauge (and the index, objectives and AI) as need/13."""
    game = Game.new(content, "standard", seed=1)
    n, m = game.world.nidx["japan"], game.world.midx["dytb"]
    before = float(stock_weeks(game.state)[n, m])
    game.submit("japan", {"action": "stockpile_buy", "mineral": "dytb", "weeks": weeks})
    ordered = float(game.state.stock_orders[n, m, 1])
    weekly = float(game.state.need[n, m]) / 13.0
    assert ordered == pytest.approx(weeks * weekly, rel=1e-9)
    assert before + ordered / weekly == pytest.approx(before + weeks)


def test_scenario_stock_in_weeks_starts_as_those_weeks(content):
    """A scenario's starting stock in weeks of own use is what the gauge shows at the start."""
    for sid, scen in content.scenarios.items():
        game = Game.new(content, sid, seed=1)
        weeks = stock_weeks(game.state)
        for nid, start in scen.nations.items():
            for mid, w in start.stockpile_weeks.items():
                n, m = game.world.nidx[nid], game.world.midx[mid]
                if game.state.need[n, m] > 0:
                    assert weeks[n, m] == pytest.approx(w, rel=1e-6), (sid, nid, mid)


def test_a_card_or_contribution_in_weeks_uses_the_same_week(content):
    from game.content import schema
    from game.engine.effects import apply_effects

    game = Game.new(content, "standard", seed=1)
    s = game.state
    n, m = game.world.nidx["japan"], game.world.midx["dytb"]
    held = float(s.stockpile[n, m, 1])
    effect = schema.StockpileChange(type="stockpile", nation="japan", mineral="dytb", stage="refined", weeks=4)
    apply_effects(game.world, s, [effect], None, "test", None)
    assert float(stock_weeks(s)[n, m]) == pytest.approx(held / (s.need[n, m] / 13.0) + 4.0)


def test_stock_weeks_twins_agree_on_random_inputs():
    """kernels.stock_weeks_of (the compiled quarter and the AI view) and rules.stock_weeks
    (everything else) are one rule in two forms."""
    from types import SimpleNamespace

    from game.engine.kernels import stock_weeks_of

    rng = np.random.default_rng(5)
    need = rng.uniform(0, 50, (7, 5)) * (rng.random((7, 5)) > 0.3)
    stock = np.zeros((7, 5, 2))
    stock[:, :, 1] = rng.uniform(0, 400, (7, 5))
    got = stock_weeks(SimpleNamespace(need=need, stockpile=stock))
    for n in range(7):
        for m in range(5):
            assert got[n, m] == pytest.approx(stock_weeks_of(stock[n, m, 1], need[n, m]), rel=1e-12, abs=1e-12)
def test_allies_are_spared_general_export_controls_in_the_alerts(content):
    """With the US allied to Australia, an Australian lithium-ore ban on all buyers raised a US
    alert, while the market (rightly) still delivered Australia's ore to its ally."""
    game = Game.new(content, "standard", seed=1)
    a, u = game.world.nidx["australia"], game.world.nidx["usa"]
    lithium = game.world.midx["lithium"]
    # the US buys Australian lithium, so on eab9740 it was warned of a ban that spares it
    assert game.state.trade_flows[lithium, :, a, u].sum() > 0
    game.state.diplomacy["agreements"].append(
        {"id": "a99", "kind": "alliance", "since": 1, "members": ["usa", "australia"], "rule": "pro_rata",
         "joint_stock": {}, "contributed": {}})
    for stage in ("ore", "refined"):
        game.submit("australia", {"action": "export_control", "mineral": "lithium", "stage": stage,
                                  "target": "all", "level": "ban"})
    texts = [al.text for al in briefing.alerts(game, "usa")]
    assert not any("Australia" in t and "export ban" in t for t in texts), texts
    # a buyer outside the alliance is still warned: China buys Australia's lithium ore
    assert game.state.trade_flows[game.world.midx["lithium"], 0, a, game.world.nidx["china"]] > 0
    texts = [al.text for al in briefing.alerts(game, "china")]
    assert any("Australia" in t and "export ban on Li ore" in t for t in texts), texts




def test_a_mine_needs_the_reserves_the_rule_states(content):
    """Opening a mine, expanding one and the market's growth of one all read
    rules.reserves_allow_mine (it was written as 'cap * 5' in six places)."""
    from game.engine import actions
    from game.engine.actions import IllegalAction
    from game.engine.rules import MINE_RESERVE_YEARS, reserves_allow_mine, reserves_needed
    from game.engine.world import PROJECT_KINDS

    game = Game.new(content, "standard", seed=1)
    w, s = game.world, game.state
    n, m = w.nidx["usa"], w.midx["ndpr"]
    cap = float(w.project_specs[m, PROJECT_KINDS.index("mine"), 0])
    assert reserves_needed(cap) == cap * MINE_RESERVE_YEARS
    s.treasury[n] = 1e3
    s.political_capital[n] = 100.0
    s.social_licence[n] = 100.0
    order = {"action": "build_mine", "mineral": "ndpr"}
    for years, allowed in ((MINE_RESERVE_YEARS - 0.01, False), (MINE_RESERVE_YEARS, True)):
        s.reserves[n, m] = cap * years
        assert bool(reserves_allow_mine(s.reserves[n, m], cap)) is allowed
        if allowed:
            actions.check(w, s, n, order)
        else:
            with pytest.raises(IllegalAction, match="a mine needs"):
                actions.check(w, s, n, order)


def test_shortage_and_high_tension_are_one_threshold_each():
    """The turn's news and triggers, the report's alerts and the UI's colours read the same
    thresholds (0.8 of need met and tension 70 were written in three files each)."""
    from game.engine import rules
    from game.ui import fmt

    assert briefing.COVERAGE_DANGER == rules.SHORTAGE and briefing.TENSION_DANGER == rules.HIGH_TENSION
    assert fmt.tension_style(rules.HIGH_TENSION) == "$error"
    assert fmt.tension_style(rules.HIGH_TENSION - 1e-9) == "$warning"
    assert fmt.tension_style(rules.TENSION_RISING - 1e-9) == "$success"
    assert rules.is_short(rules.SHORTAGE - 1e-9) and not rules.is_short(rules.SHORTAGE)


def test_exposure_twins_agree_on_random_inputs():
    from types import SimpleNamespace

    from game.engine.kernels import exposure_of
    from game.engine.rules import supply_exposure

    rng = np.random.default_rng(4)
    share, denied = rng.uniform(0, 1, (7, 7)), rng.uniform(0, 1, (7, 7)) * (rng.random((7, 7)) < 0.5)
    twin = np.array([[exposure_of(float(a), float(b)) for a, b in zip(r, d)] for r, d in zip(share, denied)])
    np.testing.assert_array_equal(supply_exposure(SimpleNamespace(supplier_share=share, denied_share=denied)), twin)


def test_being_cut_off_is_not_being_diversified(content):
    """Under a Chinese ban on refined Dy/Tb, Japan's top supplier became Australia (share ~0.5)
    and its 'no more than 80% from one supplier' objective was met by the ban itself, and its
    index's independence rose (findings/stakes.md cause 3).  The supply the ban denies now
    counts as the dependence it was: Japan's exposure under the ban is no lower than without it."""
    from game.content import schema
    from game.engine.objectives import measure
    from game.engine.rules import supply_exposure

    objective = schema.Objective(id="x", text="x", metric="max_supplier_share", mineral="dytb", op="<=",
                                 value=0.8, by_year=2030, points=1, sources=["R39"])
    seen = {}
    for arm in ("no ban", "ban"):
        game = Game.new(content, "standard", seed=2)
        if arm == "ban":
            game.submit("china", {"action": "export_control", "mineral": "dytb", "stage": "refined",
                                  "target": "japan", "level": "ban"})
        game.end_turn(report=False)
        w, s = game.world, game.state
        j, m = w.nidx["japan"], w.midx["dytb"]
        seen[arm] = (measure(w, s, j, objective), float(s.denied_share[j, m]), float(supply_exposure(s)[j, m]))
    assert seen["ban"][1] > 0.2 and seen["no ban"][1] == 0.0
    assert seen["ban"][0] >= seen["no ban"][0] - 0.02, seen
    assert seen["ban"][0] == seen["ban"][2]

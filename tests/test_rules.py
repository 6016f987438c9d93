"""Rules stated once (game.engine.rules): every place that reads one agrees with it.

Each test here failed on eab9740, where the rule was written several times and two of the
copies disagreed."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.game import Game
from game.engine.rules import stock_weeks


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

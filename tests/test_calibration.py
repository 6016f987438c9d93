"""The standard scenario starts where the world stood in early 2025."""

import pytest
from calibration_targets import CONTROLLED_TARGETS, PRICE_TARGETS, SHARE_TARGETS, TOLERANCE

from game.content.schema import STAGES
from game.engine.game import Game


def _share(game, mineral, stage, nation):
    w, s = game.world, game.state
    out = s.production[:, w.midx[mineral], STAGES.index(stage)]
    return 100.0 * out[w.nidx[nation]] / out.sum()


@pytest.mark.parametrize("mineral,stage,nation,target,source", SHARE_TARGETS,
                         ids=[f"{m}-{s}-{n}" for m, s, n, *_ in SHARE_TARGETS])
def test_start_share_matches_research(new_game, mineral, stage, nation, target, source):
    share = _share(new_game(), mineral, stage, nation)
    assert abs(share - target) <= TOLERANCE, f"{nation} {mineral} {stage}: {share:.1f}% vs {target}% ({source})"


@pytest.mark.parametrize("mineral,stage,owner,target,source", CONTROLLED_TARGETS)
def test_controlled_share_counts_equity_abroad(new_game, mineral, stage, owner, target, source):
    game = new_game()
    w, s = game.world, game.state
    m, k, o = w.midx[mineral], STAGES.index(stage), w.nidx[owner]
    sel = (s.fac_mineral == m) & (s.fac_stage == k)
    cap = s.fac_capacity[sel]
    controlled = 100.0 * (cap * s.fac_owners[sel, o]).sum() / cap.sum()
    assert abs(controlled - target) <= TOLERANCE, source


@pytest.mark.parametrize("mineral,stage,low,high,source", PRICE_TARGETS, ids=[t[0] for t in PRICE_TARGETS])
def test_start_prices_in_real_units(new_game, mineral, stage, low, high, source):
    game = new_game()
    w = game.world
    m = w.midx[mineral]
    price = game.state.price[m, STAGES.index(stage)] / w.price_scale[m]
    assert low <= price <= high, f"{mineral}: {price:,.1f} not in [{low}, {high}] ({source})"


def test_quiet_first_year_keeps_uncontrolled_prices_near_reference(content):
    """With nobody acting and no news, markets without controls stay within 25% of reference."""
    game = Game.new(content, "standard", 5, cards=False)
    for _ in range(4):
        game.end_turn()
    w, s = game.world, game.state
    for mineral in ("ndpr", "lithium", "nickel"):
        m = w.midx[mineral]
        ratio = s.price[m, 1] / w.p0[m, 1]
        assert 0.75 < ratio < 1.25, f"{mineral} refined at {ratio:.2f}x reference after a quiet year"


def test_drc_cobalt_quota_lifts_the_price_as_in_2025(content):
    """DR Congo's ore quota (a producer policy in force from the start) lifts refined cobalt
    over months, not at once, by about what 2025-26 saw: ~$10/lb to ~$16/lb, x1.6 (R54, R55).
    Refiners first draw on the ore they hold, so the rise builds over the first year."""
    game = Game.new(content, "standard", 5, cards=False)
    drc, m = game.world.nidx["drc"], game.world.midx["cobalt"]
    assert game.state.controls_all[drc, m, 0] == 2  # quota
    path = []
    for _ in range(6):
        game.end_turn()
        path.append(game.state.price[m, 1] / game.world.p0[m, 1])
    assert path[0] < 1.15, f"cobalt refined at {path[0]:.2f}x in the first quarter: no ore was in hand"
    assert 1.3 < path[-1] < 2.5, f"cobalt refined at {path[-1]:.2f}x reference after a year and a half"


def test_drc_quota_runs_through_2027_then_lifts(content):
    """The quotas were set for 2026-27 (R55): in force through 2027 Q4, lifted in 2028 Q1."""
    game = Game.new(content, "standard", 5, cards=False)
    drc, m = game.world.nidx["drc"], game.world.midx["cobalt"]
    while game.world.date_of(game.turn) != (2028, 1):
        game.end_turn()
        assert game.state.controls_all[drc, m, 0] == 2, game.world.date_label(game.state.turn)
    report = game.end_turn()
    lifted = [e["text"] for e in report["events"] if e["type"] == "producer_policy"]
    assert lifted == ["DR Congo lifts its quota on Co ore exports"]
    assert game.state.controls_all[drc, m, 0] == 0


def test_licensed_markets_trade_above_reference_abroad(new_game):
    """The 2023 gallium and graphite licences keep open prices above China's own (R25, R64)."""
    game = new_game()
    w, s = game.world, game.state
    china = w.nidx["china"]
    for mineral in ("gallium", "graphite"):
        m = w.midx[mineral]
        assert s.price[m, 1] > 1.2 * s.local_price[china, m, 1]

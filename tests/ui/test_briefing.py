"""game.sim.briefing: what the player reads, computed from the state (no UI involved)."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from game.content.schema import STAGES
from game.engine.game import Game
from game.sim import briefing
from game.sim.briefing import Snapshot

ROOT = Path(__file__).resolve().parents[2]


def test_briefing_is_pure():
    """No UI, no clock, no I/O, no chance: the module only reads a game."""
    tree = ast.parse((ROOT / "game" / "sim" / "briefing.py").read_text())
    imported = {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not imported & {"textual", "rich", "time", "datetime", "random", "os", "pathlib"}
    source = (ROOT / "game" / "sim" / "briefing.py").read_text()
    assert "np.random" not in source and "open(" not in source


def test_stock_alert_names_weeks_and_supplier(new_game):
    game: Game = new_game(7)
    usa = game.world.nidx["usa"]
    dytb = game.world.midx["dytb"]
    game.state.stockpile[usa, dytb, 1] = game.state.need[usa, dytb] / 13.0 * 3  # three weeks of use
    texts = [a.text for a in briefing.alerts(game, "usa") if a.mineral == "dytb"]
    assert "Dy/Tb stock: 3 weeks (99% from China)" in texts
    alert = next(a for a in briefing.alerts(game, "usa") if a.text.startswith("Dy/Tb stock"))
    assert alert.severity == "danger"  # under four weeks, from one dominant supplier


def test_alerts_worst_first_and_shortage(new_game):
    game = new_game(7)
    jp, m = game.world.nidx["japan"], game.world.midx["gallium"]
    game.state.coverage[jp, m] = 0.6
    alerts = briefing.alerts(game, "japan")
    assert alerts[0].severity == "danger" and alerts[0].text == "Ga: only 60% of need met, factories are short"
    order = [briefing.SEVERITY_ORDER[a.severity] for a in alerts]
    assert order == sorted(order)


def test_control_aimed_at_the_player_is_flagged(new_game):
    game = new_game(7)
    game.submit("china", {"action": "export_control", "mineral": "dytb", "stage": "refined", "target": "japan",
                          "level": "quota"})
    texts = [a.text for a in briefing.alerts(game, "japan")]
    assert "China: export quota on Dy/Tb refined aimed at you" in texts


def test_dependence_rows(new_game):
    game = new_game(7)
    rows = {r.mineral: r for r in briefing.dependence(game, "japan")}
    assert rows["dytb"].supplier == "china" and rows["dytb"].share > 0.9
    assert rows["dytb"].supplier_name == "China" and 0 < rows["dytb"].weeks < 26
    assert len(rows) == len(game.world.mineral_ids)


def test_price_move_explained_by_a_new_control(new_game):
    """A ban put in force this turn is named as the cause of the price rise it brings."""
    game = new_game(7)
    prev = briefing.start_snapshot(game)
    game.submit("china", {"action": "export_control", "mineral": "dytb", "stage": "refined", "target": "all",
                          "level": "ban"})
    before = briefing.capture(game)
    game.end_turn()
    moves = {(p.mineral, p.stage): p for p in briefing.price_moves(game, before, prev)}
    move = moves[("dytb", "refined")]
    assert move.pct > 50
    assert any("China puts an export ban on Dy/Tb refined (all buyers)" in c for c in move.causes)
    assert move.text().startswith("Dy/Tb refined +")


def test_price_move_causes_agree_with_direction(new_game):
    game = new_game(3)
    prev = briefing.start_snapshot(game)
    for _ in range(6):
        before = briefing.capture(game)
        game.end_turn()
        for move in briefing.price_moves(game, before, prev):
            assert move.causes, move
            assert abs(move.pct) >= briefing.PRICE_MOVE_PCT
            if move.pct < 0:
                assert not any("stockpile buying" in c or "buyers scramble" in c for c in move.causes)
            else:
                assert not any("stockpile releases" in c or "buyers hold back" in c for c in move.causes)
        prev = before


def test_stock_bought_and_output_left_unsold_are_told_apart(new_game):
    """Both end up in a stockpile, but a player learns different things from them: Japan's
    order is stockpile buying, while DR Congo's cobalt ore, held back by its export quota, is
    output that found no way out (it used to be reported as DR Congo 'stockpile buying')."""
    game = new_game(3)
    prev = briefing.start_snapshot(game)
    game.submit("japan", {"action": "stockpile_buy", "mineral": "nickel", "weeks": 8.0})
    before = briefing.capture(game)
    game.end_turn()
    moves = {(p.mineral, p.stage): p for p in briefing.price_moves(game, before, prev)}
    assert any(c.startswith("stockpile buying") and c.endswith("(Japan)") for c in moves[("nickel", "refined")].causes)
    prev, before = before, briefing.capture(game)
    game.end_turn()
    moves = {(p.mineral, p.stage): p for p in briefing.price_moves(game, before, prev)}
    cobalt = moves[("cobalt", "ore")].causes
    assert any("unsold, kept at home (DR Congo)" in c for c in cobalt), cobalt
    assert not any("stockpile buying" in c for c in cobalt), cobalt


def test_sanctions_are_named_where_they_lift_a_price(new_game):
    """Sanctions between the US and China stop their trade with no way round: the open price
    of what China dominates rises, and the report says why (it used to name only the small
    change in world output and China's unsold surplus)."""
    game = new_game(7)
    prev = briefing.start_snapshot(game)
    game.submit("usa", {"action": "sanction", "target": "china"})
    before = briefing.capture(game)
    game.end_turn()
    moves = {(p.mineral, p.stage): p for p in briefing.price_moves(game, before, prev)}
    cause = "sanctions stop trade between United States and China"
    assert cause in moves[("dytb", "refined")].causes, moves[("dytb", "refined")]
    named = {key for key, move in moves.items() if cause in move.causes}
    # only markets where one side makes a tenth or more of world output
    w, s = game.world, game.state
    for mineral, stage in named:
        m, k = w.midx[mineral], STAGES.index(stage)
        sides = s.production[[w.nidx["usa"], w.nidx["china"]], m, k]
        assert sides.max() >= 0.1 * s.production[:, m, k].sum(), (mineral, stage)


def test_ore_at_what_refiners_can_pay_is_shown_as_rationed(content):
    """Unrest takes 40% of Myanmar's clays: Dy/Tb ore climbs to the most refiners can pay (the
    oxide's price less refining) and stops there.  The report says so, and the market shows the
    limit as reached; a market far from its limit shows it as a limit only."""
    game = Game.new(content, "standard", 11, cards=False)
    w = game.world
    prev = briefing.capture(game)
    game.end_turn()
    game.state.modifiers.append({"kind": "capacity", "n": w.nidx["myanmar"], "m": w.midx["dytb"], "k": 0,
                                 "factor": 0.6, "turns": 2, "source": "unrest-myanmar"})
    before = briefing.capture(game)
    game.end_turn()
    moves = {(p.mineral, p.stage): p for p in briefing.price_moves(game, before, prev)}
    assert moves[("dytb", "ore")].pct > 15
    assert "at the most refiners can pay (the metal's price less refining): ore is rationed" \
        in moves[("dytb", "ore")].causes
    dy = briefing.market(game, "japan", "dytb", "ore")
    assert dy.ore_rationed and dy.price == pytest.approx(dy.ore_limit)
    ni = briefing.market(game, "japan", "nickel", "ore")
    assert not ni.ore_rationed and ni.price < ni.ore_limit
    assert briefing.market(game, "japan", "dytb", "refined").ore_limit is None


def test_a_worldwide_demand_shift_is_one_cause_in_the_quarter_it_starts(content):
    """'Subsidies lapse' cuts lithium demand 8% everywhere for four quarters: the fall it brings
    names it once (it used to list each of the 18 nations on its own line), and in the quarters
    after, when the cut goes on but does not move the price again, it is not given as a cause."""
    game = Game.new(content, "standard", 4, cards=False)
    w = game.world
    li = w.midx["lithium"]
    prev = briefing.capture(game)
    game.end_turn()
    for n in range(w.N):
        game.state.modifiers.append({"kind": "demand", "n": n, "m": li, "k": 1, "factor": 0.92, "turns": 4,
                                     "source": "ev-slowdown"})
    told = []
    for _ in range(3):
        before = briefing.capture(game)
        game.end_turn()
        told.append({(p.mineral, p.stage): p.causes for p in briefing.price_moves(game, before, prev)})
        prev = before
    cut = "'Subsidies lapse and electric-car sales stall': demand -8%"
    first = told[0][("lithium", "refined")]
    assert [c for c in first if "Subsidies lapse" in c] == [cut], first
    assert not any("Subsidies lapse" in c for moves in told[1:] for causes in moves.values() for c in causes)
    # when it ends, the rise says so once
    for _ in range(3):
        before = briefing.capture(game)
        game.end_turn()
        moves = {(p.mineral, p.stage): p.causes for p in briefing.price_moves(game, before, prev)}
        prev = before
        faded = [c for c in moves.get(("lithium", "refined"), ()) if "Subsidies lapse" in c]
        if faded:
            assert faded == ["the effect of 'Subsidies lapse and electric-car sales stall' wears off"]
            break
    else:
        raise AssertionError("the end of the demand cut was never named")


def test_unrest_is_named_in_the_quarter_it_strikes_and_when_it_wears_off(new_game):
    """Unrest in a producer state cuts its mines' output at once, in the quarter it strikes;
    the price rise it brings names it (it used to show only as 'world output -27%'), and
    the fall when it ends says so too (seed 5: Myanmar in turn 3, over by turn 5)."""
    game = new_game(5)
    prev, told = briefing.start_snapshot(game), {}
    for _ in range(5):
        before = briefing.capture(game)
        report = game.end_turn()
        struck = [e["nation"] for e in report["events"] if e.get("type") == "unrest"]
        for move in briefing.price_moves(game, before, prev):
            told[(game.state.turn, move.mineral, move.stage)] = (struck, move.pct, move.causes)
        prev = before
    struck, pct, causes = told[(3, "dytb", "ore")]
    assert "myanmar" in struck and pct > 50
    assert "unrest in Myanmar: Myanmar loses 40% of its capacity" in causes
    struck, pct, causes = told[(5, "dytb", "ore")]
    assert pct < -50 and "the effect of unrest in Myanmar wears off" in causes


def test_faded_card_effect_is_a_cause_of_the_fall():
    before = _snap(price=2.0, mods=[])
    prev = _snap(price=1.0, mods=[{"kind": "market", "n": -1, "m": 0, "k": 1, "factor": 1.5, "turns": 1,
                                   "source": "quota-season"}])
    found = briefing._faded(_FakeGame(), 0, 1, prev, before)
    assert found == [(-1, "the effect of 'Quota season' wears off")]


def test_dependence_change_text(new_game):
    game = new_game(7)
    before = briefing.capture(game)
    jp, m = game.world.nidx["japan"], game.world.midx["dytb"]
    game.state.coverage[jp, m] = 0.9
    changes = {c.mineral: c for c in briefing.dependence_changes(game, "japan", before)}
    assert changes["dytb"].text().startswith("Dy/Tb: need met 100% → 90%")


@pytest.mark.parametrize("confrontation", [False, True])
def test_score_breakdown_adds_up(new_game, confrontation):
    """The breakdown's parts, each read from the state, add up to the score the ranking uses,
    the confrontation penalty included (it was the remainder, so the sum held by construction)."""
    game = new_game(5)
    for _ in range(3):
        game.end_turn()
    if confrontation:
        w = game.world
        game.state.end_reason = "confrontation"
        game.state.tension_by[:] = 0.0
        game.state.tension_by[w.nidx["eu"]] = 30.0
    sb = briefing.score_breakdown(game, "eu")
    assert sb.penalty == (-35.0 if confrontation else 0.0)
    assert sb.gain == pytest.approx(sb.index_lived - sb.par + sb.objective_points + sb.penalty, abs=1e-3)
    assert sum(sb.weights.values()) == pytest.approx(1.0)
    assert 1 <= sb.rank <= sb.of == len(game.powers)


def test_industry_projects_have_progress(new_game):
    game = new_game(7)
    game.submit("japan", {"action": "build_refinery", "mineral": "dytb"})
    game.end_turn()
    ind = briefing.industry(game, "japan")
    mine = next(p for p in ind.projects if "refinery" in p.name)
    assert mine.total_turns == 10 and mine.turns_left == 9
    assert mine.progress == pytest.approx(0.1)
    assert {s.mineral for s in ind.stocks} == set(game.world.mineral_ids)


def test_world_view_and_market(new_game):
    game = new_game(7)
    wv = briefing.world_view(game, "japan")
    assert [p.id for p in wv.powers] == list(game.powers)
    assert any(c.controller == "china" and c.mineral == "gallium" for c in wv.controls)
    assert len(wv.producers) >= 6
    mk = briefing.market(game, "japan", "dytb", "refined")
    assert mk.producers[0][0] == "China" and mk.producers[0][2] > 0.9
    assert mk.history == [pytest.approx(mk.price)]
    assert all(e != i for e, i, _ in mk.flows)
    game.end_turn()
    assert len(briefing.price_history(game, "dytb", "refined")) == 2
    assert len(briefing.index_history(game)["japan"]) == 2 == len(briefing.tension_history(game))


def test_action_preview_uses_content_figures(new_game):
    game = new_game(7)
    text = briefing.action_preview(game, "japan", {"action": "build_refinery", "mineral": "dytb"})
    assert text.startswith("Costs $0.90 bn and 2 political capital; adds 250 t/yr of Dy/Tb refined")


def test_effect_text_and_sources(new_game):
    game = new_game(7)
    card = game.content.card_index["japan-national-stockpile"]
    assert [briefing.effect_text(game, e) for e in card.effects][0] == "you: Dy/Tb refined stockpile +8 weeks of use"
    sources = briefing.card_sources(game, card)
    claim = next(s for s in sources if s.ref == "s000-c06")
    assert claim.text == game.content.claims["s000-c06"].text


def test_news_log_newest_first(new_game):
    game = new_game(7)
    game.end_turn()
    log = briefing.news_log(game)
    assert [t for t, _, _ in log] == [2, 1]
    assert log[0][2][0]["type"] == "headline"


# --------------------------------------------------------------------------- helpers


class _FakeCard:
    title = "Quota season"


class _FakeContent:
    card_index = {"quota-season": _FakeCard()}


class _FakeGame:
    content = _FakeContent()


def _snap(price: float, mods: list) -> Snapshot:
    z = np.zeros((1, 1, 2))
    return Snapshot(turn=0, price=np.full((1, 2), price), production=z, consumption=z, stocked=z, stock_orders=z,
                    released=z,
                    need=np.zeros((1, 1)), coverage=np.ones((1, 1)), supplier=np.zeros((1, 1), int),
                    supplier_share=np.zeros((1, 1)), weeks=np.zeros((1, 1)), controls_all=np.zeros((1, 1, 2), int),
                    controls_target=np.zeros((1, 1, 2, 1), int), modifiers=mods, index=np.zeros(1), tension=0.0)


def test_objectives_say_where_they_stand_in_their_own_units(new_game):
    """The EU's CRMA extraction target is 0.7% of world output: its standing reads
    '0.0% ≥ 0.7%' (it read '0.0 >= 1%', a figure against a rounded target); shares of
    one's supply read as whole percents."""
    game = new_game(9, "green-race")
    rows = {o.id: o for o in briefing.objectives(game, "eu")}
    standing = {o.metric: o.standing() for o in rows.values()}
    assert standing["mining_share"] == "0.0% ≥ 0.7%"
    assert standing["max_supplier_share"] == "99% ≤ 65%"
    assert all("%" in text for text in standing.values())


def test_the_card_modal_shows_a_claims_data_note(make_session, content):
    """The card browser and the card modal (views.card_markup) show a cited claim's data note
    beside it: s001-c03's price-setting claim is shown with the figures that contradict it."""
    from game.ui.views import card_markup

    session = make_session("standard", "russia", 1)
    card = content.card_index["russia-offer-usa-partnership"]
    shown = " ".join(card_markup(session, card).split())
    claim = content.claims["s001-c03"]
    assert "Against the data:[/] " + claim.data_note.split(" [T1]")[0] in shown


@pytest.mark.parametrize("tension, severity", [(45.0, None), (60.0, "warning"), (80.0, "danger")])
def test_the_tension_alert_says_what_an_escalation_risks(new_game, tension, severity):
    """Above the hazard's threshold the advisers say what a typical escalation (a ban, ~10
    points) risks now, from the engine's own rule."""
    from game.engine.rules import crisis_chance

    game = new_game(5)
    game.state.tension = tension
    found = [a for a in briefing.alerts(game, "japan") if a.text.startswith("Tension")]
    if severity is None:
        assert not found
        return
    (alert,) = found
    assert alert.severity == severity
    hazard = game.world.content.rules.crisis_hazard
    assert f"{crisis_chance(hazard, min(100.0, tension + 10.0), 10.0):.0%}" in alert.text


def test_a_moves_preview_says_what_it_adds_to_tension_and_risks(new_game):
    """The action form's preview states the tension an escalation adds (the engine's own
    actions.control_tension) and, above the hazard's threshold, the rule's chance of tipping
    the world over; a quiet world shows no risk."""
    from game.engine.actions import control_tension
    from game.engine.rules import crisis_chance

    game = new_game(5)
    w, s = game.world, game.state
    ban = {"action": "export_control", "mineral": "dytb", "stage": "refined", "target": "japan", "level": "ban"}
    added = control_tension(w, s, w.nidx["china"], w.midx["dytb"], 1, "ban")
    s.tension = 30.0
    quiet = briefing.action_preview(game, "china", ban)
    assert f"tension +{added:.1f} (30 → {30 + added:.0f})" in quiet and "risk" not in quiet
    s.tension = 70.0
    tense = briefing.action_preview(game, "china", ban)
    risk = crisis_chance(w.content.rules.crisis_hazard, 70.0 + added, added)
    assert tense.endswith(f"risk of confrontation {risk:.0%}.")
    tariff = {"action": "tariff", "mineral": "ndpr", "stage": "refined", "target": "china", "rate": 0.25}
    assert "tension +1.5 (70 → 72)" in briefing.action_preview(game, "usa", tariff)

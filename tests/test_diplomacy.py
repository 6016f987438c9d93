"""Rivals and diplomacy: paired-seed comparisons of what agreements do, and the AI at scale.

Paired runs share content, scenario and seed and differ only in the actions under test;
cards are off where a headline could otherwise diverge the two worlds.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from game.ai.personas import make_players
from game.engine.actions import IllegalAction
from game.engine.game import Game
from game.engine.state import GameState
from game.sim.runner import run_game


def _game(content, seed: int = 11, cards: bool = False) -> Game:
    return Game.new(content, "standard", seed, cards=cards)


def _play(game: Game, turns: int, script: dict[int, list[tuple[str, dict]]]) -> list[dict]:
    reports = []
    for _ in range(turns):
        for power, action in script.get(game.turn, []):
            game.submit(power, action)
        reports.append(game.end_turn())
    return reports


def _ally(game: Game, a: str, b: str, rule: str = "pro_rata") -> None:
    game.submit(a, {"action": "propose", "to": b, "kind": "alliance", "rule": rule})
    offer = game.offers(b)[-1]["id"]
    game.submit(b, {"action": "answer_offer", "offer": offer, "accept": True})


# --------------------------------------------------------------------------- producer states


def test_producer_policies_in_force_from_the_start(content):
    """Indonesia's nickel ore ban (2020), Vietnam's REE ore ban and DR Congo's cobalt quota (2025)."""
    game = _game(content)
    w, s = game.world, game.state
    assert s.controls_all[w.nidx["indonesia"], w.midx["nickel"], 0] == 3
    assert s.controls_all[w.nidx["vietnam"], w.midx["ndpr"], 0] == 3
    assert s.controls_all[w.nidx["drc"], w.midx["cobalt"], 0] == 2


def test_joint_venture_supplies_the_investor_through_the_hosts_ore_ban(content):
    """Vietnam bans ore exports; Japan's JV mine there still ships Japan its share."""
    jv = {"action": "joint_venture", "host": "vietnam", "mineral": "ndpr", "stage": "ore"}
    with_jv, without = _game(content), _game(content)
    with_jv.submit("japan", jv)
    for g in (with_jv, without):
        for _ in range(18):
            g.end_turn()
    w = with_jv.world
    v, j, m = w.nidx["vietnam"], w.nidx["japan"], w.midx["ndpr"]
    shipped = with_jv.state.trade_flows[m, 0, v, j]
    assert shipped > 100, f"the JV ships {shipped:.0f} t a quarter"
    assert without.state.trade_flows[m, 0, v, j] < 1e-6  # the ban holds for everyone else
    assert with_jv.state.imports[j, m, 0] > without.state.imports[j, m, 0] + 100


def test_joint_venture_needs_the_hosts_goodwill(content):
    game = _game(content)
    with pytest.raises(IllegalAction, match="leans 0.05 toward you"):
        game.submit("usa", {"action": "joint_venture", "host": "myanmar", "mineral": "dytb", "stage": "ore"})


def test_unrest_costs_less_inside_an_insurance_pool(content):
    """DR Congo in turmoil; China owns most of the Katanga belt.  Inside a pool with Russia
    (no stakes there) China's loss is shared: it ends richer than alone, premiums included."""
    struck_worlds = 0
    for seed in range(5, 11):
        pooled, alone = _game(content, seed), _game(content, seed)
        for g in (pooled, alone):
            g.state.stability[g.world.nidx["drc"]] = 0.0
        pooled.submit("china", {"action": "propose", "to": "russia", "kind": "insurance"})
        pooled.submit("russia", {"action": "answer_offer", "offer": pooled.offers("russia")[0]["id"],
                                 "accept": True})
        struck = False
        for _ in range(8):
            for g in (pooled, alone):
                report = g.end_turn()
                struck |= any(e["type"] == "unrest" and e["nation"] == "drc" for e in report["events"])
        if not struck:
            continue
        struck_worlds += 1
        china, russia = pooled.world.nidx["china"], pooled.world.nidx["russia"]
        assert pooled.state.treasury[china] > alone.state.treasury[china], f"seed {seed}"
        assert pooled.state.treasury[russia] < alone.state.treasury[russia], f"seed {seed}: Russia paid nothing"
    assert struck_worlds >= 2, f"unrest struck DR Congo in only {struck_worlds} of 6 worlds"


# --------------------------------------------------------------------------- agreements between powers


def test_joint_stockpile_softens_a_members_shortage_during_a_ban(content):
    """China bans refined Dy/Tb to all.  Japan, allied with the US, draws on the joint stock
    the US put in; the same Japan without the alliance goes shorter."""
    buy = ("usa", {"action": "stockpile_buy", "mineral": "dytb", "weeks": 13.0})
    ban = ("china", {"action": "export_control", "mineral": "dytb", "stage": "refined", "target": "all",
                     "level": "ban"})
    give = ("usa", {"action": "alliance_contribute", "mineral": "dytb", "weeks": 20.0})
    allied, alone = _game(content), _game(content)
    _ally(allied, "usa", "japan")
    _play(allied, 4, {1: [buy], 2: [buy], 3: [give, ban]})
    _play(alone, 4, {1: [buy], 2: [buy], 3: [ban]})
    w = allied.world
    j, m = w.nidx["japan"], w.midx["dytb"]
    assert alone.state.coverage[j, m] < 0.95, "the ban should leave Japan short"
    assert allied.state.coverage[j, m] > alone.state.coverage[j, m] + 0.02
    released = [e for e in allied.reports[-1]["events"] if e["type"] == "joint_stockpile"]
    assert released and "Japan" in released[0]["text"]


def test_contract_is_delivered_before_the_open_market_and_paid_at_its_price(content):
    offer = {"action": "propose", "to": "australia", "kind": "offtake", "mineral": "ndpr", "stage": "ore",
             "volume": 1000, "price": 1.5, "years": 2, "role": "buy"}
    game = _game(content)
    game.submit("japan", offer)
    game.submit("australia", {"action": "answer_offer", "offer": game.offers("australia")[0]["id"],
                              "accept": True})
    game.end_turn()
    w = game.world
    a, j, m = w.nidx["australia"], w.nidx["japan"], w.midx["ndpr"]
    assert game.state.trade_flows[m, 0, a, j] >= 250 - 1e-6  # a quarter of 1,000 t/yr
    [contract] = game.agreements("japan")
    assert contract["kind"] == "offtake" and contract["until"] == 8


def test_breaking_a_contract_costs_reputation_tension_and_relations(content):
    offer = {"action": "propose", "to": "australia", "kind": "offtake", "mineral": "ndpr", "stage": "ore",
             "volume": 1000, "price": 1.0, "years": 3, "role": "buy"}
    ban = {"action": "export_control", "mineral": "ndpr", "stage": "ore", "target": "japan", "level": "ban"}
    kept, broken = _game(content), _game(content)
    for g in (kept, broken):
        g.submit("japan", offer)
        g.submit("australia", {"action": "answer_offer", "offer": g.offers("australia")[0]["id"], "accept": True})
        g.end_turn()
    broken.submit("australia", ban)
    kept.end_turn()
    report = broken.end_turn()
    w = kept.world
    a, j = w.nidx["australia"], w.nidx["japan"]
    assert any(e["type"] == "contract_broken" for e in report["events"])
    assert not broken.agreements("japan") and kept.agreements("japan")
    assert broken.state.reputation[a] <= kept.state.reputation[a] - 14
    assert broken.state.relations[j, a] < kept.state.relations[j, a] - 15
    # walking away is a breach too
    kept.submit("australia", {"action": "cancel_agreement", "agreement": kept.agreements("japan")[0]["id"]})
    assert kept.state.reputation[a] < broken.state.reputation[a] + 15 - 14


def test_sanctions_cut_trade_both_ways(content):
    sanction = ("usa", {"action": "sanction", "target": "china"})
    free, cut = _game(content), _game(content)
    _play(free, 2, {})
    _play(cut, 2, {1: [sanction]})
    w = free.world
    u, c = w.nidx["usa"], w.nidx["china"]
    for e, i in ((c, u), (u, c)):
        before = free.state.trade_flows[:, :, e, i].sum()
        after = cut.state.trade_flows[:, :, e, i].sum()
        assert before > 10, "the pair should trade without sanctions"
        assert after < 0.001 * before, f"{w.nation_ids[e]} -> {w.nation_ids[i]}: {after:.2f} t of {before:.0f}"
    assert cut.state.tension > free.state.tension
    with pytest.raises(IllegalAction, match="sanctions are in force"):
        cut.submit("usa", {"action": "propose", "to": "china", "kind": "summit"})


def test_offers_lapse_unanswered_and_refusals_cost_a_little_goodwill(content):
    game = _game(content)
    game.submit("japan", {"action": "propose", "to": "india", "kind": "summit"})
    game.end_turn()
    assert game.offers("india"), "an offer stays open through the next turn"
    report = game.end_turn()
    assert not game.offers("india")
    assert any(e["type"] == "offer_lapsed" for e in report["events"])
    game.submit("japan", {"action": "propose", "to": "india", "kind": "summit"})
    w = game.world
    before = game.state.relations[w.nidx["japan"], w.nidx["india"]]
    game.submit("india", {"action": "answer_offer", "offer": game.offers("india")[0]["id"], "accept": False})
    assert game.state.relations[w.nidx["japan"], w.nidx["india"]] < before


def test_summit_lowers_tension_and_certification_gates_uncertified_imports(content):
    game = _game(content)
    tension = game.state.tension
    game.submit("japan", {"action": "propose", "to": "china", "kind": "summit"})
    game.submit("china", {"action": "answer_offer", "offer": game.offers("china")[0]["id"], "accept": True})
    assert game.state.tension < tension - 4
    with pytest.raises(IllegalAction, match="environmental standard"):
        game.submit("china", {"action": "propose", "to": "japan", "kind": "certification"})


def test_bad_proposals_get_clear_messages(content):
    game = _game(content)
    cases = [
        ({"action": "propose", "to": "japan", "kind": "summit"}, "needs another power"),
        ({"action": "propose", "to": "india", "kind": "offtake", "volume": 10}, "missing 'mineral'"),
        ({"action": "propose", "to": "india", "kind": "summit", "mineral": "ndpr"}, "takes no 'mineral'"),
        ({"action": "propose", "to": "india", "kind": "treaty"}, "unknown kind of offer 'treaty'"),
        ({"action": "answer_offer", "offer": "o99", "accept": True}, "no open offer 'o99'"),
        ({"action": "answer_offer", "offer": "o1", "accept": "yes"}, "must be true or false"),
        ({"action": "joint_venture", "host": "narnia", "mineral": "ndpr", "stage": "ore"}, "unknown producer state"),
    ]
    for action, message in cases:
        with pytest.raises(IllegalAction, match=message):
            game.submit("japan", action)


# --------------------------------------------------------------------------- the AI


@pytest.mark.parametrize("weaker, seeds, min_wins, min_gain", [
    ("easy", range(2), 11, 0.3),  # bench/personas.py, seeds 0-9: 66 of 70 pairs, mean +2.19
    # seeds 100-119: 97 of 140 (69%), mean +0.57; 28 pairs cannot tell that from the +0.17 of
    # the old hard level (noise 0.05), so this only holds hard ahead of normal at all
    ("normal", range(300, 304), 15, 0.0),
])
def test_hard_ai_beats_weaker_levels_on_paired_seeds(content, weaker, seeds, min_wins, min_gain):
    """Same seed, same rivals (normal); the power under test, each power in turn, plays its
    persona hard or at the weaker level."""
    wins, gains = 0, []
    for seed in seeds:
        for power in content.scenarios["standard"].powers:
            persona = content.personas.defaults[power]
            hard = run_game(content, "standard", seed, controls={power: f"{persona}:hard"}, record=False)
            other = run_game(content, "standard", seed, controls={power: f"{persona}:{weaker}"}, record=False)
            gain = hard.game.scores()[power] - other.game.scores()[power]
            gains.append(gain)
            wins += gain > 0
    assert wins >= min_wins, f"hard won only {wins} of {len(gains)} pairs against {weaker}"
    assert np.mean(gains) > min_gain, f"mean gain of hard over {weaker} {np.mean(gains):+.2f}"


def test_ai_games_never_submit_an_illegal_action_and_replay_exactly(content):
    """500 AI-vs-AI games with every persona and level: every action the AIs submit is legal,
    and a rerun of a sample reproduces every turn's hash."""
    personas = [p.id for p in content.personas.personas]
    levels = ["easy", "normal", "hard"]
    scenario = content.scenarios["classroom-intro"]
    refused: list[str] = []
    hashes = {}
    kinds: set[str] = set()
    for seed in range(500):
        controls = {p: f"{personas[(seed + i) % 5]}:{levels[(seed + 2 * i) % 3]}"
                    for i, p in enumerate(scenario.powers)}
        game = Game.new(content, scenario.id, seed)
        players = make_players(game, controls)
        submit = game.submit

        def checked(power, action, _submit=submit, seed=seed):
            try:
                return _submit(power, action)
            except IllegalAction as exc:  # pragma: no cover - the failure this test looks for
                refused.append(f"seed {seed} {power} {action}: {exc}")
                raise
        game.submit = checked
        while not game.is_over:
            for p in game.powers:
                kinds.update(d.action["action"] for d in players[p].play(game))
            game.end_turn(report=False)
        hashes[seed] = list(game.turn_hashes)
        if seed % 5 == 0:  # what a save holds (JSON) hashes as the live state does
            saved = GameState.from_dict(json.loads(json.dumps(game.state.to_dict())))
            assert saved.state_hash() == game.state.state_hash(), f"seed {seed}: the saved state hashes otherwise"
    assert not refused, refused[:3]
    assert {"propose", "answer_offer", "joint_venture", "alliance_contribute"} <= kinds
    for seed in range(0, 500, 50):
        record = run_game(content, scenario.id, seed, record=False, controls={
            p: f"{personas[(seed + i) % 5]}:{levels[(seed + 2 * i) % 3]}" for i, p in enumerate(scenario.powers)})
        assert record.game.turn_hashes == hashes[seed], f"seed {seed} did not replay"


def test_ai_made_mid_game_plays_on_as_if_it_had_been_there(content):
    """A game loaded from a save gets new AI players; their luck is keyed by turn, so the
    game goes on exactly as the one played straight through."""
    def play(rebuild_at: int | None) -> list[str]:
        game = Game.new(content, "standard", 4)
        players = make_players(game)
        for turn in range(1, 9):
            if turn == rebuild_at:
                players = make_players(game)
            for p in game.powers:
                players[p].play(game)
            game.end_turn(report=False)
        return game.turn_hashes

    assert play(None) == play(5)


def test_an_ai_joint_venture_with_its_own_supplier_says_so(content):
    """An AI often co-invests in the very producer it depends on (Australia in Malaysia for
    NdPr, Japan in Chile for lithium).  Its reason says it buys a stake in that source, not
    'NdPr dependence on Malaysia 100%' as if the JV were a way around Malaysia."""
    names = {n.id: n.name for n in content.nations}
    jvs = [d for d in run_game(content, "standard", 1, turns=6).decisions if d["action"]["action"] == "joint_venture"]
    with_supplier = [d["reason"] for d in jvs if "a stake in the source of" in d["reason"]]
    assert "JV in Malaysia: a stake in the source of 100% of our NdPr" in with_supplier
    for d in jvs:
        assert f"dependence on {names[d['action']['host']]}" not in d["reason"], d
    assert any("dependence on China" in d["reason"] for d in jvs)  # JVs to get around China keep their reason


def test_ai_sanctions_only_an_openly_hostile_power(content):
    """A leverage AI (China) offers sanctions on no one while it is merely cool with the US (relations
    -40 at the start, -50 after a licence or two); once relations fall to open hostility it weighs sanctions on the US.
    2024-25 saw bans and licences on single minerals between China and the US, never sanctions on
    all trade (R65, R67, R70); Russia, hostile to Europe from the start, may sanction it."""
    game = _game(content, seed=3)
    players = make_players(game)
    w = game.world
    china, usa = w.nidx["china"], w.nidx["usa"]

    def sanctions(power: str) -> list[str]:
        return [o.action["target"] for o in players[power].options(game) if o.action["action"] == "sanction"]

    assert game.state.relations[china, usa] >= -40.0
    assert sanctions("china") == []
    game.state.relations[china, usa] = -50.0  # after a licence or two: rivals, not enemies
    assert sanctions("china") == []
    game.state.relations[china, usa] = -70.0
    assert sanctions("china") == ["usa"]
    assert sanctions("russia") == ["eu"]

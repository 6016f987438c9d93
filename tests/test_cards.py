"""Cards: the digest they cite, every effect type, the deck mechanics, browsing, broken cards."""

import re
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.content import ContentError, load_content, schema
from game.engine.actions import IllegalAction
from game.engine.cards import deck_for, era_of
from game.engine.effects import apply_effects, modifier_factors
from game.engine.game import Game

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- the digest


def test_digest_has_one_file_per_essay_with_typed_claims(content):
    assert len(content.seeds) == 4
    for digest in content.seeds:
        assert digest.title and digest.summary and digest.date and digest.publisher
        numbers = [int(c.id.split("-c")[1]) for c in digest.claims]
        assert numbers == list(range(1, len(numbers) + 1)), f"{digest.id}: claim ids must run 01, 02, ..."
        assert all(c.id.startswith(digest.id + "-c") for c in digest.claims)
        assert {c.type for c in digest.claims} <= {"fact", "figure", "event", "mechanic", "actor"}


def test_russia_monopoly_claim_is_flagged_against_the_data(content):
    note = content.claims["s001-c03"].data_note
    assert note and ("1%" in note or "2,500" in note)


def test_every_claim_is_used_or_marked_context_only(content):
    cited = set()
    for path in (ROOT / "content").rglob("*.yaml"):
        cited.update(re.findall(r"s\d{3}-c\d{2}", path.read_text()))
    unused = [c.id for c in content.claims.values() if c.id not in cited and not c.context_only]
    assert not unused, f"claims neither cited by a card or mechanic nor marked context_only: {unused}"


def test_no_sentence_of_the_essays_is_copied(content):
    """No run of 8 words from an essay appears in a claim or a card text.  The essays' runs are
    kept as digests (tests/essay_shingles.py), so this runs without the essays beside the
    checkout; where they are, the digests must be theirs."""
    from essay_shingles import ESSAYS, digest, essay_digests, shingles, stored_digests

    essays = stored_digests()
    assert len(essays) > 1000
    if ESSAYS.is_dir():
        assert essays == essay_digests(), "tests/data/essay_shingles.txt is stale: run tests/essay_shingles.py"
    ours = [c.text for c in content.claims.values()] + [c.text for c in content.cards]
    copied = [t[:60] for t in ours if {digest(r) for r in shingles(t)} & essays]
    assert not copied, f"texts sharing 8 consecutive words with an essay: {copied}"


# ---------------------------------------------------------------- the deck


def test_enough_cards_of_each_kind_citing_sources(content):
    kinds = [c.kind for c in content.cards]
    assert kinds.count("world") >= 40 and kinds.count("policy") >= 30 and kinds.count("crisis") >= 10
    for power in content.power_ids:
        assert sum(1 for c in content.cards if c.kind == "policy" and power in c.powers) >= 3, power
    assert all(c.sources for c in content.cards)
    for c in content.cards:
        if c.kind == "crisis":
            assert any(cond.tension_at_least for cond in c.conditions), f"{c.id}: a crisis needs a tension threshold"
    assert sum(1 for c in content.cards if c.trigger) >= 6


def test_a_headline_every_turn_and_full_hands(content):
    game = Game.new(content, "standard", 3)
    for _ in range(8):
        assert game.headline is not None
        for p in game.powers:
            assert len(game.hand(p)) == game.world.scenario.hand_size or not deck_for(game.world).policy_pile0[p]
        game.end_turn()


def test_eras_gate_the_cards(content, new_game):
    game = new_game(4)
    deck = deck_for(game.world)
    assert era_of(game.world, 1) == "early" and era_of(game.world, 20) == "middle" and era_of(game.world, 40) == "late"
    early_only = [cid for cid, cc in deck.cards.items() if cc.eras == {"early"} and not cc.dynamic]
    late_only = [cid for cid, cc in deck.cards.items() if cc.eras == {"late"}]
    assert early_only and late_only
    assert not set(late_only) & deck.in_season(1)
    assert not set(early_only) & deck.in_season(40)


def test_once_cards_leave_the_game_and_the_rest_reshuffle(content):
    game = Game.new(content, "standard", 6)
    seen = []
    for _ in range(40):
        seen.append(game.headline.id if game.headline else None)
        if game.is_over:
            break
        game.end_turn()
    d = game.state.deck
    once = {cid for cid in seen if cid and content.card_index[cid].once}
    assert once and once <= set(d["removed"])
    repeated = {cid for cid in seen if cid and seen.count(cid) > 1}
    assert all(not content.card_index[cid].once for cid in repeated)
    assert repeated, "over 40 turns the discard pile comes back into the deck"


def test_an_export_ban_brings_its_triggered_cards_into_the_deck(content):
    game = Game.new(content, "standard", 2)
    triggered = deck_for(game.world).by_trigger["export_ban"]
    assert not set(triggered) & set(game.state.deck["pile"])
    game.submit("china", {"action": "export_control", "mineral": "dytb", "stage": "refined", "target": "all",
                          "level": "ban"})
    game.end_turn()
    d = game.state.deck
    assert set(triggered) <= set(d["pile"]) | set(d["discard"]) | set(d["removed"])


def test_playing_a_policy_card_pays_its_cost_and_applies_it(content):
    """A policy card that costs money and political capital and moves no treasury itself is
    paid exactly; it leaves the hand and its line names it."""
    game = Game.new(content, "standard", 9)
    japan = game.world.nidx["japan"]
    card = next(c for c in content.cards if c.kind == "policy" and not c.choices and c.cost.treasury > 0
                and c.cost.political_capital > 0 and (not c.powers or "japan" in c.powers)
                and all(e.type != "treasury" for e in c.effects))
    game.state.deck.setdefault("hands", {}).setdefault("japan", []).append(card.id)
    action = {"action": "play_card", "card": card.id}
    money, pc = float(game.state.treasury[japan]), float(game.state.political_capital[japan])
    event = game.submit("japan", action)
    assert card.id not in [c.id for c in game.hand("japan")]
    assert game.state.treasury[japan] == pytest.approx(money - card.cost.treasury, abs=1e-9)
    assert game.state.political_capital[japan] == pytest.approx(pc - card.cost.political_capital, abs=1e-9)
    assert card.title in event["text"]
    with pytest.raises(IllegalAction, match="not in japan's hand"):
        game.submit("japan", action)


def test_choices_are_answered_or_defaulted(content):
    for seed in range(60):
        game = Game.new(content, "standard", seed)
        for _ in range(6):
            pending = {p: game.pending_choice(p) for p in game.powers if game.pending_choice(p)}
            if pending:
                power, card = next(iter(pending.items()))
                with pytest.raises(IllegalAction, match="has no choice"):
                    game.submit(power, {"action": "choose", "card": card.id, "choice": "no-such-choice"})
                game.end_turn()  # nobody answered: the first affordable choice is taken
                assert game.pending_choice(power) is None or game.pending_choice(power).id != card.id
                assert any(a.power == power and a.action["action"] == "choose" for a in game.log)
                return
            game.end_turn()
    pytest.fail("no headline with a choice came up in 60 seeds")


def test_cards_off_plays_the_bare_economy(content):
    game = Game.new(content, "standard", 1, cards=False)
    assert game.headline is None and not game.hand("usa")


# ---------------------------------------------------------------- every effect type


def _game(content):
    return Game.new(content, "standard", 1, cards=False)


EFFECT_CASES = {
    "price_shock": ({"mineral": "lithium", "stage": "refined", "multiple": 2.0, "turns": 2},
                    lambda g0, g1, w: g1.state.price[w.midx["lithium"], 1]
                    > 1.5 * g0.state.price[w.midx["lithium"], 1]),
    "demand_shift": ({"mineral": "cobalt", "nation": "japan", "pct": 50, "turns": 0},
                     lambda g0, g1, w: g1.state.demand[w.nidx["japan"], w.midx["cobalt"]]
                     > 1.4 * g0.state.demand[w.nidx["japan"], w.midx["cobalt"]]),
    "capacity_loss": ({"nation": "drc", "mineral": "cobalt", "stage": "ore", "pct": 50, "turns": 2},
                      lambda g0, g1, w: g1.state.production[w.nidx["drc"], w.midx["cobalt"], 0]
                      < 0.6 * g0.state.production[w.nidx["drc"], w.midx["cobalt"], 0]),
    "export_control": ({"controller": "china", "mineral": "ndpr", "stage": "refined", "target": "all", "level": "ban"},
                       lambda g0, g1, w: g1.state.controls_all[w.nidx["china"], w.midx["ndpr"], 1] == 3),
    "relation_change": ({"nation": "japan", "other": "china", "delta": -20},
                        lambda g0, g1, w: g1.state.relations[w.nidx["japan"], w.nidx["china"]]
                        < g0.state.relations[w.nidx["japan"], w.nidx["china"]] - 15),
    "tension": ({"delta": 10}, lambda g0, g1, w: g1.state.tension > g0.state.tension + 8),
    "treasury": ({"nation": "self", "delta": 2.5},
                 lambda g0, g1, w: g1.state.treasury[w.nidx["eu"]] > g0.state.treasury[w.nidx["eu"]] + 2.0),
    "political_capital": ({"nation": "eu", "delta": -10},
                          lambda g0, g1, w: g1.state.political_capital[w.nidx["eu"]]
                          < g0.state.political_capital[w.nidx["eu"]] - 4),
    "technology": ({"nation": "india", "field": "recycling", "delta": 1},
                   lambda g0, g1, w: g1.state.tech[w.nidx["india"], 2] == g0.state.tech[w.nidx["india"], 2] + 1),
    "social_licence": ({"nation": "australia", "delta": -15},
                       lambda g0, g1, w: g1.state.social_licence[w.nidx["australia"]]
                       < g0.state.social_licence[w.nidx["australia"]] - 10),
    "stockpile": ({"nation": "usa", "mineral": "dytb", "stage": "refined", "weeks": 10},
                  lambda g0, g1, w: g1.state.stockpile[w.nidx["usa"], w.midx["dytb"], 1]
                  > g0.state.stockpile[w.nidx["usa"], w.midx["dytb"], 1]),
    "project": ({"nation": "vietnam", "owner": "japan", "mineral": "ndpr", "stage": "refined", "capacity": 3000,
                 "turns": 1, "name": "Japan-Vietnam separation plant"},
                lambda g0, g1, w: "Japan-Vietnam separation plant" in g1.state.fac_names),
    "unlock_card": ({"card": "panic-buying"}, lambda g0, g1, w: "panic-buying" in
                    g1.state.deck["pile"] + g1.state.deck["discard"]),
    "remove_card": ({"card": "drc-cobalt-quotas"}, lambda g0, g1, w: "drc-cobalt-quotas" in g1.state.deck["removed"]),
}


def test_every_effect_type_has_a_case():
    assert set(EFFECT_CASES) == set(schema.EFFECT_TYPES)


@pytest.mark.parametrize("kind", sorted(EFFECT_CASES))
def test_effect_type(content, kind):
    params, holds = EFFECT_CASES[kind]
    effect = schema.Card.model_validate({
        "id": "t", "title": "t", "text": "a card made up for this test only", "kind": "world", "era": ["early"],
        "effects": [{"type": kind, **params}], "sources": ["s000-c01"]}).effects[0]
    base, hit = _game(content), _game(content)
    if kind in ("unlock_card", "remove_card"):
        hit.state.deck = deck_for(hit.world).new_state()
    apply_effects(hit.world, hit.state, [effect], hit.world.nidx["eu"], "test", deck_for(hit.world))
    base.end_turn()
    hit.end_turn()
    assert holds(base, hit, hit.world), f"{kind} had no visible effect"


def test_temporary_effects_wear_off(content):
    game = _game(content)
    effect = schema.Card.model_validate({
        "id": "t", "title": "t", "text": "a card made up for this test only", "kind": "world", "era": ["early"],
        "effects": [{"type": "capacity_loss", "nation": "china", "mineral": "graphite", "stage": "ore", "pct": 40,
                     "turns": 2}], "sources": ["s000-c01"]}).effects[0]
    apply_effects(game.world, game.state, [effect], None, "test")
    assert modifier_factors(game.world, game.state)[2].min() == pytest.approx(0.6)
    game.end_turn()
    game.end_turn()
    assert not game.state.modifiers


# ---------------------------------------------------------------- browsing


def test_cards_command_lists_shows_and_filters(capsys):
    assert main(["cards"]) == 0
    out = capsys.readouterr().out
    assert "drc-cobalt-export-ban" in out and "cards" in out.splitlines()[-1]
    assert main(["cards", "--id", "drc-cobalt-export-ban"]) == 0
    out = capsys.readouterr().out
    assert "sources:" in out and "2025-02-22" in out and "defined at content/cards/" in out
    assert main(["cards", "--source", "s003-c04"]) == 0
    out = capsys.readouterr().out
    assert "s003-c04:" in out and "citing s003-c04" in out
    assert main(["cards", "--id", "drc-cobalt-export-bann"]) == 2
    assert "did you mean 'drc-cobalt-export-ban'" in capsys.readouterr().err


# ---------------------------------------------------------------- broken cards

GOOD = """cards:
  - id: test-card
    title: "A test card"
    text: "A card that exists only to be broken by the tests."
    kind: world
    era: [early]
    weight: 2
    effects:
      - {type: tension, delta: 3}
    sources: [s000-c01]
"""

BROKEN = [
    ("era: [early]", "era: [dawn]", r"era\[0\]: Input should be 'early', 'middle' or 'late'"),
    ("kind: world", "kind: weather", r"kind: Input should be 'world', 'policy' or 'crisis'"),
    ("{type: tension, delta: 3}", "{type: tensoin, delta: 3}",
     r"unknown effect type 'tensoin'; did you mean 'tension'"),
    ("{type: tension, delta: 3}", "{type: tension}", r"effects\[0\]\.delta: missing required field"),
    ("{type: tension, delta: 3}", "{type: tension, delta: 300}", r"effects\[0\]\.delta: Input should be less than"),
    ("{type: tension, delta: 3}", "{type: price_shock, mineral: unobtanium, stage: ore, multiple: 2}",
     r"effects\[0\]\.mineral: unknown mineral 'unobtanium'"),
    ("{type: tension, delta: 3}", "{type: treasury, nation: atlantis, delta: 1}",
     r"effects\[0\]\.nation: unknown nation 'atlantis'"),
    ("{type: tension, delta: 3}", "{type: unlock_card, card: no-such-card}", r"effects\[0\]\.card: unknown card"),
    ("sources: [s000-c01]", "sources: []", r"sources: List should have at least 1 item"),
    ("sources: [s000-c01]", "sources: [s000-c99]", r"sources\[0\]: unknown claim 's000-c99'"),
    ("    weight: 2\n", "    weight: 2\n    colour: red\n", r"colour: unknown field"),
    ('text: "A card that exists only to be broken by the tests."', "text: short", r"text: String should have at least"),
    ("kind: world", "kind: policy", r"powers: a policy card must name the powers"),
    ("    effects:\n      - {type: tension, delta: 3}\n", "", r"a card needs effects or choices"),
]


@pytest.mark.parametrize("old,new,expected", BROKEN, ids=[re.sub(r"\W+", "_", b[2])[:40] for b in BROKEN])
def test_broken_card_names_file_line_path_and_problem(tmp_path, old, new, expected):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    (tmp_path / "content" / "cards" / "zz-broken.yaml").write_text(text)
    with pytest.raises(ContentError) as exc:
        load_content(tmp_path / "content")
    problems = [str(p) for p in exc.value.problems]
    hits = [p for p in problems if p.startswith("content/cards/zz-broken.yaml:") and re.search(expected, p)]
    assert hits, f"expected /{expected}/ in:\n" + "\n".join(problems)
    line = int(hits[0].split(":")[1])
    assert 2 <= line <= 14


def test_a_claim_the_data_contradicts_is_shown_with_its_data_note(content, capsys):
    """s001-c03 (an essay's claim that Russia sets world prices) is contradicted by the data:
    every place that shows the claim shows its data note beside it."""
    from game.cli import main
    from game.sim.briefing import card_sources
    from game.sim.cardtext import card_block

    claim = content.claims["s001-c03"]
    assert claim.data_note.startswith("Not supported for rare earths")
    card = content.card_index["russia-offer-usa-partnership"]
    game = Game.new(content, "standard", 1)
    (line,) = [s for s in card_sources(game, card) if s.ref == "s001-c03"]
    assert line.text == claim.text and line.data_note == claim.data_note
    shown = " ".join(card_block(content, card).split())
    assert f"s001-c03: {claim.text} against the data: {claim.data_note}" in shown
    assert main(["cards", "--source", "s001-c03"]) == 0
    assert f"against the data: {claim.data_note}" in capsys.readouterr().out

"""A card tightens export controls; it never quietly loosens one (findings/stakes.md, cause 2).

On eab9740 China's own `china-customs-slowdown` (a licence on refined NdPr and Dy/Tb to Japan)
overwrote a ban in force, so a scripted whole-game ban ended at turns 3-31 in 5 of 8 seeds."""

from __future__ import annotations

from game.engine.effects import apply_effects
from game.engine.game import Game
from game.engine.world import LEVEL_INDEX


def _slowdown(game: Game) -> list[str]:
    card = game.world.content.card_index["china-customs-slowdown"]
    return apply_effects(game.world, game.state, list(card.effects), game.world.nidx["china"], card.id, None)


def test_a_licence_card_leaves_a_ban_standing(content):
    game = Game.new(content, "standard", seed=1)
    w, s = game.world, game.state
    c, j = w.nidx["china"], w.nidx["japan"]
    for mineral in ("ndpr", "dytb"):
        game.submit("china", {"action": "export_control", "mineral": mineral, "stage": "refined",
                              "target": "japan", "level": "ban"})
    lines = _slowdown(game)
    for mineral in ("ndpr", "dytb"):
        assert s.controls_target[c, w.midx[mineral], 1, j] == LEVEL_INDEX["ban"], mineral
    kept = [line for line in lines if "keeps its export ban" in line]
    assert len(kept) == 2, lines
    assert "stricter than the card's licence" in kept[0]


def test_a_licence_card_still_tightens_where_nothing_stricter_stands(content):
    game = Game.new(content, "standard", seed=1)
    w, s = game.world, game.state
    c, j = w.nidx["china"], w.nidx["japan"]
    _slowdown(game)
    for mineral in ("ndpr", "dytb"):
        assert s.controls_target[c, w.midx[mineral], 1, j] == LEVEL_INDEX["licence"], mineral


def test_a_scripted_ban_lasts_through_the_controllers_own_cards(content):
    """The README's scripted ban, held over a whole standard game with every AI at normal:
    every quarter's end still has the ban in force (China's AI may draw and play its licence
    cards meanwhile)."""
    from game.sim.runner import ScriptedAction, run_game

    script = [ScriptedAction(1, "china", {"action": "export_control", "mineral": mineral, "stage": "refined",
                                          "target": "japan", "level": "ban"}, "test")
              for mineral in ("ndpr", "dytb")]
    held: list[bool] = []

    def check(game: Game, report: dict) -> None:
        w, s = game.world, game.state
        c, j = w.nidx["china"], w.nidx["japan"]
        held.append(all(s.controls_target[c, w.midx[m], 1, j] == LEVEL_INDEX["ban"] for m in ("ndpr", "dytb")))

    for seed in (0, 5, 6, 7):
        held.clear()
        run_game(content, "standard", seed, turns=16, script=script, on_turn=check, record=False)
        assert held and all(held), (seed, held)

"""The lessons harness (game.sim.lessons, `terra-rara lessons`): its statistics, its arms'
mechanisms and its command.  The lessons' own gates are statistical and run in the command
(docs/lessons.md has the figures), not here."""

from __future__ import annotations

import json
import math

import pytest

from game.cli import main
from game.sim.lessons import LESSONS, Arm, Estimate, Figure, ban, play_arm, stock_weeks_at_start, t975


def test_an_estimate_is_the_mean_with_students_interval():
    e = Estimate.of([1.0, 2.0, 3.0, 4.0])
    half = 3.182 * math.sqrt(5 / 3) / 2  # t(3) x sd / sqrt(n)
    assert (e.mean, e.n) == (2.5, 4)
    assert e.low == pytest.approx(2.5 - half) and e.high == pytest.approx(2.5 + half)
    assert t975(1) == 12.706 and t975(35) == 2.021 and t975(1000) == 1.96


@pytest.mark.parametrize("op, low, high, passed", [
    ("<=", -7.0, -5.5, True), ("<=", -7.0, -4.0, False),   # the whole interval must clear the gate
    (">=", 0.1, 2.0, True), (">=", -0.1, 2.0, False),
    ("reaches", -2.0, 0.0, True), ("reaches", -2.0, -0.1, False),  # no significant loss
])
def test_a_gate_is_judged_on_the_whole_interval(op, low, high, passed):
    f = Figure("x", Estimate((low + high) / 2, low, high, 1.0, 40), op, -5.0 if op == "<=" else 0.0)
    assert f.passed is passed


def test_a_ban_arm_holds_the_ban_for_its_window_and_then_lifts_it(content, monkeypatch):
    """The intervention is the engine's own action, put back if the controller's AI lifted it,
    and lifted when the window ends; every other power plays its AI."""
    from game.engine.game import Game

    seen: list[int] = []
    arm = Arm("ban", moves=ban("china", "japan", ("dytb",), 2, 3))

    def level_after(game: Game) -> None:
        w = game.world
        seen.append(int(game.state.controls_target[w.nidx["china"], w.midx["dytb"], 1, w.nidx["japan"]]))

    from game.sim import runner

    real = runner.run_game

    def watched(*args, after_turn=None, **kwargs):
        def both(game):
            after_turn(game)
            level_after(game)
        return real(*args, after_turn=both, **kwargs)

    monkeypatch.setattr(runner, "run_game", watched)
    out = play_arm(content, arm, 6, seed=3)
    assert seen[1:4] == [3, 3, 3] and seen[4] == 0, seen
    assert len(out.index) == 6 and set(out.scores) == set(Game.new(content, "standard", 3).powers)


def test_a_stockpile_arm_starts_with_the_weeks_it_names(content):
    from game.engine.game import Game
    from game.engine.rules import stock_weeks

    game = Game.new(content, "standard", 1)
    stock_weeks_at_start("japan", 26.0, ("ndpr", "dytb"), game)
    w = game.world
    weeks = stock_weeks(game.state)[w.nidx["japan"]]
    assert weeks[w.midx["ndpr"]] == pytest.approx(26.0) and weeks[w.midx["dytb"]] == pytest.approx(26.0)


def test_every_lesson_names_its_arms_once():
    for lesson in LESSONS:
        names = [a.name for a in lesson.arms]
        assert len(names) == len(set(names)) >= 2, lesson.id


@pytest.mark.parametrize("argv, message", [
    (["lessons", "--seeds", "1"], "--seeds must be at least 2"),
    (["lessons", "--lesson", "dependance"], "unknown lesson 'dependance'"),
    (["lessons", "--first", "-1"], "--first must be 0 or more"),
])
def test_bad_flags_get_one_message(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_the_command_prints_and_writes_the_figures(tmp_path, capsys):
    out = tmp_path / "figures.json"
    code = main(["lessons", "--seeds", "2", "--lesson", "dependence", "--workers", "1", "--json", str(out)])
    printed = capsys.readouterr().out
    data = json.loads(out.read_text())
    (lesson,) = data["lessons"]
    assert code == (0 if lesson["passed"] else 1)
    assert lesson["id"] == "dependence" and lesson["seeds"] == [0, 2] and len(lesson["figures"]) == 2
    assert all(f["n"] == 2 and f["low"] <= f["mean"] <= f["high"] for f in lesson["figures"])
    assert "Dependence is vulnerability" in printed and "95%" in printed

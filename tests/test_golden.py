"""Golden playthroughs: two seeded standard games written out turn by turn.

A rule change that alters play shows up as a diff of these files in review.
Regenerate deliberately with:  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

import difflib
import os
from pathlib import Path

import pytest

from game.sim.report import summary_lines, turn_lines
from game.sim.runner import run_game

GOLDEN = Path(__file__).parent / "golden"


def playthrough(content, seed):
    lines = [f"# standard scenario, seed {seed}, all powers on the built-in bot"]
    run_game(content, "standard", seed, on_turn=lambda g, r: lines.extend(turn_lines(g, r, with_hash=True)))
    # the summary needs the finished game: replay is cheap and proves the run repeats
    game = run_game(content, "standard", seed, record=False).game
    return "\n".join(lines + summary_lines(game)) + "\n"


@pytest.mark.parametrize("seed", [1, 2])
def test_golden_playthrough(content, seed):
    path = GOLDEN / f"standard-seed-{seed}.txt"
    text = playthrough(content, seed)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text)
    assert path.exists(), f"{path} missing: run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text()
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            str(path), "this run", n=1))
        pytest.fail(f"playthrough changed (if intended, regenerate with UPDATE_GOLDEN=1):\n{diff[:6000]}")

"""The golden playthroughs: two seeded standard games, written out turn by turn.

Each golden is two files: ``standard-seed-N.txt``, what a reviewer reads (prices, news,
decisions and shortages each turn, the final ranking), and ``standard-seed-N.hashes``, the
state hash of every turn and of the end. A rule change that alters play shows as a diff of
the text where a reader can judge it, and as the first turn whose hash moved.

tests/test_golden.py only compares; the files are rewritten by tests/golden/regenerate.py,
which says what changed and refuses to run under CI.
"""

from __future__ import annotations

from pathlib import Path

from game.content import Content
from game.sim.report import summary_lines, turn_lines
from game.sim.runner import run_game

GOLDEN = Path(__file__).parent / "golden"
SEEDS = (1, 2)


def paths(seed: int, folder: Path = GOLDEN) -> tuple[Path, Path]:
    return folder / f"standard-seed-{seed}.txt", folder / f"standard-seed-{seed}.hashes"


def playthrough(content: Content, seed: int) -> tuple[str, str]:
    """(the text, the hashes) of the standard game of ``seed``, every power on its AI."""
    lines = [f"# standard scenario, seed {seed}, all powers on the built-in bot"]
    rec = run_game(content, "standard", seed, on_turn=lambda g, r: lines.extend(turn_lines(g, r)))
    game = rec.game
    summary = summary_lines(game)
    final = [s for s in summary if s.startswith("final state hash")]
    text = "\n".join(lines + [s for s in summary if s not in final]) + "\n"
    hashes = "\n".join([f"turn {t:>2} {h}" for t, h in enumerate(game.turn_hashes, start=1)]
                       + [f"final   {game.state_hash()}"]) + "\n"
    # the summary needs the finished game: a second run proves the game repeats exactly
    again = run_game(content, "standard", seed, record=False).game
    if again.turn_hashes != game.turn_hashes:
        raise AssertionError(f"seed {seed}: a second run of the same game gave other hashes")
    return text, hashes

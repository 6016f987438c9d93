"""Golden playthroughs (tests/golden_play.py): two seeded standard games, turn by turn.

This test only compares. Rewrite the goldens with tests/golden/regenerate.py, which prints
what changed and refuses to run under CI; then review the diff.
"""

import difflib
import os

import golden_play
import pytest
from golden_play import SEEDS, paths, playthrough


def check_golden(content, seed: int) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        pytest.fail("UPDATE_GOLDEN no longer rewrites goldens: run tests/golden/regenerate.py and review the diff")
    text_path, hash_path = paths(seed, golden_play.GOLDEN)
    text, hashes = playthrough(content, seed)
    for path, got in ((text_path, text), (hash_path, hashes)):
        assert path.exists(), f"{path} missing: run tests/golden/regenerate.py"
        expected = path.read_text()
        if got != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                                str(path), "this run", n=1))
            pytest.fail(f"playthrough changed (if intended, run tests/golden/regenerate.py):\n{diff[:6000]}")


@pytest.mark.parametrize("seed", SEEDS)
def test_golden_playthrough(content, seed):
    check_golden(content, seed)


def test_update_golden_never_makes_the_test_pass_by_writing(content, tmp_path, monkeypatch):
    """On eab9740, UPDATE_GOLDEN set to anything ("0" included) wrote the file and compared it
    with itself: a golden could never fail while the variable was set."""
    for seed in SEEDS[:1]:
        for path in paths(seed, tmp_path):
            path.write_text("a stale golden\n")
    monkeypatch.setattr(golden_play, "GOLDEN", tmp_path)
    monkeypatch.setenv("UPDATE_GOLDEN", "0")
    with pytest.raises(pytest.fail.Exception):
        check_golden(content, SEEDS[0])
    assert all(p.read_text() == "a stale golden\n" for p in paths(SEEDS[0], tmp_path))

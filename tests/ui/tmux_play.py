"""Play three turns of the real CLI in tmux, with send-keys, reading the screen with capture-pane.

    .venv/bin/python tests/ui/tmux_play.py        # prints what it sees; exit status 0 if all went well

tests/ui/test_tmux.py runs the same function.  The tmux session has a fixed size and a unique
name, and is always killed at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / ".venv" / "bin" / "terra-rara"


class TmuxGame:
    def __init__(self, workdir: Path, width: int = 100, height: int = 30) -> None:
        self.name = f"terra-rara-test-{uuid.uuid4().hex[:10]}"
        self.workdir = workdir
        self.size = (width, height)

    def start(self, *args: str) -> None:
        cli = str(CLI if CLI.exists() else shutil.which("terra-rara"))
        command = " ".join([cli, *args])
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TMUX", "PYTEST"))}
        env["TERM"] = "xterm-256color"
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(self.size[0]), "-y",
                        str(self.size[1]), "-c", str(self.workdir), command], check=True, env=env)
        subprocess.run(["tmux", "set-option", "-t", self.name, "escape-time", "0"], check=False)

    def screen(self) -> str:
        out = subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return out.stdout

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode == 0

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"'{text}' did not appear within {timeout:.0f} s; the screen shows:\n{self.screen()}")

    def kill(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def _answer_popups(game: TmuxGame, screen: str) -> bool:
    """Answer the news decision or AI offers that open a turn (the first option of a decision,
    'refuse' to an offer) until the turn's screen is clear; True if anything was answered."""
    time.sleep(0.5)  # a popup opens just after the turn's screen is drawn
    screen = game.screen()
    answered = False
    while "esc Decide later" in screen or "esc Later" in screen:
        game.keys("1" if "esc Decide later" in screen else "2")
        answered = True
        time.sleep(0.5)
        screen = game.screen()
    return answered


def play_three_turns(workdir: Path, log: bool = False) -> list[str]:
    """Start ``terra-rara play`` on the classroom scenario, play three turns, check the screen;
    return the screens seen.  Raises AssertionError with the screen when something is off."""
    game = TmuxGame(workdir)
    seen = []
    try:
        game.start("play", "--scenario", "classroom-intro", "--power", "japan", "--seed", "3", "--saves", "saves")
        seen.append(game.wait_for("esc Start playing"))  # a new game opens on the scenario's briefing
        assert "Your objectives" in seen[-1] and "turn 1/10" in seen[-1], seen[-1]
        game.keys("Escape")
        _answer_popups(game, game.wait_for("1 Overview"))
        seen.append(game.wait_for("turn 1/10"))
        assert "1 Overview" in seen[-1] and "End turn" in seen[-1], seen[-1]
        game.keys("s")
        seen.append(game.wait_for("✔ allowed now"))
        game.keys("Enter")
        game.wait_for("This cannot be undone")
        game.keys("y")
        seen.append(game.wait_for("Japan orders"))
        for turn in (1, 2, 3):
            _answer_popups(game, game.wait_for(f"turn {turn}/10"))
            game.keys("e")
            seen.append(game.wait_for(f"Turn report · {2025 if turn < 5 else 2026} Q{turn} · turn {turn} of 10"))
            game.keys("Enter")
        seen.append(game.wait_for("turn 4/10"))
        assert (workdir / "saves" / "autosave-classroom-intro-japan-seed3-turn04.json").is_file()
        moved = _answer_popups(game, seen[-1])  # an answer is a move made since the autosave
        game.keys("6")
        seen.append(game.wait_for("2025 Q3 · turn 3 (resolved)"))
        game.keys("q")
        if moved:
            seen.append(game.wait_for("Quit with unsaved progress?"))
            game.keys("2")
        end = time.monotonic() + 10
        while game.alive() and time.monotonic() < end:
            time.sleep(0.1)
        assert not game.alive(), "the game did not quit on q:\n" + game.screen()
        return seen
    finally:
        if log:
            for screen in seen:
                print(screen.rstrip() + "\n" + "-" * game.size[0])
        game.kill()


def main() -> int:
    if shutil.which("tmux") is None:
        print("tmux is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        try:
            play_three_turns(Path(tmp), log=True)
        except AssertionError as exc:
            print(f"FAILED: {exc}", file=sys.stderr)
            return 1
    print("three turns played in tmux: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

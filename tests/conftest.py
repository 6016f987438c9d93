from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.content import Content, load_content
from game.engine.game import Game

ROOT = Path(__file__).resolve().parent.parent
MIN_TESTS = 40  # a run that collects fewer tests than this is broken, not green


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(ROOT / "content")


@pytest.fixture
def new_game(content):
    def make(seed: int = 1, scenario: str = "standard") -> Game:
        return Game.new(content, scenario, seed)

    return make


def pytest_collection_finish(session: pytest.Session) -> None:
    # Guard against a silent green run: selecting a subset with -k or a path is fine,
    # but a full run that finds almost nothing means collection broke.
    if not session.config.args or session.config.args == [str(ROOT / "tests")] or session.config.args == ["tests"]:
        if len(session.items) < MIN_TESTS and not os.environ.get("TERRA_RARA_ALLOW_FEW_TESTS"):
            raise pytest.UsageError(f"only {len(session.items)} tests collected; expected at least {MIN_TESTS}")

"""Fixtures for the interface tests: seeded sessions, an app on them, and a helper that
drives an app by keys.  Saves go to ``saves/`` under a temporary working directory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.ui.app import Settings, TerraRaraApp
from game.ui.session import GameSession


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """Run in a temporary folder: the saves folder is ``saves/`` there (shown as a relative path)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def make_session(content, workdir) -> Callable[..., GameSession]:
    def make(scenario: str = "standard", power: str = "japan", seed: int = 7, **kwargs: Any) -> GameSession:
        kwargs.setdefault("saves_dir", Path("saves"))
        return GameSession.new(content, scenario, power, seed, **kwargs)

    return make


@pytest.fixture
def make_app(content, workdir) -> Callable[..., TerraRaraApp]:
    def make(session: GameSession | None = None, **settings: Any) -> TerraRaraApp:
        settings.setdefault("saves_dir", Path("saves"))
        return TerraRaraApp(Settings(**settings), session=session, content=content)

    return make

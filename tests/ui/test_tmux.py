"""The real CLI in a real terminal (tmux): three turns by send-keys, checked by capture-pane."""

from __future__ import annotations

import shutil

import pytest
from tmux_play import play_three_turns


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_three_turns_in_tmux(tmp_path):
    screens = play_three_turns(tmp_path)
    assert any("Turn report" in s for s in screens)

"""The game session behind the interface: turns, opponents, saves, autosaves, loading, and
the `play` command's checks (no Textual screen involved)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.engine.actions import IllegalAction
from game.saves.files import SaveError
from game.ui.session import GameSession, SessionError, check_start, latest_save, list_saves


def test_end_turn_runs_every_opponent_and_writes_a_brief(make_session):
    s = make_session("classroom-intro", "japan", 3)
    assert set(s.opponents) == set(s.game.powers) - {"japan"}
    seen = []
    outcome = s.end_turn(lambda text, fraction: seen.append((text, fraction)))
    assert s.game.turn == 2 and outcome.report["turn"] == 1
    assert seen[-1] == ("Done", 1.0) and [f for _, f in seen] == sorted(f for _, f in seen)
    assert set(outcome.brief.rivals) == set(s.opponents)
    for moves in outcome.brief.rivals.values():
        for move in moves:
            assert move.text and move.reason
    assert outcome.autosave is not None and outcome.autosave.is_file()


def test_submit_goes_through_the_engine(make_session):
    s = make_session()
    with pytest.raises(IllegalAction, match="produces no dytb refined to control"):
        s.submit({"action": "export_control", "mineral": "dytb", "stage": "refined", "target": "all",
                  "level": "ban"})
    assert not s.dirty
    s.submit({"action": "research", "field": "recycling"})
    assert s.dirty and s.actions_this_turn() == [{"action": "research", "field": "recycling"}]


def test_autosave_keeps_the_last_few(make_session):
    s = make_session("classroom-intro", "usa", 2, autosave_keep=2)
    for _ in range(4):
        s.end_turn()
    names = sorted(p.name for p in Path("saves").glob("autosave-*.json"))
    assert names == ["autosave-classroom-intro-usa-seed2-turn04.json", "autosave-classroom-intro-usa-seed2-turn05.json"]
    assert not s.dirty


def test_save_load_round_trip_and_replay_verify(make_session, content, capsys):
    s = make_session("classroom-intro", "eu", 4)
    s.submit({"action": "stockpile_buy", "mineral": "dytb", "weeks": 4})
    s.end_turn()
    s.submit({"action": "research", "field": "recycling"})
    path = s.save()
    assert path == Path("saves/classroom-intro-eu-seed4-turn02.json") and not s.dirty
    loaded = GameSession.load(path, content)
    assert loaded.power == "eu" and loaded.history_complete
    assert loaded.game.state_hash() == s.game.state_hash()
    assert len(loaded.game.reports) == 1  # the replay rebuilt the history
    assert main(["replay", str(path), "--verify"]) == 0
    assert "every hash matches" in capsys.readouterr().out


def test_list_saves_and_latest(make_session, content):
    s = make_session("classroom-intro", "japan", 3)
    s.end_turn()
    manual = s.save()
    Path("saves/broken.json").write_text("{not json")
    infos = list_saves("saves", content)
    by_name = {i.name: i for i in infos}
    assert by_name[manual.name].scenario == "classroom-intro" and by_name[manual.name].power == "japan"
    assert by_name[manual.name].turn == 2 and by_name[manual.name].date == "2025 Q2"
    assert by_name["autosave-classroom-intro-japan-seed3-turn02.json"].autosave
    assert by_name["broken.json"].problem
    assert latest_save("saves", content).problem is None
    assert list_saves("no-such-folder") == []


def test_load_refuses_bad_files(content, workdir):
    bad = Path("bad.json")
    bad.write_text("")
    with pytest.raises(SaveError, match="empty"):
        GameSession.load(bad, content)


def test_check_start_messages(content):
    with pytest.raises(SessionError, match="unknown scenario 'standrd'; did you mean 'standard'"):
        check_start(content, "standrd", "japan", 1)
    with pytest.raises(SessionError, match="'india' is not a power of the 'classroom-intro' scenario"):
        check_start(content, "classroom-intro", "india", 1)
    with pytest.raises(SessionError, match="seed"):
        check_start(content, "standard", "japan", -1)
    with pytest.raises(SessionError, match="difficulty"):
        check_start(content, "standard", "japan", 1, "brutal")


def test_opponents_are_every_other_power_at_the_chosen_difficulty(make_session, content):
    """The session's rivals are each other power of the scenario, on its default persona at the
    difficulty chosen, and the human's power has none."""
    session = make_session("classroom-intro", "china", 1, difficulty="hard")
    rivals = session.opponents
    powers = content.scenarios["classroom-intro"].powers
    assert sorted(rivals) == sorted(p for p in powers if p != "china")
    defaults = content.personas.defaults
    assert {p: r.label for p, r in rivals.items()} == {p: f"{defaults[p]}:hard" for p in rivals}


def test_same_seed_same_game(make_session):
    a = make_session("classroom-intro", "japan", 9)
    b = make_session("classroom-intro", "japan", 9)
    for s in (a, b):
        s.submit({"action": "stockpile_buy", "mineral": "dytb", "weeks": 4})
        s.end_turn()
        s.end_turn()
    assert a.game.state_hash() == b.game.state_hash()


@pytest.mark.parametrize("argv, message", [
    (["play", "--scenario", "nope"], "unknown scenario 'nope'"),
    (["play", "--power", "chna"], "unknown power 'chna'; did you mean 'china'?"),
    (["play", "--scenario", "classroom-intro", "--power", "india"], "'india' is not a power"),
    (["play", "--seed", "-1"], "--seed must be 0 or more"),
    (["play", "--load", "missing.json"], "missing.json: no such save file"),
    (["play", "--difficulty", "brutal"], "unknown difficulty"),
])
def test_play_flags_fail_with_one_message(argv, message, workdir, capsys, monkeypatch):
    import game.ui.app as app_mod

    monkeypatch.setattr(app_mod, "run", lambda *a, **k: pytest.fail("the app must not start"))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_play_load_of_damaged_save(workdir, capsys, monkeypatch):
    import game.ui.app as app_mod

    monkeypatch.setattr(app_mod, "run", lambda *a, **k: pytest.fail("the app must not start"))
    Path("cut.json").write_text('{"format": "terra-rara-save", "format_version": 1')
    assert main(["play", "--load", "cut.json"]) == 2
    assert "truncated" in capsys.readouterr().err


def test_play_hands_the_app_a_session(workdir, monkeypatch):
    import game.ui.app as app_mod

    started = {}
    monkeypatch.setattr(app_mod, "run", lambda settings, session=None: started.update(s=settings, g=session))
    assert main(["play", "--scenario", "classroom-intro", "--power", "eu", "--seed", "12"]) == 0
    assert started["g"].power == "eu" and started["g"].game.seed == 12
    assert started["s"].saves_dir == Path("saves")
    monkeypatch.setattr(app_mod, "run", lambda settings, session=None: started.update(title=settings))
    assert main([]) == 0 and started["title"].start is None


def test_title_command_imports_no_engine():
    """The title screen must come up fast: importing the app pulls in neither numba nor the engine."""
    code = ("import sys, game.cli, game.ui.app, game.ui.screens.title; "
            "print(sorted(m for m in sys.modules if m.startswith(('numba', 'game.engine', 'game.content'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out.replace("'", '"')) == []

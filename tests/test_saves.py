"""Saves are atomic; every way a save can be bad gets one clear message."""

import json
import os

import pytest

from game.cli import main
from game.saves import files
from game.saves.files import SaveError, load_game, read_save, replay, save_game
from game.sim.runner import run_game


@pytest.fixture
def saved(content, tmp_path):
    game = run_game(content, "standard", 9, turns=4, record=False).game
    path = save_game(game, tmp_path / "run.json")
    return game, path


def test_save_load_round_trip(content, saved):
    game, path = saved
    data = read_save(path, content)
    assert (data.scenario, data.seed, data.turn) == ("standard", 9, 4)
    assert data.turn_hashes == game.turn_hashes
    loaded = load_game(data, content)
    assert loaded.state_hash() == game.state_hash()
    loaded.end_turn()
    game.end_turn()
    assert loaded.state_hash() == game.state_hash()


def test_replay_verifies_every_turn(content, saved, capsys):
    _, path = saved
    assert replay(read_save(path, content), content).ok
    assert main(["replay", str(path), "--verify"]) == 0
    assert "every hash matches" in capsys.readouterr().out


def test_replay_names_the_first_turn_that_differs(content, saved, capsys):
    _, path = saved
    body = json.loads(path.read_text())
    body["turn_hashes"][2] = "0" * 64
    body["checksum"] = files._checksum(body)
    path.write_text(json.dumps(body))
    assert main(["replay", str(path), "--verify"]) == 1
    err = capsys.readouterr().err
    assert "turn 3" in err and "Traceback" not in err


def _rewrite(path, mutate):
    body = json.loads(path.read_text())
    mutate(body)
    body["checksum"] = files._checksum(body)
    path.write_text(json.dumps(body))


@pytest.mark.parametrize("damage,message", [
    (lambda p: p.write_bytes(p.read_bytes()[:5000]), "truncated"),
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_text('{"hello": "world"}'), "not a Terra Rara save"),
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), "not a Terra Rara save"),
    (lambda p: p.write_text("name,score\nx,1\n"), "invalid JSON"),
    (lambda p: _rewrite(p, lambda b: b.update(format_version=99)), "newer version"),
    (lambda p: _rewrite(p, lambda b: b.update(format_version=1)), "older version"),
    (lambda p: _rewrite(p, lambda b: b.update(content_hash="f" * 64)), "different game content"),
    (lambda p: _rewrite(p, lambda b: b.pop("seed")), "missing seed"),
    (lambda p: p.write_text(p.read_text().replace('"seed":9', '"seed":10')), "checksum"),
])
def test_bad_save_gets_one_clear_message_and_exit_2(content, saved, capsys, damage, message):
    _, path = saved
    damage(path)
    with pytest.raises(SaveError, match=message):
        read_save(path, content)
    assert main(["replay", str(path), "--verify"]) == 2
    err = capsys.readouterr().err
    assert message.split()[0] in err and "Traceback" not in err
    assert str(path) in err


def test_missing_save_file(capsys, tmp_path):
    assert main(["replay", str(tmp_path / "nope.json"), "--verify"]) == 2
    assert "no such save file" in capsys.readouterr().err


def test_crash_during_save_keeps_the_previous_save(content, saved, monkeypatch):
    game, path = saved
    before = path.read_bytes()
    game.end_turn()

    def boom(*args, **kwargs):
        raise OSError("disk pulled out")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(OSError):
        save_game(game, path)
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert read_save(path, content).turn == 4


def test_saves_folder_is_kept_but_its_saves_are_ignored():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    assert os.path.isfile(os.path.join(root, "saves", ".gitkeep"))
    ignore = open(os.path.join(root, ".gitignore")).read()
    assert "saves/*" in ignore and "!saves/.gitkeep" in ignore

"""The command line: useful output, exact JSON fields, and clean failures."""

import json
import subprocess
import sys

import pytest

from game.cli import main


def test_sim_json_has_the_documented_fields(tmp_path, capsys):
    out = tmp_path / "game.json"
    assert main(["sim", "--scenario", "standard", "--seed", "4", "--turns", "6", "--json", str(out), "--quiet"]) == 0
    data = json.loads(out.read_text())
    for key in ("scenario", "seed", "turns_played", "final_state_hash", "turn_hashes", "scores", "winner",
                "prices", "production", "shortages", "tension", "events"):
        assert key in data, key
    assert data["turns_played"] == 6 and len(data["turn_hashes"]) == 6
    assert data["final_state_hash"] == data["turn_hashes"][-1]
    assert set(data["scores"]) == {"china", "usa", "eu", "japan", "russia", "australia", "india"}
    assert data["winner"] in data["scores"]
    assert len(data["prices"]["dytb"]["refined"]) == 6
    assert len(data["production"]["ndpr"]["ore"]["china"]) == 6
    assert len(data["tension"]) == 6


def test_sim_prints_a_readable_turn_by_turn_summary(capsys):
    assert main(["sim", "--seed", "2", "--turns", "2"]) == 0
    out = capsys.readouterr().out
    assert "2025 Q1 · turn 1/40" in out and "2025 Q2 · turn 2/40" in out
    assert "prices  NdPr" in out and "ranking by index points earned each quarter" in out


def test_scripted_ban_shows_in_the_json(tmp_path):
    script = tmp_path / "ban.yaml"
    script.write_text("- {turn: 1, power: china, action: export_control, mineral: dytb, stage: refined, "
                      "target: all, level: ban}\n")
    base, ban = tmp_path / "base.json", tmp_path / "ban.json"
    assert main(["sim", "--seed", "3", "--turns", "2", "--json", str(base), "--quiet"]) == 0
    assert main(["sim", "--seed", "3", "--turns", "2", "--actions", str(script), "--json", str(ban), "--quiet"]) == 0
    p_base = json.loads(base.read_text())["prices"]["dytb"]["refined"][0]
    p_ban = json.loads(ban.read_text())["prices"]["dytb"]["refined"][0]
    assert p_ban > 3 * p_base
    record = json.loads(ban.read_text())
    assert {"turn": 1, "type": "action", "nation": "china", "action": "export_control",
            "text": "China puts an export ban on Dy/Tb refined (all buyers)"} in record["events"]
    scripted = [d for d in record["decisions"] if d["reason"] == "scripted"]
    assert scripted == [{"turn": 1, "power": "china", "reason": "scripted",
                         "action": {"action": "export_control", "mineral": "dytb", "stage": "refined",
                                    "target": "all", "level": "ban"}}]


@pytest.mark.parametrize("argv,fragment", [
    (["sim", "--scenario", "standrd"], "did you mean 'standard'"),
    (["sim", "--turns", "0"], "--turns must be at least 1"),
    (["sim", "--seed", "banana"], "invalid int value"),
    (["sim", "--actions", "/no/such/file.yaml"], "no such actions file"),
    (["fly"], "invalid choice"),
    (["sim", "--control", "japan=hoardr"], "did you mean 'hoarder'"),
    (["sim", "--control", "jpan=hoarder"], "did you mean 'japan'"),
    (["sim", "--control", "japan=hoarder:expert"], "unknown level 'expert'"),
    (["sim", "--control", "japan"], "expected POWER=PERSONA[:LEVEL]"),
    (["sim", "--scenario", "classroom-intro", "--control", "india=hoarder"], "not a power in 'classroom-intro'"),
    (["replay"], "required"),
])
def test_bad_flags_exit_2_with_a_message(argv, fragment, capsys):
    with pytest.raises(SystemExit) as exc:
        code = main(argv)
        raise SystemExit(code)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


@pytest.mark.parametrize("text,fragment", [
    ("- {turn: 1, power: chna, action: research, field: recycling}\n", "did you mean 'china'"),
    ("- {turn: 0, power: china, action: research, field: recycling}\n", "whole number from 1"),
    ("- {turn: 1, power: china, action: research, field: alchemy}\n", "unknown research field"),
    ("- {turn: 1, power: japan, action: export_control, mineral: dytb, stage: refined, target: all, level: ban}\n",
     "produces no dytb refined"),
    ("- {turn: 1, power: china}\n", "missing 'action'"),
    ("- {turn: 1, power: india, action: answer_offer, offer: \"japan:offtake\", accept: true}\n", "no open offer"),
    ("- {turn: 1, power: usa, action: joint_venture, host: myanmar, mineral: dytb, stage: ore}\n",
     "leans 0.05 toward you"),
    ("turn: 1\n", "expected a YAML list"),
    ("- [unclosed\n", "YAML syntax error"),
])
def test_bad_actions_file_exit_2_names_file_and_line(tmp_path, capsys, text, fragment):
    script = tmp_path / "acts.yaml"
    script.write_text(text)
    assert main(["sim", "--turns", "2", "--actions", str(script), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert fragment in err and str(script) in err and "Traceback" not in err


def test_validate_json_and_exit_codes(tmp_path, capsys):
    assert main(["validate", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["errors"] == []
    assert data["counts"]["minerals"] == 7 and data["counts"]["powers"] == 7 and data["counts"]["producers"] >= 6


def test_python_dash_m_game_works():
    res = subprocess.run([sys.executable, "-m", "game", "validate"], capture_output=True, text=True)
    assert res.returncode == 0 and "content OK" in res.stdout


def test_bare_save_name_goes_in_the_saves_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["sim", "--turns", "1", "--save", "quick.json", "--quiet"]) == 0
    assert (tmp_path / "saves" / "quick.json").is_file()
    assert main(["replay", "saves/quick.json", "--verify"]) == 0


def test_scripted_diplomacy_and_personas_show_in_the_json(tmp_path):
    """Proposals, answers by reference, a JV, sanctions and an alliance, with personas set."""
    script = tmp_path / "deals.yaml"
    script.write_text(
        "- {turn: 1, power: japan, action: propose, to: australia, kind: offtake, mineral: ndpr, stage: ore,"
        " volume: 1000, price: 1.2, years: 3}\n"
        "- {turn: 1, power: australia, action: answer_offer, offer: \"japan:offtake\", accept: true}\n"
        "- {turn: 2, power: usa, action: joint_venture, host: greenland, mineral: dytb, stage: ore}\n"
        "- {turn: 2, power: usa, action: sanction, target: russia}\n"
        "- {turn: 3, power: eu, action: propose, to: japan, kind: alliance, rule: by_contribution}\n"
        "- {turn: 3, power: japan, action: answer_offer, offer: \"eu:alliance\", accept: true}\n")
    out = tmp_path / "deals.json"
    assert main(["sim", "--seed", "5", "--turns", "3", "--actions", str(script), "--json", str(out), "--quiet",
                 "--control", "china=free_trader:hard"]) == 0
    record = json.loads(out.read_text())
    assert record["personas"]["china"] == {"persona": "free_trader", "level": "hard"}
    assert record["personas"]["japan"]["persona"] == "hoarder"
    kinds = {(a["kind"], tuple(sorted({a.get("seller"), a.get("buyer"), a.get("by"), a.get("on")} - {None})))
             for a in record["agreements"]}
    assert ("offtake", ("australia", "japan")) in kinds and ("sanction", ("russia", "usa")) in kinds
    assert any({"eu", "japan"} <= set(a["members"]) for a in record["alliances"])
    reasons = [d["reason"] for d in record["decisions"] if d["reason"] != "scripted"]
    assert reasons and all(isinstance(r, str) and r for r in reasons)

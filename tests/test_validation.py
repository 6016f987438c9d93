"""Broken content: every problem reported as file:line: path: message, all at once."""

import json
import re
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.content import ContentError, load_content

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def broken(tmp_path):
    """A copy of content/ (and seeds/) to break."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "content"


def _edit(folder: Path, rel: str, old: str, new: str) -> int:
    path = folder / rel
    text = path.read_text()
    assert old in text, f"fixture text not found in {rel}: {old!r}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1))
    return line


def _problems(folder):
    with pytest.raises(ContentError) as exc:
        load_content(folder)
    return [str(p) for p in exc.value.problems]


_PAR_2010 = next(line for line in (ROOT / "content/scenarios/embargo-2010.yaml").read_text().splitlines()
                 if line.startswith("par: {"))
assert " japan: " in _PAR_2010

# (file, text to replace, replacement, expected message regex[, text on the line it must name,
#  when that is not the edited line: a missing field is reported at its item])
CASES = [
    ("sectors.yaml", "inputs: {ndpr: 0.35, dytb: 0.20", "inputs: {ndpr: 0.35, dytbb: 0.20",
     r"sectors\[0\]\.inputs\.dytbb: unknown mineral 'dytbb'; did you mean 'dytb'\?"),
    ("minerals.yaml", "elasticity: 0.30\n        pollution: 0.20", "elasticity: high\n        pollution: 0.20",
     r"minerals\[0\]\.stages\.ore\.elasticity: Input should be a valid number"),
    ("minerals.yaml", "    refining_yield: 0.95\n    max_price_multiple: 12", "    max_price_multiple: 12",
     r"minerals\[0\]\.refining_yield: missing required field", "  - id: ndpr"),
    ("minerals.yaml", "    short: NdPr\n", "    short: NdPr\n    colour: purple\n",
     r"minerals\[0\]\.colour: unknown field"),
    ("powers.yaml", "mineral: ndpr, stage: ore, capacity: 67780", "mineral: ndpr, stage: ore, capacity: -5",
     r"powers\[0\]\.facilities\[0\]\.capacity: Input should be greater than or equal to 0"),
    ("producers.yaml", "owners: {australia: 1.0}", "owners: {australya: 1.0}",
     r"owners\.australya: unknown nation 'australya'; did you mean 'australia'\?"),
    ("scenarios/standard.yaml", "powers: [china, usa, eu,", "powers: [china, usa, europe,",
     r"powers\[2\]: unknown power 'europe'"),
    ("scenarios/standard.yaml", "target: usa, level: ban", "target: usa, level: embargo",
     r"export_controls\[\d\]\.level: Input should be 'none', 'licence', 'quota' or 'ban'"),
    ("minerals.yaml", "  - id: dytb\n", "  - id: ndpr\n", r"minerals\[1\]\.id: duplicate id 'ndpr'"),
    ("minerals.yaml", "    unit: t NdPr oxide equivalent\n", "    unit: t NdPr oxide equivalent\n    unit: kg\n",
     r"minerals\[0\]\.unit: duplicate key"),
    ("rules.yaml", "tension_decay: 0.5", "tension_decay: [0.5", r"YAML syntax error"),
    ("minerals.yaml", "sources: [s002-c03, s002-c06", "sources: [s002-c99, s002-c06",
     r"sources\[0\]: unknown claim 's002-c99' \(not in the seeds digest\)"),
    ("minerals.yaml", "sources: [s002-c03, s002-c06", "sources: [a blog post, s002-c06",
     r"'a blog post' is not a source"),
    ("powers.yaml", "  - id: india\n", "  - id: indiaa\n", r"required power 'india' is missing", "powers:"),
    ("personas.yaml", "  japan: hoarder", "  japan: horder",
     r"defaults\.japan: unknown persona 'horder'; did you mean 'hoarder'\?"),
    ("personas.yaml", "  hard: {candidates: 40,", "  hard: {candidates: many,",
     r"levels\.hard\.candidates: Input should be a valid integer"),
    ("producers.yaml", "{mineral: nickel, stage: ore, level: ban, since: 2020",
     "{mineral: nikel, stage: ore, level: ban, since: 2020",
     r"policies\[0\]\.mineral: unknown mineral 'nikel'; did you mean 'nickel'\?"),
    ("rules.yaml", "  jv_min_alignment: 0.25", "  jv_min_alignment: 1.5",
     r"diplomacy\.jv_min_alignment: Input should be less than or equal to 1"),
    ("scenarios/classroom-intro.yaml", "par: {china: ", "par: {india: 3, china: ",
     r"par\.india: 'india' is not a power of this scenario"),
    # par is re-measured often: cut Japan out of whatever the line says today
    ("scenarios/embargo-2010.yaml", _PAR_2010, re.sub(r" japan: [-\d.]+,", "", _PAR_2010),
     r"par: par is missing for japan"),
    ("scenarios/classroom-intro.yaml", "par_objectives: {china: ", "par_objectives: {india: 1, china: ",
     r"par_objectives\.india: 'india' is not a power of this scenario"),
    ("scenarios/standard.yaml", "\npar: {", "\npar_objectives: {usa: 2}\npar: {",
     r"par_objectives\.usa: 'usa' has no objectives in this scenario"),
    ("producers.yaml", "since: 2025, until: 2027", "since: 2025, until: 2024",
     r"producers\[1\]\.policies\[0\]: until \(2024\) is before since \(2025\)"),
    ("minerals.yaml", "price: 13000", "price: 19000",
     r"minerals\[3\]\.stages\.ore\.price: ore at 19000 costs more than refiners can pay for it: .* is 17,802"),
]


@pytest.mark.parametrize("case", CASES, ids=[re.sub(r"\W+", "_", c[3])[:40] for c in CASES])
def test_broken_content_names_file_line_path_and_problem(broken, case):
    rel, old, new, expected = case[:4]
    line = _edit(broken, rel, old, new)
    if len(case) > 4:
        text = (broken / rel).read_text()
        line = text[: text.index(case[4])].count("\n") + 1
    problems = _problems(broken)
    hits = [p for p in problems if p.startswith(f"content/{rel}:") and re.search(expected, p)]
    assert hits, f"expected /{expected}/ in:\n" + "\n".join(problems)
    reported = int(hits[0].split(":")[1])
    assert abs(reported - line) <= 3, f"reported line {reported}, edit at line {line}: {hits[0]}"


def test_every_problem_is_reported_at_once(broken):
    for case in CASES[:6]:
        _edit(broken, *case[:3])
    assert len(_problems(broken)) >= 6


def test_validate_command_exit_1_and_json_errors(broken, capsys):
    _edit(broken, *CASES[0][:3])
    assert main(["validate", "--content", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "content/sectors.yaml:" in out and "did you mean 'dytb'" in out and "Traceback" not in out
    assert main(["validate", "--content", str(broken), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["errors"]
    assert set(data["errors"][0]) == {"file", "line", "path", "message"}


def test_missing_content_folder(tmp_path, capsys):
    assert main(["validate", "--content", str(tmp_path / "nothing")]) == 1
    assert "content folder not found" in capsys.readouterr().out


def test_sim_with_broken_content_is_a_message_not_a_traceback(broken, capsys):
    _edit(broken, *CASES[0][:3])
    assert main(["sim", "--content", str(broken), "--turns", "1"]) == 2
    err = capsys.readouterr().err
    assert "game content is invalid" in err and "Traceback" not in err

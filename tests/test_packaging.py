"""Content must load from an installed wheel as well as from a checkout."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_content_and_seeds_and_loads_them(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("terra_rara-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "game/_content/minerals.yaml" in names
    assert "game/_content/scenarios/standard.yaml" in names
    assert any(n.startswith("game/_seeds/s002") for n in names)
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    # run from the unpacked wheel only: the checkout's content/ must not be what loads
    code = ("from game.content.loader import load_content, default_content_dir; "
            "c = load_content(); print(default_content_dir()); print(c.counts()['minerals'], len(c.claims))")
    res = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr
    where, counts = res.stdout.strip().splitlines()
    assert where.startswith(str(unpacked)) and where.endswith("_content")
    minerals, claims = map(int, counts.split())
    assert minerals == 7 and claims > 50

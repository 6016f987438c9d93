"""The linter and the type checker pass (their versions are pinned in pyproject's test extra,
so a new release cannot turn the suite red).  Configuration: pyproject.toml [tool.ruff] and
[tool.mypy] (with the list of modules that do not type-check yet)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_passes():
    done = _run("ruff", "check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_passes():
    done = _run("mypy", "--cache-dir", "/dev/null") if sys.platform != "win32" else _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr

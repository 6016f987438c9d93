"""Rewrite the golden playthroughs and say what changed.

    .venv/bin/python tests/golden/regenerate.py

Run it only for a change meant to alter play, then read the diff (git diff tests/golden) and
say in the commit what changed and why that is right. Refuses to run under CI (CI set), so a
golden can never be rewritten by the run that is meant to check it.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from golden_play import SEEDS, paths, playthrough  # noqa: E402

from game.content import load_content  # noqa: E402


def changed(old: str, new: str) -> tuple[int, str]:
    """(lines changed, the first change) between two versions of a file."""
    diff = [d for d in difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm="")
            if d[:1] in "+-" and not d.startswith(("+++", "---"))]
    return len(diff), next((d for d in diff if d.startswith("-")), diff[0] if diff else "")


def main() -> int:
    if os.environ.get("CI"):
        print("regenerate.py: refused under CI (CI is set); goldens are rewritten by hand, "
              "then reviewed", file=sys.stderr)
        return 2
    content = load_content()
    for seed in SEEDS:
        text, hashes = playthrough(content, seed)
        for path, new in zip(paths(seed), (text, hashes)):
            old = path.read_text() if path.exists() else ""
            if old == new:
                print(f"{path.name}: unchanged")
                continue
            count, first = changed(old, new)
            path.write_text(new)
            print(f"{path.name}: {count} lines changed; first: {first[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The source essays' 8-word runs, kept as digests so the copying check runs without them.

The essays (../shared/seeds/*.txt beside the checkout) are not part of the project: their
sentences must not be copied into it (tests/test_cards.py checks the cards and claims).  This
keeps a 64-bit digest of every run of 8 words of theirs in tests/data/essay_shingles.txt, a
file that holds no sentence, so the check runs on a clean clone too.

    .venv/bin/python tests/essay_shingles.py      # rewrite the digests from the essays
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ESSAYS = ROOT.parent / "shared" / "seeds"
DIGESTS = ROOT / "tests" / "data" / "essay_shingles.txt"
RUN = 8


def shingles(text: str, n: int = RUN) -> set[str]:
    """Every run of ``n`` words (lower case, letters, digits and apostrophes) of a text."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def digest(run: str) -> str:
    return hashlib.blake2b(run.encode(), digest_size=8).hexdigest()


def essay_digests(essays: Path = ESSAYS) -> set[str]:
    runs: set[str] = set()
    for path in sorted(essays.glob("*.txt")):
        runs |= shingles(path.read_text(errors="ignore"))
    return {digest(r) for r in runs}


def stored_digests() -> set[str]:
    return set(DIGESTS.read_text().split())


def main() -> int:
    if not ESSAYS.is_dir():
        print(f"no essays at {ESSAYS}", file=sys.stderr)
        return 2
    DIGESTS.parent.mkdir(parents=True, exist_ok=True)
    DIGESTS.write_text("".join(d + "\n" for d in sorted(essay_digests())))
    print(f"{DIGESTS.relative_to(ROOT)}: {len(essay_digests())} runs of {RUN} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())

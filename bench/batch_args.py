"""What the batch tools share: their common flags, and playing with nobody acting.

bench/par.py, personas.py, prices.py and shares.py play many seeded games on every core;
they read the same flags for which games (``--games``/``--seeds`` N, ``--first``, ``--scenario``)
and where (``--workers``), and prices.py, shares.py and engine.py take ``--level`` with ``none``
for a world where nobody acts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.content.schema import LEVELS  # noqa: E402
from game.sim.batch import cores, shared_content  # noqa: E402
from game.sim.runner import GameRecord, run_game  # noqa: E402

NOBODY = "none"  # the --level at which no power acts: the engine (and the news) alone


def batch_parser(doc: str, count: str = "--games", default: int = 40) -> argparse.ArgumentParser:
    """A parser with the batch tools' flags: ``count`` games from seed ``--first`` of
    ``--scenario``, on ``--workers`` processes (default: every core)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument(count, type=int, default=default)
    ap.add_argument("--first", type=int, default=0, help="first seed (default 0)")
    ap.add_argument("--scenario", default="standard")
    ap.add_argument("--workers", type=int, default=cores(), help="processes to play in (default: every core)")
    return ap


def add_level(ap: argparse.ArgumentParser, **kwargs) -> None:
    ap.add_argument("--level", default="normal", choices=[*LEVELS, NOBODY], **kwargs)


def play_at(scenario: str, seed: int, level: str, **kwargs) -> GameRecord:
    """One headless game, every power on its default persona at ``level`` (none: nobody acts),
    nothing recorded; ``kwargs`` go to run_game (turns, on_turn)."""
    return run_game(shared_content(), scenario, seed, bots={} if level == NOBODY else None, level=level,
                    record=False, **kwargs)

"""How prices behave over many games: each market's price as a multiple of its reference.

    .venv/bin/python bench/prices.py [--games N] [--first SEED] [--scenario ID]
        [--level easy|normal|hard|none] [--workers W]

Plays N games (every power on its default persona at ``--level``; ``none``: nobody acts) and
prints, per mineral and stage, the open-market price over all turns as a multiple of the
reference price (median, 95th percentile, maximum), the share of turns above 3x with no ban in
force on that market, and the share of turns in which a tonne of ore cost more than a tonne of
the refined product (which no refiner would pay).  A check of calibration: a ban should bring
multiples, unrest and card shocks tens of percent.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from batch_args import add_level, batch_parser, play_at  # noqa: E402

from game.engine.game import Game  # noqa: E402
from game.engine.world import LEVEL_INDEX, World  # noqa: E402
from game.sim.batch import play_many, shared_content  # noqa: E402


def price_path(seed: int, scenario: str, level: str) -> tuple[np.ndarray, np.ndarray]:
    """One game: price / reference [turn, M, K], and whether a ban was in force on each market."""
    ratios, banned = [], []
    ban = LEVEL_INDEX["ban"]

    def note(game: Game, _report: object) -> None:
        s = game.state
        ratios.append(s.price / game.world.p0)
        banned.append((s.controls_all.max(axis=0) >= ban) | (s.controls_target.max(axis=(0, 3)) >= ban))

    play_at(scenario, seed, level, on_turn=note)
    return np.array(ratios), np.array(banned)


def main() -> None:
    ap = batch_parser(__doc__, "--games", 40)
    add_level(ap)
    args = ap.parse_args()
    content = shared_content()
    task = functools.partial(price_path, scenario=args.scenario, level=args.level)
    games = play_many(task, range(args.first, args.first + args.games), args.workers)
    ratio = np.concatenate([g[0] for g in games])  # [turns of all games, M, K]
    banned = np.concatenate([g[1] for g in games])
    p0 = World.build(content, args.scenario).p0
    dearer_ore = ratio[:, :, 0] * p0[:, 0] > ratio[:, :, 1] * p0[:, 1]  # [turns, M]
    print(f"{args.scenario}: {args.games} games (seeds {args.first}-{args.first + args.games - 1}), "
          f"AI level {args.level}, {len(ratio)} turns in all; price as a multiple of the reference")
    print(f"  {'market':<16} {'median':>7} {'p95':>7} {'max':>7} {'>3x, no ban':>12} {'ore dearer':>11}")
    for m, mineral in enumerate(content.minerals):
        for k, stage in enumerate(("ore", "refined")):
            r = ratio[:, m, k]
            spike = np.mean((r > 3.0) & ~banned[:, m, k])
            dearer = f" {np.mean(dearer_ore[:, m]):11.0%}" if k == 0 else ""
            print(f"  {mineral.short + ' ' + stage:<16} {np.median(r):6.2f}x {np.percentile(r, 95):6.2f}x "
                  f"{r.max():6.2f}x {spike:12.0%}{dearer}")


if __name__ == "__main__":
    main()

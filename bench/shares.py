"""Who mines and refines what, after some years of play: each nation's share of world output.

    .venv/bin/python bench/shares.py [--year Y] [--games N] [--first SEED] [--scenario ID]
        [--level easy|normal|hard|none] [--nation ID] [--workers W]

Plays N games to the end of year Y (default 2030, the year of the IEA outlook in the research
file: China 77% of refined rare earths, 54% of mined, graphite above 90% [R35, R37]) and prints,
per mineral and stage, one nation's share of world output at the start and the mean at the end
of Y (with the lowest and highest game), and the largest other producer then.  A check of
calibration: how fast the world moves away from its start, and whether the AIs move it faster
than outlooks expect.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from batch_args import add_level, batch_parser, play_at  # noqa: E402

from game.engine.game import start_template  # noqa: E402
from game.engine.world import World  # noqa: E402
from game.sim.batch import play_many, shared_content  # noqa: E402


def turns_to(world: World, year: int) -> int:
    """Turns from the start to the end of ``year`` (all of the scenario if it ends sooner)."""
    start_year, start_quarter = world.date_of(1)
    return max(1, min(world.scenario.turns, (year - start_year) * 4 + (5 - start_quarter)))


def shares_after(seed: int, scenario: str, level: str, turns: int) -> np.ndarray:
    """[N, M, K] each nation's share of world output after ``turns`` turns of one game."""
    game = play_at(scenario, seed, level, turns=turns).game
    return share_of_output(game.state.production)


def share_of_output(production: np.ndarray) -> np.ndarray:
    return production / np.maximum(production.sum(axis=0, keepdims=True), 1e-12)


def main() -> None:
    ap = batch_parser(__doc__, "--games", 24)
    add_level(ap)
    ap.add_argument("--year", type=int, default=2030, help="measure at the end of this year (default 2030)")
    ap.add_argument("--nation", default="china")
    args = ap.parse_args()
    content = shared_content()
    world = World.build(content, args.scenario)
    if args.nation not in world.nidx:
        sys.exit(f"bench/shares.py: unknown nation '{args.nation}' (one of: {', '.join(world.nation_ids)})")
    n = world.nidx[args.nation]
    turns = turns_to(world, args.year)
    task = functools.partial(shares_after, scenario=args.scenario, level=args.level, turns=turns)
    ends = np.array(play_many(task, range(args.first, args.first + args.games), args.workers))  # [G, N, M, K]
    start = share_of_output(start_template(world).production)
    others = ends.mean(axis=0).copy()
    others[n] = -1.0
    name = content.nations[n].name
    print(f"{args.scenario}: {args.games} games (seeds {args.first}-{args.first + args.games - 1}), AI level "
          f"{args.level}, {turns} turns to the end of {world.date_label(turns)}; {name}'s share of world output")
    print(f"  {'market':<16} {'start':>6} {'end':>6} {'lowest':>7} {'highest':>8}   largest other producer then")
    for m, mineral in enumerate(content.minerals):
        for k, stage in enumerate(("ore", "refined")):
            end = ends[:, n, m, k]
            top = int(np.argmax(others[:, m, k]))
            print(f"  {mineral.short + ' ' + stage:<16} {start[n, m, k]:6.0%} {end.mean():6.0%} {end.min():7.0%} "
                  f"{end.max():8.0%}   {content.nations[top].name} {others[top, m, k]:.0%}")


if __name__ == "__main__":
    main()

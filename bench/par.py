"""Each seat's par: the mean score its default persona makes at *normal* against rivals at
*normal* before any par is taken off -- the gain of its index over the start, plus the
scenario's objective points and any confrontation penalty (the figure a scenario's ``par``
records; see game/engine/scoring.py).

    .venv/bin/python bench/par.py [--seeds N] [--first SEED] [--scenario ID] [--content-par] [--workers W]

Prints per power the measured par with its parts (index gain, objective points) and spread,
the par in the content, then how the ranking falls out without any par and with the measured
one (with ``--content-par``, the content's: to check it on seeds it was not measured on): first
and last places and mean rank per power.
"""

from __future__ import annotations

import functools
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from batch_args import batch_parser, play_at  # noqa: E402

from game.engine.objectives import objective_points  # noqa: E402
from game.engine.scoring import par_so_far  # noqa: E402
from game.engine.world import World  # noqa: E402
from game.sim.batch import play_many, shared_content  # noqa: E402


def places(games: list[dict[str, float]], powers: list[str], par: dict[str, float]) -> dict[str, list[int]]:
    """Each power's rank (1 = first) in each game, ranked by score less ``par``."""
    ranks: dict[str, list[int]] = {p: [] for p in powers}
    for g in games:
        order = sorted(powers, key=lambda p: (-(g[p] - par[p]), powers.index(p)))
        for p in powers:
            ranks[p].append(order.index(p) + 1)
    return ranks


def par_game(seed: int, scenario: str) -> tuple[dict[str, float], dict[str, float], str]:
    """One game at normal: each power's score before par, its objective points, how it ended."""
    game = play_at(scenario, seed, "normal").game
    w, s = game.world, game.state
    par_now = par_so_far(w, s)
    obj = objective_points(w, s)
    return ({p: v + float(par_now[w.nidx[p]]) for p, v in game.scores().items()},
            {p: float(obj[w.nidx[p]]) for p in w.powers}, s.end_reason or "stopped")


def main() -> None:
    ap = batch_parser(__doc__, "--seeds", 120)
    ap.add_argument("--content-par", action="store_true", help="rank with the content's par, not the measured one")
    args = ap.parse_args()
    content = shared_content()
    task = functools.partial(par_game, scenario=args.scenario)
    games, points, ended = [], [], {}
    for score, obj, reason in play_many(task, range(args.first, args.first + args.seeds), args.workers):
        games.append(score)
        points.append(obj)
        ended[reason] = ended.get(reason, 0) + 1
    powers = list(games[0])
    par = {p: round(statistics.mean(g[p] for g in games), 1) for p in powers}
    content_par = content.scenarios[args.scenario].par
    n = len(powers)
    before = places(games, powers, {p: 0.0 for p in powers})
    after = places(games, powers, {p: content_par.get(p, 0.0) for p in powers} if args.content_par else par)
    print(f"{args.scenario}: {args.seeds} games (seeds {args.first}-{args.first + args.seeds - 1}), every power "
          f"on its default persona at normal; " + ", ".join(f"{k} {v}" for k, v in sorted(ended.items())))
    with_par = "with content par" if args.content_par else "with par"
    print(f"  {'':<10} {'':>6} {'of which':>14} {'':>5} {'':>8}   {'without par':^17}   {with_par:^17}")
    print(f"  {'power':<10} {'par':>6} {'index':>7} {'obj':>6} {'sd':>5} {'content':>8}   "
          f"{'1st':>4} {'last':>4} {'rank':>7}   {'1st':>4} {'last':>4} {'rank':>7}")
    for p in powers:
        sd = statistics.stdev(g[p] for g in games) if len(games) > 1 else float("nan")
        obj_mean = statistics.mean(x[p] for x in points)
        print(f"  {p:<10} {par[p]:+6.1f} {par[p] - obj_mean:+7.1f} {obj_mean:6.1f} {sd:5.2f} "
              f"{content_par.get(p, 0.0):+8.1f}   "
              f"{before[p].count(1):4d} {before[p].count(n):4d} {statistics.mean(before[p]):7.2f}   "
              f"{after[p].count(1):4d} {after[p].count(n):4d} {statistics.mean(after[p]):7.2f}")
    print("par: {" + ", ".join(f"{p}: {par[p]:g}" for p in powers) + "}")
    world = World.build(content, args.scenario)
    at_stake = world.objective_points_at_stake
    split = {p: round(statistics.mean(x[p] for x in points), 1) for p in powers if at_stake[world.nidx[p]] > 0}
    if split:  # the part of par taken as objectives settle (game.engine.scoring.par_so_far)
        print("par_objectives: {" + ", ".join(f"{p}: {v:g}" for p, v in split.items()) + "}")


if __name__ == "__main__":
    main()

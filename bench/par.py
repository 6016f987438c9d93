"""Each seat's par: the mean gain of its index over the start that its default persona makes at
*normal* against rivals at *normal* (the figure a scenario's ``par`` records; see
game/engine/scoring.py).

    .venv/bin/python bench/par.py [--seeds N] [--scenario ID]

Prints the measured par per power with its spread and the par in the content, then how the
ranking with the measured par falls out: first and last places and mean rank per power.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.content import load_content  # noqa: E402
from game.engine.scoring import par_so_far  # noqa: E402
from game.sim.runner import run_game  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=120)
    ap.add_argument("--scenario", default="standard")
    args = ap.parse_args()
    content = load_content()
    games = []
    for seed in range(args.seeds):
        game = run_game(content, args.scenario, seed, record=False).game
        par_now = par_so_far(game.world, game.state)
        games.append({p: s + float(par_now[game.world.nidx[p]]) for p, s in game.scores().items()})
    powers = list(games[0])
    par = {p: round(statistics.mean(g[p] for g in games), 1) for p in powers}
    content_par = content.scenarios[args.scenario].par
    print(f"{args.scenario}: {args.seeds} games, every power on its default persona at normal")
    print(f"  {'power':<10} {'par':>6} {'sd':>5} {'content':>8} {'1st':>4} {'last':>5} {'mean rank':>10}")
    ranks: dict[str, list[int]] = {p: [] for p in powers}
    for g in games:
        order = sorted(powers, key=lambda p: (-(g[p] - par[p]), powers.index(p)))
        for p in powers:
            ranks[p].append(order.index(p) + 1)
    for p in powers:
        sd = statistics.stdev(g[p] for g in games) if len(games) > 1 else float("nan")
        print(f"  {p:<10} {par[p]:+6.1f} {sd:5.2f} {content_par.get(p, 0.0):+8.1f} {ranks[p].count(1):4d} "
              f"{ranks[p].count(len(powers)):5d} {statistics.mean(ranks[p]):10.2f}")
    print("par: {" + ", ".join(f"{p}: {par[p]:g}" for p in powers) + "}")


if __name__ == "__main__":
    main()

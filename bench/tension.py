"""How often games end in confrontation, and who tips them over.

    .venv/bin/python bench/tension.py [--games N] [--first SEED] [--scenario ID|all]
        [--level easy|normal|hard] [--workers W] [--bans-by POWER]

Plays N games of each scenario (every power on its default persona at ``--level``) and prints
the share that ended in confrontation with a 95% Wilson interval, the mean turn it came, who was
to blame (the power whose escalation tipped the world over, rules.crisis_chance, or the one that
added most tension if it reached 100), and the mean and peak tension at the close of a quarter.
``--bans-by china`` makes that power ban every buyer of one more refined mineral it leads (half
the world's output or more) at the start of each turn, as far as its political capital allows
(the issue's brinkmanship arm); every other move is still its AI's.
"""

from __future__ import annotations

import functools
import math
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from batch_args import add_level, batch_parser, play_at  # noqa: E402

from game.engine.rules import culprit  # noqa: E402
from game.sim.batch import play_many, shared_content  # noqa: E402


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson interval of a share k / n."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, mid - half), min(1.0, mid + half))


def _ban_one_more(power: str, game) -> None:
    """``power`` bans every buyer of the first refined mineral it leads and does not yet ban."""
    from game.engine.actions import IllegalAction

    w, s = game.world, game.state
    n = w.nidx[power]
    for m, mid in enumerate(w.mineral_ids):
        out = float(s.production[:, m, 1].sum())
        if out > 0 and s.production[n, m, 1] / out >= 0.5 and s.controls_all[n, m, 1] < 3:
            try:
                game.submit(power, {"action": "export_control", "mineral": mid, "stage": "refined",
                                    "target": "all", "level": "ban"})
            except IllegalAction:
                pass  # not enough political capital this turn: try again next turn
            return


def one_game(scenario: str, level: str, bans_by: str | None, seed: int) -> tuple[bool, int, str, float, float]:
    closes: list[float] = []
    before = functools.partial(_ban_one_more, bans_by) if bans_by else None
    g = play_at(scenario, seed, level, before_turn=before,
                after_turn=lambda game: closes.append(game.state.tension)).game
    over = g.state.end_reason == "confrontation"
    blamed = g.world.nation_ids[culprit(g.world, g.state)] if over else ""
    return over, g.state.turn, blamed, statistics.fmean(closes), max(closes)


def main() -> int:
    ap = batch_parser(__doc__, default=200)
    add_level(ap)
    ap.add_argument("--bans-by", help="this power bans every buyer of one more refined mineral it leads each turn")
    args = ap.parse_args()
    shared_content()
    scenarios = (["standard", "classroom-intro", "embargo-2010", "fractured", "green-race"]
                 if args.scenario == "all" else [args.scenario])
    seeds = range(args.first, args.first + args.games)
    arm = f"; {args.bans_by} bans one more refined mineral a turn" if args.bans_by else ""
    print(f"{args.games} games a scenario (seeds {seeds.start}-{seeds.stop - 1}), every power on its default "
          f"persona at {args.level}{arm}")
    print(f"  {'scenario':<16} {'confrontations':>15} {'95% interval':>15} {'mean turn':>10} "
          f"{'mean T':>7} {'peak T':>7}  blamed")
    for sc in scenarios:
        games = play_many(functools.partial(one_game, sc, args.level, args.bans_by), seeds, args.workers)
        ends = [g for g in games if g[0]]
        lo, hi = wilson(len(ends), len(games))
        turn = statistics.fmean(g[1] for g in ends) if ends else float("nan")
        blamed = Counter(g[2] for g in ends).most_common(3)
        print(f"  {sc:<16} {len(ends):>6} of {len(games):<5} {lo:7.1%}-{hi:5.1%} {turn:>10.1f} "
              f"{statistics.fmean(g[3] for g in games):>7.1f} {max(g[4] for g in games):>7.1f}  "
              + ", ".join(f"{p} {k}" for p, k in blamed))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How much the AI level matters: paired games, hard against easy (or any two levels).

    .venv/bin/python bench/personas.py [--seeds N] [--first SEED] [--scenario ID] [--levels hard,easy] [--workers W]

For each seed and each power (every power in the scenario unless ``--powers`` names some),
the same game is played twice: once with that power's default persona at the first level
(default *hard*), once at the second (default *easy*); every rival plays its default persona
at *normal* in both.  Prints, per power, the share of pairs the first level won and the
mean gain in final score (index points), and over all pairs the same with a 95% interval.
"""

from __future__ import annotations

import functools
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from batch_args import batch_parser  # noqa: E402

from game.content.schema import LEVELS  # noqa: E402
from game.sim.batch import play_many, shared_content  # noqa: E402
from game.sim.runner import run_game  # noqa: E402


def level_gain(pair: tuple[int, str], scenario: str, high: str, low: str) -> float:
    """How much more ``power`` scores at ``high`` than at ``low`` on ``seed``, rivals at normal."""
    seed, power = pair
    content = shared_content()
    persona = content.personas.defaults[power]
    scores = {level: run_game(content, scenario, seed, controls={power: f"{persona}:{level}"}, record=False)
              .game.scores()[power] for level in (high, low)}
    return scores[high] - scores[low]


def main() -> None:
    ap = batch_parser(__doc__, "--seeds", 12)
    ap.add_argument("--powers", default="",
                    help="comma-separated powers to test (default: every power in the scenario)")
    ap.add_argument("--levels", default="hard,easy", help="the two levels to pair, the one expected stronger first")
    args = ap.parse_args()
    levels = args.levels.split(",")
    if len(levels) != 2 or not set(levels) <= set(LEVELS):
        ap.error(f"--levels takes two of {', '.join(LEVELS)}, e.g. hard,normal")
    high, low = levels
    content = shared_content()
    powers = args.powers.split(",") if args.powers else list(content.scenarios[args.scenario].powers)
    start = time.perf_counter()
    pairs = [(seed, power) for seed in range(args.first, args.first + args.seeds) for power in powers]
    task = functools.partial(level_gain, scenario=args.scenario, high=high, low=low)
    gains: dict[str, list[float]] = {p: [] for p in powers}
    for (_, power), gain in zip(pairs, play_many(task, pairs, args.workers)):
        gains[power].append(gain)
    wall = time.perf_counter() - start
    every = [g for gs in gains.values() for g in gs]
    print(f"{args.scenario}: {len(every)} pairs of games ({high} vs {low}, rivals normal) in {wall:.1f} s")
    for power, gs in gains.items():
        print(f"  {power:<10} {content.personas.defaults[power]:<20} {high} wins {sum(g > 0 for g in gs):>3}/{len(gs)}"
              f"   mean gain {statistics.mean(gs):+6.2f}")
    mean = statistics.mean(every)
    half = 1.96 * statistics.stdev(every) / math.sqrt(len(every)) if len(every) > 1 else float("nan")
    print(f"  all        {high} wins {sum(g > 0 for g in every)}/{len(every)} "
          f"({sum(g > 0 for g in every) / len(every):.0%}); mean gain {mean:+.2f} "
          f"(95% interval {mean - half:+.2f} .. {mean + half:+.2f}) index points")


if __name__ == "__main__":
    main()

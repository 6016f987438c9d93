"""Engine benchmark: full 40-turn standard games per second, every power on its AI persona.

    .venv/bin/python bench/engine.py [--games N] [--repeat R] [--scenario ID] [--level easy|normal|hard|none] [--no-cards]

Runs in one process on one core (no parallelism), after one warm-up game, and
prints games/s, the cost per turn split into the engine (resolution, next headline,
hash) and the AI (options, answers, validation and actions of all powers), and the
process's peak memory.  Target: at least 100 games/s.

Shared machines are noisy (the same run can differ by a third from one minute to the
next): ``--repeat`` plays the batch R times and prints the median and best of the runs,
by the wall clock and by the process's own CPU time (which time stolen by other tenants
does not count).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.ai.personas import make_players  # noqa: E402
from game.content import load_content  # noqa: E402
from game.runtime import settle_after_loading  # noqa: E402
from game.engine.game import Game  # noqa: E402


def play(content, scenario: str, seed: int, clock: dict[str, float], cards: bool = True,
         level: str = "normal") -> int:
    game = Game.new(content, scenario, seed, cards=cards)
    bots = make_players(game, level=level) if level != "none" else {}
    turns = 0
    while not game.is_over:
        t0 = time.perf_counter()
        for power in bots:
            bots[power].play(game)
        t1 = time.perf_counter()
        game.end_turn(report=False)
        t2 = time.perf_counter()
        clock["bots"] += t1 - t0
        clock["engine"] += t2 - t1
        turns += 1
    return turns


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=1, help="play the batch this many times (median and best)")
    ap.add_argument("--scenario", default="standard")
    ap.add_argument("--no-cards", action="store_true", help="the bare economy: no headlines, no hands")
    ap.add_argument("--level", default="normal", choices=["easy", "normal", "hard", "none"],
                    help="level of every AI; none: nobody acts (the engine alone)")
    args = ap.parse_args()
    cards = not args.no_cards
    content = load_content()
    settle_after_loading()  # as the game's entry points do
    warm = {"bots": 0.0, "engine": 0.0}
    play(content, args.scenario, 10_000, warm, cards, args.level)
    runs = []
    for _ in range(max(args.repeat, 1)):
        clock = {"bots": 0.0, "engine": 0.0}
        turns = 0
        start, cpu = time.perf_counter(), time.process_time()
        for seed in range(args.games):
            turns += play(content, args.scenario, seed, clock, cards, args.level)
        runs.append((time.perf_counter() - start, time.process_time() - cpu, turns, clock))
    runs.sort(key=lambda r: r[0])
    wall, cpu, turns, clock = runs[len(runs) // 2]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"scenario {args.scenario}{'' if cards else ' (no cards)'}, AI level {args.level}: {args.games} games, {turns} turns "
          f"in {wall:.2f} s")
    print(f"  games/s            {args.games / wall:8.1f}   (target >= 100)"
          + (f"   median of {len(runs)}; best {args.games / runs[0][0]:.1f}" if len(runs) > 1 else ""))
    print(f"  games/s (CPU time) {args.games / cpu:8.1f}"
          + (f"   best {args.games / min(r[1] for r in runs):.1f}" if len(runs) > 1 else ""))
    print(f"  per turn           {wall / turns * 1e6:8.0f} us")
    print(f"    engine + hash    {clock['engine'] / turns * 1e6:8.0f} us")
    print(f"    AI (all powers)  {clock['bots'] / turns * 1e6:8.0f} us")
    print(f"  peak memory (RSS)  {peak_mb:8.1f} MB")


if __name__ == "__main__":
    main()

"""Engine benchmark: full 40-turn standard games per second, every power on its AI persona.

    .venv/bin/python bench/engine.py [--games N] [--repeat R] [--scenario ID]
        [--level easy|normal|hard|none] [--no-cards] [--workers W]

Runs in one process on one core (no parallelism), after one warm-up game, and
prints games/s, the cost per turn split into the engine (resolution, next headline,
hash) and the AI (options, answers, validation and actions of all powers), the
process's peak memory and a reference timing of plain Python on this host (shared hosts
differ by up to 2x: compare figures taken beside the same reference).  Target: at least
100 games/s on one core.

``--workers W`` plays the games in W processes (game.sim.batch, as the balance tools do)
and prints the whole machine's games/s: the throughput a designer gets from a batch.

Shared machines are noisy (the same run can differ by a third from one minute to the
next): ``--repeat`` plays the batch R times and prints the median and best of the runs,
by the wall clock and by the process's own CPU time (which time stolen by other tenants
does not count).
"""

from __future__ import annotations

import argparse
import functools
import resource
import sys
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from batch_args import NOBODY, add_level  # noqa: E402

from game.ai.personas import make_players  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.sim.batch import cores, play_many, shared_content  # noqa: E402


def play(content, scenario: str, seed: int, clock: dict[str, float], cards: bool = True,
         level: str = "normal") -> int:
    game = Game.new(content, scenario, seed, cards=cards)
    bots = make_players(game, level=level) if level != NOBODY else {}
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


def play_seed(seed: int, scenario: str, cards: bool, level: str) -> tuple[int, float, float]:
    """One game, in whichever process plays it: (turns, AI seconds, engine seconds)."""
    clock = {"bots": 0.0, "engine": 0.0}
    turns = play(shared_content(), scenario, seed, clock, cards, level)
    return turns, clock["bots"], clock["engine"]


def reference_ms() -> float:
    """How fast this host runs plain Python today: best of 5 of ``sum(range(10**6))`` in ms
    (the figure to quote beside games/s, so runs on different hosts can be compared)."""
    return min(timeit.repeat("sum(range(10**6))", number=10, repeat=5)) / 10 * 1e3


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=1, help="play the batch this many times (median and best)")
    ap.add_argument("--scenario", default="standard")
    ap.add_argument("--no-cards", action="store_true", help="the bare economy: no headlines, no hands")
    add_level(ap, help="level of every AI; none: nobody acts (the engine alone)")
    ap.add_argument("--workers", type=int, default=1,
                    help=f"play the games in this many processes (this machine has {cores()} cores); "
                         "games/s is then the whole machine's")
    args = ap.parse_args()
    if args.games < 1 or args.workers < 1:
        ap.error("--games and --workers take a whole number of at least 1")
    cards = not args.no_cards
    shared_content()  # loaded once, before any worker is forked, as the game's entry points do
    task = functools.partial(play_seed, scenario=args.scenario, cards=cards, level=args.level)
    task(10_000)  # warm-up: compiles the kernels (forked workers inherit them)
    runs = []
    for _ in range(max(args.repeat, 1)):
        start, cpu = time.perf_counter(), time.process_time() + children_cpu()
        games = play_many(task, range(args.games), args.workers)
        wall = time.perf_counter() - start
        cpu = time.process_time() + children_cpu() - cpu
        clock = {"bots": sum(g[1] for g in games), "engine": sum(g[2] for g in games)}
        runs.append((wall, cpu, sum(g[0] for g in games), clock))
    runs.sort(key=lambda r: r[0])
    wall, cpu, turns, clock = runs[len(runs) // 2]
    rss = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    peak_mb = rss / 1024
    where = "one process on one core" if args.workers == 1 else f"{args.workers} processes"
    print(f"scenario {args.scenario}{'' if cards else ' (no cards)'}, AI level {args.level}: "
          f"{args.games} games, {turns} turns "
          f"in {wall:.2f} s, {where}")
    print(f"  games/s            {args.games / wall:8.1f}   (target >= 100 on one core)"
          + (f"   median of {len(runs)}; best {args.games / runs[0][0]:.1f}" if len(runs) > 1 else ""))
    print(f"  games/s (CPU time) {args.games / cpu:8.1f}   per core"
          + (f"; best {args.games / min(r[1] for r in runs):.1f}" if len(runs) > 1 else ""))
    # a turn of one game, whichever process played it (with several workers the turns
    # overlap, so these add up to more than the wall clock)
    print(f"  per turn           {(clock['engine'] + clock['bots']) / turns * 1e6:8.0f} us")
    print(f"    engine + hash    {clock['engine'] / turns * 1e6:8.0f} us")
    print(f"    AI (all powers)  {clock['bots'] / turns * 1e6:8.0f} us")
    print(f"  peak memory (RSS)  {peak_mb:8.1f} MB" + ("" if args.workers == 1 else " (the largest process)"))
    print(f"  host reference     {reference_ms():8.1f} ms   (python: sum(range(10**6)), best of 5; lower is faster)")


if __name__ == "__main__":
    main()

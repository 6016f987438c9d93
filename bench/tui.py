"""How fast the terminal game feels: prints its figures (no assertions).

    .venv/bin/python bench/tui.py [--runs 5] [--turns 12]

- cold start: a fresh process (`python -c ...` like the `terra-rara` script) starts the app
  headless and says "ready" when the title screen is up and interactive; measured whole-process
  from spawn to that line (targets: under 1 s);
- end-turn latency: in one process, on the standard scenario, press `e` and wait until the turn
  report is painted: the AI powers act, the quarter resolves, the game screen and the report
  redraw (target: median under 300 ms);
- peak memory: the largest resident set of the latency run and of the cold starts (target:
  under 250 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROBE = """
import sys, time
from game.ui.app import Settings, TerraRaraApp

class Probe(TerraRaraApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.ready)
    def ready(self):
        print("ready", flush=True)
        self.exit()

Probe(Settings(saves_dir=__import__("pathlib").Path(sys.argv[1]))).run(headless=True, size=(80, 24))
"""


def cold_start(runs: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", PROBE, tmp], stdout=subprocess.PIPE, cwd=ROOT, text=True,
                                    env={**os.environ, "PYTHONPATH": str(ROOT)})
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.strip() == "ready":
                    times.append(time.perf_counter() - start)
                    break
            proc.wait()
    return times


async def end_turn_latency(turns: int) -> list[float]:
    from textual import events

    from game.content import load_content
    from game.ui.app import Settings, TerraRaraApp
    from game.ui.dialogs import ConfirmModal, DecisionModal
    from game.ui.screens.game import GameScreen
    from game.ui.screens.report import TurnReportScreen
    from game.ui.session import GameSession

    content = load_content()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        session = GameSession.new(content, "standard", "japan", 7, saves_dir=Path(tmp))
        app = TerraRaraApp(Settings(saves_dir=Path(tmp)), session=session, content=content)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            for _ in range(turns):
                while isinstance(app.screen, DecisionModal):  # news or offers: decide later, not timed
                    await pilot.press("escape")
                    await pilot.pause()
                assert isinstance(app.screen, GameScreen)
                start = time.perf_counter()
                app._driver.send_message(events.Key("e", "e"))  # as a terminal sends it
                while not isinstance(app.screen, TurnReportScreen):
                    if isinstance(app.screen, ConfirmModal):  # "end the turn without answering?"
                        app._driver.send_message(events.Key("y", "y"))
                        await asyncio.sleep(0.02)
                    await asyncio.sleep(0.001)
                painted = asyncio.Event()
                app.call_after_refresh(painted.set)
                await painted.wait()
                times.append(time.perf_counter() - start)
                await pilot.press("enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="cold starts to time (default 5)")
    parser.add_argument("--turns", type=int, default=12, help="turns to time (default 12)")
    args = parser.parse_args()

    cold = cold_start(args.runs)
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"cold start to an interactive title screen: median {statistics.median(cold) * 1000:.0f} ms "
          f"(min {min(cold) * 1000:.0f}, max {max(cold) * 1000:.0f}; {len(cold)} runs; target < 1000 ms)")
    latency = asyncio.run(end_turn_latency(args.turns))
    print(f"end turn, AI + resolution + redraw (standard scenario): median {statistics.median(latency) * 1000:.0f} ms "
          f"(min {min(latency) * 1000:.0f}, max {max(latency) * 1000:.0f}; {len(latency)} turns; target < 300 ms)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB playing, {child_peak:.0f} MB for a cold start (target < 250 MB)")


if __name__ == "__main__":
    main()

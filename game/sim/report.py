"""Readable text for headless runs: one block per turn and a final ranking."""

from __future__ import annotations

from typing import Any

from game.content.schema import STAGES
from game.engine.game import Game


def _price(game: Game, mineral: str, value: float) -> str:
    unit = game.content.minerals[game.world.midx[mineral]].price_unit
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:,.1f} {unit}"


def print_turn(game: Game, report: dict[str, Any]) -> None:
    prev = game.reports[-2]["prices"] if len(game.reports) > 1 else None
    print(f"── {report['date']} · turn {report['turn']}/{game.turns} · tension {report['tension']:.0f}")
    parts = []
    for m in game.content.minerals:
        p = report["prices"][m.id]["refined"]
        change = ""
        if prev:
            before = prev[m.id]["refined"]
            pct = (p / before - 1) * 100 if before else 0
            if abs(pct) >= 1:
                change = f" ({pct:+.0f}%)"
        parts.append(f"{m.short} {_price(game, m.id, p)}{change}")
    print("   prices  " + " · ".join(parts))
    for d in report["decisions"]:
        print(f"   {d['nation']:<9} {d['text']}")
    for e in report["events"]:
        if e["type"] != "action":
            print(f"   news    {e['text']}")
    short = [f"{n} {m}" for m, by in report["shortages"].items() for n, gap in by.items()
             if gap > 0.1 * game.state.need[game.world.nidx[n], game.world.midx[m]]]
    if short:
        print("   short   " + ", ".join(short))


def print_summary(game: Game) -> None:
    s = game.state
    how = {"confrontation": "ended in confrontation", "completed": "completed"}.get(s.end_reason, "stopped")
    print(f"\n{game.world.scenario.name} ({game.scenario}), seed {game.seed}: {how} after {s.turn} turns, "
          f"{game.date_label(s.turn)}; tension {s.tension:.0f}")
    print("ranking by gain of power index over the start:")
    for rank, (pid, gain) in enumerate(game.ranking(), start=1):
        n = game.world.nidx[pid]
        parts = " ".join(f"{name[:4]} {v:5.1f}" for name, v in
                         zip(("prosperity", "security", "influence", "sustainability"), s.index_parts[n]))
        print(f"  {rank}. {game.content.nations[n].name:<15} {gain:+7.2f}   index {s.index[n]:5.1f}  ({parts})")
    print(f"final state hash {game.state_hash()}")



"""Readable text for headless runs: a block per turn and a final ranking.

The same lines feed ``terra-rara sim`` and the golden playthrough files under
tests/golden, so any change to the rules shows up in review as a text diff.
"""

from __future__ import annotations

from typing import Any

from game.engine.game import Game


def _price(game: Game, mineral: str, value: float) -> str:
    unit = game.content.minerals[game.world.midx[mineral]].price_unit
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:,.1f} {unit}"


def turn_lines(game: Game, report: dict[str, Any], with_hash: bool = False) -> list[str]:
    """One turn, as the lines a reader sees (call right after that turn resolved)."""
    prev = game.reports[-2]["prices"] if len(game.reports) > 1 else None
    lines = [f"── {report['date']} · turn {report['turn']}/{game.turns} · tension {report['tension']:.0f}"]
    if with_hash:
        lines.append(f"   hash    {game.turn_hashes[report['turn'] - 1]}")
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
    lines.append("   prices  " + " · ".join(parts))
    lines += [f"   NEWS    {e['text']}" for e in report["events"] if e["type"] == "headline"]
    lines += [f"   {d['nation']:<9} {d['text']}" + (f"  ({d['reason']})" if d.get("reason") else "")
              for d in report["decisions"]]
    lines += [f"   news    {e['text']}" for e in report["events"] if e["type"] not in ("action", "headline")]
    w = game.world
    short = [f"{n} {m}" for m, by in report["shortages"].items() for n, gap in by.items()
             if gap > 0.1 * game.state.need[w.nidx[n], w.midx[m]]]
    if short:
        lines.append("   short   " + ", ".join(short))
    return lines


def summary_lines(game: Game) -> list[str]:
    s = game.state
    how = {"confrontation": "ended in confrontation", "completed": "completed"}.get(s.end_reason, "stopped")
    lines = [f"{game.world.scenario.name} ({game.scenario}), seed {game.seed}: {how} after {s.turn} turns, "
             f"{game.date_label(s.turn)}; tension {s.tension:.0f}",
             "ranking by index points earned each quarter (the gain over the start, averaged over the game)"
             + (" plus objective points" if game.world.scenario.objectives else "")
             + (", less par:" if game.world.par.any() else ":")]
    for rank, (pid, gain) in enumerate(game.ranking(), start=1):
        n = game.world.nidx[pid]
        parts = " ".join(f"{name[:4]} {v:5.1f}" for name, v in
                         zip(("prosperity", "security", "influence", "sustainability"), s.index_parts[n]))
        lines.append(f"  {rank}. {game.content.nations[n].name:<15} {gain:+7.2f}   index {s.index[n]:5.1f}  ({parts})")
    lines.append(f"final state hash {game.state_hash()}")
    return lines


def print_turn(game: Game, report: dict[str, Any]) -> None:
    print("\n".join(turn_lines(game, report)))


def print_summary(game: Game) -> None:
    print("\n" + "\n".join(summary_lines(game)))

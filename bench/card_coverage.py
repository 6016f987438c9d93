"""Card coverage: over N seeded standard games (all powers on the built-in bot), how often
each card came up as a headline or was played from a hand, and, for any card that never
did, why it is rare (read from its conditions, era, trigger and deck).

    .venv/bin/python bench/card_coverage.py [--games 500] [--scenario standard]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.content import load_content  # noqa: E402
from game.engine.cards import deck_for  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.sim.runner import run_game  # noqa: E402


def rarity_reason(game: Game, card, triggers_fired: Counter) -> str:
    """Why a card may not have come up, from its own data."""
    deck = deck_for(game.world)
    if card.id not in deck.cards:
        return "not in this scenario's deck (its chooser is not in play, or the scenario leaves it out)"
    reasons = []
    if card.trigger:
        reasons.append(f"enters only when {card.trigger} happens (fired in {triggers_fired[card.trigger]} games)")
    for cond in card.conditions:
        for key, value in cond.model_dump(exclude_none=True).items():
            reasons.append(f"needs {key}={value}")
    if card.once:
        reasons.append("once only")
    if card.kind == "policy":
        reasons.append("the bots play a card only when its worth beats its cost")
    return "; ".join(reasons) or "low weight among many eligible cards"


def coverage(content, scenario: str, games: int) -> tuple[Counter, Counter, Counter, Game]:
    headlines, played, triggers = Counter(), Counter(), Counter()
    last = None
    for seed in range(games):
        rec = run_game(content, scenario, seed, record=True)
        game = rec.game
        fired = set()
        for e in rec.events:
            if e["type"] == "headline":
                headlines[e["card"]] += 1
        for a in game.log:
            if a.action["action"] == "play_card":
                played[a.action["card"]] += 1
        for e in rec.events:
            if e["type"] == "action" and "export ban" in e["text"]:
                fired.add("export_ban")
        triggers.update(fired)
        last = game
    return headlines, played, triggers, last


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=500)
    ap.add_argument("--scenario", default="standard")
    args = ap.parse_args()
    content = load_content()
    headlines, played, triggers, game = coverage(content, args.scenario, args.games)
    deck = deck_for(game.world)
    print(f"card coverage over {args.games} seeded '{args.scenario}' games (all powers on the built-in bot)")
    print(f"{'card':<36} {'kind':<7} {'headline':>8} {'played':>7}  note")
    never = 0
    for card in content.cards:
        h, p = headlines[card.id], played[card.id]
        note = ""
        if h + p == 0:
            never += 1
            note = "RARE: " + rarity_reason(game, card, triggers)
        print(f"{card.id:<36} {card.kind:<7} {h:>8} {p:>7}  {note}")
    in_deck = sum(1 for c in content.cards if c.id in deck.cards)
    print(f"\n{len(content.cards) - never} of {len(content.cards)} cards came up at least once; "
          f"{never} never did (each listed with its reason); {in_deck} are in this scenario's deck")


if __name__ == "__main__":
    main()

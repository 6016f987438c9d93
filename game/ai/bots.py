"""The simple built-in bot: a few readable rules over the same actions a player has.

The rules (game.ai.signals.scan) are, per power: release stock in a shortage; top up
the most exposed stockpile while prices are calm; build a refinery (and a mine, with
reserves) when one unfriendly supplier holds most of a mineral; fund research; answer
tariffs with a licence on what it dominates; ease controls when tension runs high.
Each proposal carries its reason and goes through ``Game.submit`` like any player's,
so a bot can never do what a player could not.  Chance comes from each bot's own
generator, spawned from the game's seed, so the world's draws do not depend on who
is at the controls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.content.schema import TECH_FIELDS
from game.engine.actions import IllegalAction
from game.engine.game import Game
from game.ai import signals as sig
from game.ai.cards import option_value

MAX_ACTIONS_PER_TURN = 3
PLAY_CARD_CHANCE = 0.3


@dataclass
class Decision:
    action: dict[str, Any]
    reason: str


@dataclass
class Bot:
    """A built-in player for one power; bots of one game share a per-turn scan (BotTeam)."""

    power: str
    rng: np.random.Generator
    team: "BotTeam | None" = None
    decisions: list[tuple[int, Decision]] = field(default_factory=list)

    def play(self, game: Game) -> list[Decision]:
        """Choose and submit this turn's actions; return what was done and why."""
        done: list[Decision] = []
        for proposal in self.team.proposals(game, self.power):
            if len(done) >= MAX_ACTIONS_PER_TURN:
                break
            try:
                game.submit(self.power, proposal.action)
            except IllegalAction:
                continue
            done.append(proposal)
            self.decisions.append((game.turn, proposal))
        return done


class BotTeam:
    """The bots of one game.  Once a turn every bot draws one fixed block of luck (whether
    or not it plays that turn, so its stream never depends on scripted turns) and one
    compiled scan reads the rules for all of them (game.ai.signals)."""

    def __init__(self, game: Game, bots: dict[str, Bot]):
        self.bots = bots
        self.order = [p for p in game.powers if p in bots]
        self.rows = np.array([game.world.nidx[p] for p in self.order], dtype=np.int64)
        self.turn = -1
        self.result: np.ndarray | None = None

    def proposals(self, game: Game, power: str) -> list[Decision]:
        if self.turn != game.state.turn:
            self._scan(game)
        w, s = game.world, game.state
        row = self.result[self.order.index(power)]
        n = w.nidx[power]
        mids = w.mineral_ids
        out: list[Decision] = []
        if row[sig.RELEASE] >= 0:
            m = int(row[sig.RELEASE])
            out.append(Decision({"action": "stockpile_release", "mineral": mids[m],
                                 "amount": round(float(row[sig.RELEASE_AMOUNT]), 3)},
                                f"{mids[m]} shortage: {s.coverage[n, m]:.0%} of need met"))
        if row[sig.BUY] >= 0:
            m = int(row[sig.BUY])
            weeks = s.stockpile[n, m, 1] * 13.0 / max(s.need[n, m], 1e-12)
            out.append(Decision({"action": "stockpile_buy", "mineral": mids[m], "weeks": 2.0},
                                f"{mids[m]} stock at {weeks:.0f} weeks, {s.supplier_share[n, m]:.0%} from one supplier"))
        if row[sig.DIVERSIFY] >= 0:
            m = int(row[sig.DIVERSIFY])
            who = w.content.nations[int(s.supplier[n, m])].name
            why = f"{mids[m]} dependence on {who} {s.supplier_share[n, m]:.0%}"
            if row[sig.ALSO_MINE] > 0:
                out.append(Decision({"action": "build_mine", "mineral": mids[m]}, why))
            out.append(Decision({"action": "build_refinery", "mineral": mids[m]}, why))
        if row[sig.RESEARCH] >= 0:
            field_ = TECH_FIELDS[int(row[sig.RESEARCH])]
            out.append(Decision({"action": "research", "field": field_}, f"long-term {field_} programme"))
        if row[sig.LIFT] >= 0:
            q = int(row[sig.LIFT])
            out.append(Decision({"action": "export_control", "mineral": mids[q // 2], "stage": ("ore", "refined")[q % 2],
                                 "target": "all", "level": "none"}, f"tension at {s.tension:.0f}: easing controls"))
        out.extend(self._card_decisions(game, power))
        if row[sig.RETALIATE] >= 0:
            rival = int(row[sig.RETALIATE])
            refined = s.production[:, :, 1]
            share = refined[n] / np.maximum(refined.sum(axis=0), 1e-12)
            m = int(np.argmax(share))
            if share[m] > 0.5:
                out.append(Decision({"action": "export_control", "mineral": mids[m], "stage": "refined",
                                     "target": w.nation_ids[rival], "level": "licence"},
                                    f"answering {w.content.nations[rival].name}'s tariffs; we refine {share[m]:.0%}"))
        return out

    def _card_decisions(self, game: Game, power: str) -> list[Decision]:
        """Answer the news if asked (best option by worth, luck breaking near-ties), and
        now and then play the best card in hand if it is worth its cost."""
        out: list[Decision] = []
        luck = self.luck[self.order.index(power)]
        pending = game.pending_choice(power)
        if pending is not None:
            scored = [(option_value(game, power, pending, c, False) + 0.3 * luck[i % len(luck)], c)
                      for i, c in enumerate(pending.choices)]
            best = max(scored, key=lambda sc: sc[0])[1]
            out.append(Decision({"action": "choose", "card": pending.id, "choice": best.id},
                                f"answering '{pending.title}': {best.label}"))
        if luck[-1] < PLAY_CARD_CHANCE:
            options = []
            for card in game.hand(power):
                for choice in card.choices or [None]:
                    options.append((option_value(game, power, card, choice, True), card, choice))
            if options:
                worth, card, choice = max(options, key=lambda o: o[0])
                if worth > 0:
                    action = {"action": "play_card", "card": card.id}
                    if choice is not None:
                        action["choice"] = choice.id
                    out.append(Decision(action, f"plays '{card.title}' (worth {worth:+.1f})"))
        return out

    def _scan(self, game: Game) -> None:
        w, s = game.world, game.state
        width = 2 * w.M + sig.LUCK_FIXED
        luck = np.stack([self.bots[p].rng.random(width) for p in self.order])
        self.luck = luck.tolist()
        pending = np.zeros((w.N, w.M), dtype=np.bool_)
        for p in s.projects:
            if p.sponsor >= 0:
                pending[p.sponsor, p.mineral] = True
        if s.tariffs.any():
            tariffed = (s.tariffs.max(axis=(1, 2)) > 0) & w.in_play[:, None]  # [importer, exporter]
        else:
            tariffed = np.zeros((w.N, w.N), dtype=np.bool_)
        self.result = sig.scan(
            self.rows, s.coverage, s.need, s.stockpile[:, :, 1], s.supplier_share, s.supplier,
            s.local_price[:, :, 1], w.p0[:, 1], s.demand, s.production[:, :, 1], s.relations, s.reserves,
            s.treasury, pending, tariffed, s.controls_all, float(s.tension),
            float(game.content.rules.stockpile_target_weeks), luck,
        )
        self.turn = s.turn


def make_bots(game: Game, powers: list[str] | tuple[str, ...] | None = None) -> dict[str, Bot]:
    """One bot per power, each with its own stream from the game's AI seed, as one team."""
    powers = list(game.powers if powers is None else powers)
    bots = {p: Bot(p, ai_generator(game, p)) for p in powers}
    team = BotTeam(game, bots)
    for bot in bots.values():
        bot.team = team
    return bots


def ai_generator(game: Game, power: str) -> np.random.Generator:
    """The AI stream of one power: a fixed child of the game's AI seed (not a spawn,
    which would depend on how many streams were drawn before)."""
    base = game.ai_seed
    key = base.spawn_key + (game.content.power_ids.index(power),)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(base.entropy, spawn_key=key)))

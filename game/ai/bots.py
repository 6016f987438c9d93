"""The simple built-in bot: a few readable rules over the same actions a player has.

Each rule proposes at most one action with a reason; the bot submits through
``Game.submit`` like any player, so it can never do what a player could not.
Chance comes from the bot's own generator, spawned from the game's seed, so the
world's draws do not depend on who is at the controls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.content.schema import TECH_FIELDS
from game.engine.actions import IllegalAction
from game.engine.game import Game
from game.engine.scoring import stock_weeks

MAX_ACTIONS_PER_TURN = 3


@dataclass
class Decision:
    action: dict[str, Any]
    reason: str


@dataclass
class Bot:
    """A built-in player for one power."""

    power: str
    rng: np.random.Generator
    decisions: list[tuple[int, Decision]] = field(default_factory=list)

    def play(self, game: Game) -> list[Decision]:
        """Choose and submit this turn's actions; return what was done and why."""
        done: list[Decision] = []
        for proposal in self._proposals(game):
            if len(done) >= MAX_ACTIONS_PER_TURN:
                break
            try:
                game.submit(self.power, proposal.action)
            except IllegalAction:
                continue
            done.append(proposal)
            self.decisions.append((game.turn, proposal))
        return done

    # ------------------------------------------------------------------ rules
    def _proposals(self, game: Game) -> list[Decision]:
        w, s = game.world, game.state
        n = w.nidx[self.power]
        mids = w.mineral_ids
        out: list[Decision] = []
        rng = self.rng
        cov = s.coverage[n]
        weeks = stock_weeks(s)[n]
        uses = s.need[n] > 0
        target_weeks = game.content.rules.stockpile_target_weeks

        # 1. a shortage: draw on the stockpile
        worst = int(np.argmin(np.where(uses, cov, 2.0)))
        if uses[worst] and cov[worst] < 0.92 and s.stockpile[n, worst, 1] > 0:
            gap = s.need[n, worst] * (1.0 - cov[worst])
            amount = float(min(s.stockpile[n, worst, 1], gap * 1.5))
            out.append(Decision({"action": "stockpile_release", "mineral": mids[worst], "amount": round(amount, 3)},
                                f"{mids[worst]} shortage: {cov[worst]:.0%} of need met"))

        # 2. top up the stockpile of the most exposed mineral while prices are calm
        exposure = np.where(uses & (weeks < target_weeks), s.supplier_share[n] + rng.random(w.M) * 0.2, -1.0)
        pick = int(np.argmax(exposure))
        ratio = s.local_price[n, pick, 1] / w.p0[pick, 1]
        small = s.demand[n, pick] / 26.0 < 0.03 * s.production[:, pick, 1].sum() * 4
        if exposure[pick] > 0.3 and ratio < 1.3 and small and s.treasury[n] > 2.0 and rng.random() < 0.5:
            out.append(Decision({"action": "stockpile_buy", "mineral": mids[pick], "weeks": 2.0},
                                f"{mids[pick]} stock at {weeks[pick]:.0f} weeks, "
                                f"{s.supplier_share[n, pick]:.0%} from one supplier"))

        # 3. diversify away from an unfriendly supplier
        dep = np.where(uses, s.supplier_share[n], 0.0)
        m = int(np.argmax(dep + rng.random(w.M) * 0.1))
        sup = int(s.supplier[n, m])
        pending = any(p.sponsor == n and p.mineral == m for p in s.projects)
        if dep[m] > 0.5 and sup >= 0 and s.relations[n, sup] < 30 and not pending and rng.random() < 0.3:
            who = w.content.nations[sup].name
            why = f"{mids[m]} dependence on {who} {dep[m]:.0%}"
            if s.reserves[n, m] > 0 and rng.random() < 0.5:
                out.append(Decision({"action": "build_mine", "mineral": mids[m]}, why))
            out.append(Decision({"action": "build_refinery", "mineral": mids[m]}, why))

        # 4. research
        if s.treasury[n] > 3.0 and rng.random() < 0.25:
            field_ = TECH_FIELDS[int(rng.integers(len(TECH_FIELDS)))]
            out.append(Decision({"action": "research", "field": field_}, f"long-term {field_} programme"))

        # 5. leverage and restraint for a dominant refiner
        if s.tension > 70:
            lifted = self._lift_strictest(game, n)
            if lifted:
                out.append(lifted)
        else:
            out.extend(self._retaliate(game, n))
        return out

    def _lift_strictest(self, game: Game, n: int) -> Decision | None:
        s, w = game.state, game.world
        levels = s.controls_all[n]
        if levels.max() == 0 or self.rng.random() > 0.5:
            return None
        m, k = np.unravel_index(int(np.argmax(levels)), levels.shape)
        return Decision({"action": "export_control", "mineral": w.mineral_ids[m],
                         "stage": ("ore", "refined")[k], "target": "all", "level": "none"},
                        f"tension at {s.tension:.0f}: easing controls")

    def _retaliate(self, game: Game, n: int) -> list[Decision]:
        """Answer a tariff with a licence on what we dominate, rarely."""
        s, w = game.state, game.world
        out = []
        tariffed_by = [i for i in w.power_index if s.tariffs[i, :, :, n].max() > 0]
        if not tariffed_by or self.rng.random() > 0.2:
            return out
        rival = int(self.rng.choice(tariffed_by))
        share = s.production[n, :, 1] / np.maximum(s.production[:, :, 1].sum(axis=0), 1e-12)
        m = int(np.argmax(share))
        if share[m] > 0.5:
            out.append(Decision({"action": "export_control", "mineral": w.mineral_ids[m], "stage": "refined",
                                 "target": w.nation_ids[rival], "level": "licence"},
                                f"answering {w.content.nations[rival].name}'s tariffs; we refine {share[m]:.0%}"))
        return out


def make_bots(game: Game, powers: list[str] | tuple[str, ...] | None = None) -> dict[str, Bot]:
    """One bot per power, each with its own stream from the game's AI seed."""
    powers = list(game.powers if powers is None else powers)
    return {p: Bot(p, ai_generator(game, p)) for p in powers}


def ai_generator(game: Game, power: str) -> np.random.Generator:
    """The AI stream of one power: a fixed child of the game's AI seed (not a spawn,
    which would depend on how many streams were drawn before)."""
    base = game.ai_seed
    key = base.spawn_key + (game.content.power_ids.index(power),)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(base.entropy, spawn_key=key)))

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
        v = turn_view(game)
        n = w.nidx[self.power]
        r = v.row[n]
        mids = w.mineral_ids
        out: list[Decision] = []
        rng = self.rng
        cov, weeks, uses = v.coverage[r], v.weeks[r], v.uses[r]
        dep, sup_of = v.dependence[r], v.supplier[r]
        minerals = range(len(mids))
        noise = rng.random(2 * len(mids)).tolist()

        # 1. a shortage: draw on the stockpile
        worst, worst_cov = -1, 2.0
        for m in minerals:
            if uses[m] and cov[m] < worst_cov:
                worst, worst_cov = m, cov[m]
        if worst >= 0 and worst_cov < 0.92 and v.stock[r][worst] > 0.01 * v.need[r][worst]:
            gap = v.need[r][worst] * (1.0 - worst_cov)
            amount = min(v.stock[r][worst], gap * 1.5)
            out.append(Decision({"action": "stockpile_release", "mineral": mids[worst], "amount": round(amount, 3)},
                                f"{mids[worst]} shortage: {worst_cov:.0%} of need met"))

        # 2. top up the stockpile of the most exposed mineral while prices are calm
        pick, best = -1, 0.3
        for m in minerals:
            if uses[m] and weeks[m] < v.target_weeks:
                exposure = dep[m] + noise[m] * 0.2
                if exposure > best:
                    pick, best = m, exposure
        treasury = v.treasury[r]
        if (pick >= 0 and v.price_ratio[r][pick] < 1.3 and v.small_order[r][pick]
                and treasury > 2.0 and rng.random() < 0.5):
            out.append(Decision({"action": "stockpile_buy", "mineral": mids[pick], "weeks": 2.0},
                                f"{mids[pick]} stock at {weeks[pick]:.0f} weeks, "
                                f"{dep[pick]:.0%} from one supplier"))

        # 3. diversify away from an unfriendly supplier
        m, best = 0, -1.0
        for i in minerals:
            score = (dep[i] if uses[i] else 0.0) + noise[len(mids) + i] * 0.1
            if score > best:
                m, best = i, score
        sup = sup_of[m]
        if uses[m] and dep[m] > 0.5 and sup >= 0 and v.relations[r][sup] < 30 and rng.random() < 0.3 \
                and not any(p.sponsor == n and p.mineral == m for p in s.projects):
            why = f"{mids[m]} dependence on {w.content.nations[sup].name} {dep[m]:.0%}"
            if v.reserves[r][m] > 0 and rng.random() < 0.5:
                out.append(Decision({"action": "build_mine", "mineral": mids[m]}, why))
            out.append(Decision({"action": "build_refinery", "mineral": mids[m]}, why))

        # 4. research
        if treasury > 3.0 and rng.random() < 0.25:
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
        v = turn_view(game)
        tariffed_by = v.tariffed_by[v.row[n]]
        if not tariffed_by or self.rng.random() > 0.2:
            return out
        rival = int(self.rng.choice(tariffed_by))
        share = v.refined_share[v.row[n]]
        m = share.index(max(share))
        if share[m] > 0.5:
            out.append(Decision({"action": "export_control", "mineral": w.mineral_ids[m], "stage": "refined",
                                 "target": w.nation_ids[rival], "level": "licence"},
                                f"answering {w.content.nations[rival].name}'s tariffs; we refine {share[m]:.0%}"))
        return out


@dataclass
class TurnView:
    """What every bot reads, computed once a turn for all nations (plain Python lists)."""

    turn: int
    row: dict[int, int]  # nation index -> row
    coverage: list[list[float]]
    weeks: list[list[float]]
    uses: list[list[bool]]
    dependence: list[list[float]]
    supplier: list[list[int]]
    stock: list[list[float]]
    need: list[list[float]]
    price_ratio: list[list[float]]
    small_order: list[list[bool]]
    relations: list[list[float]]
    reserves: list[list[float]]
    treasury: list[float]
    target_weeks: float
    tariffed_by: list[list[int]]  # for each row, the powers with a tariff on it
    refined_share: list[list[float]]  # each row's share of world refined output


def turn_view(game: Game) -> TurnView:
    """The view of this turn, built once and shared by every bot: one row per power in play
    (``row[nation index]`` gives the row), as plain Python lists."""
    view = game.scratch.get("bot_view")
    if view is not None and view.turn == game.state.turn:
        return view
    s, w = game.state, game.world
    rows = w.power_index
    need = s.need[rows]
    uses = need > 0
    stock = s.stockpile[rows, :, 1]
    refined = s.production[:, :, 1]
    world_refined = refined.sum(axis=0)
    if s.tariffs.any():
        taxing = (s.tariffs.max(axis=(1, 2)) > 0) & w.in_play[:, None]  # [importer, exporter]
        tariffed_by = [[int(i) for i in np.nonzero(taxing[:, n])[0]] for n in rows]
    else:
        tariffed_by = [[] for _ in rows]
    view = TurnView(
        turn=s.turn, row={int(n): i for i, n in enumerate(rows)},
        coverage=s.coverage[rows].tolist(),
        weeks=np.where(uses, stock * 13.0 / np.maximum(need, 1e-12), 0.0).tolist(), uses=uses.tolist(),
        dependence=np.where(uses, s.supplier_share[rows], 0.0).tolist(), supplier=s.supplier[rows].tolist(),
        stock=stock.tolist(), need=need.tolist(),
        price_ratio=(s.local_price[rows, :, 1] / w.p0[None, :, 1]).tolist(),
        small_order=(s.demand[rows] / 26.0 < 0.12 * world_refined[None, :]).tolist(),
        relations=s.relations[rows].tolist(), reserves=s.reserves[rows].tolist(),
        treasury=s.treasury[rows].tolist(), target_weeks=game.content.rules.stockpile_target_weeks,
        tariffed_by=tariffed_by, refined_share=(refined[rows] / np.maximum(world_refined, 1e-12)).tolist(),
    )
    game.scratch["bot_view"] = view
    return view


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

"""The static facts of one game: content + scenario flattened into numpy tables.

A :class:`World` never changes during a game.  Indices: nations ``n`` (powers
first, then producer states, then the rest of the world), minerals ``m``,
stages ``k`` (0 ore, 1 refined), markets ``q = m * 2 + k``, sectors ``s``.
Flows are kept in tonnes per quarter; prices in dollars per tonne.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from game.content.loader import Content
from game.content.schema import CONTROL_LEVELS, SCORE_PARTS, STAGES, TECH_FIELDS, Scenario

_WORLDS: "weakref.WeakKeyDictionary[Content, dict[str, World]]" = weakref.WeakKeyDictionary()
PRICE_TREND_WEIGHT = 0.35  # weight of this quarter's price in the smoothed trend that drives investment
STOCK_ORDER_SHARE = 0.1  # stockpile buyers get at most this share of a quarter's world supply
POLLUTION_SCALE = 40.0  # China's 2025 output puts it near 65 of 100 at equilibrium
STOCK_WEEKS_FULL = 26.0  # stock weeks that count as full security
PROJECT_KINDS = ("mine", "expansion", "refinery")


class ScenarioNotFound(KeyError):
    pass


@dataclass(frozen=True, eq=False)
class World:
    content: Content
    scenario: Scenario

    @classmethod
    def build(cls, content: Content, scenario_id: str) -> "World":
        """The world of a scenario; built once per content and scenario, then shared."""
        if scenario_id not in content.scenarios:
            raise ScenarioNotFound(scenario_id)
        per_content = _WORLDS.setdefault(content, {})
        if scenario_id not in per_content:
            per_content[scenario_id] = cls(content, content.scenarios[scenario_id])
        return per_content[scenario_id]

    # ------------------------------------------------------------- ids
    @cached_property
    def nation_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.content.nations)

    @cached_property
    def mineral_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.content.minerals)

    @cached_property
    def sector_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.content.sectors)

    @cached_property
    def target_ids(self) -> tuple[str, ...]:
        """What an export control or tariff may name: 'all' or any nation."""
        return ("all",) + self.nation_ids

    @cached_property
    def powers(self) -> tuple[str, ...]:
        """Powers in play, in content order."""
        wanted = set(self.scenario.powers)
        return tuple(p for p in self.content.power_ids if p in wanted)

    @cached_property
    def power_index(self) -> np.ndarray:
        return np.array([self.nidx[p] for p in self.powers], dtype=np.int64)

    @cached_property
    def in_play(self) -> np.ndarray:
        mask = np.zeros(self.N, dtype=bool)
        mask[self.power_index] = True
        return mask

    @cached_property
    def producer_mask(self) -> np.ndarray:
        return np.array([n.kind == "producer" for n in self.content.nations], dtype=bool)

    @cached_property
    def producer_index(self) -> tuple[int, ...]:
        """Producer states' indices, in order (plain ints, for loops over a few nations)."""
        return tuple(int(n) for n in np.nonzero(self.producer_mask)[0])

    @cached_property
    def producer_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.content.nations if n.kind == "producer")

    @cached_property
    def nidx(self) -> dict[str, int]:
        return self.content.nation_index

    @cached_property
    def midx(self) -> dict[str, int]:
        return self.content.mineral_index

    @property
    def N(self) -> int:
        return len(self.nation_ids)

    @property
    def M(self) -> int:
        return len(self.mineral_ids)

    @property
    def S(self) -> int:
        return len(self.sector_ids)

    @property
    def Q(self) -> int:
        return self.M * 2

    # ------------------------------------------------------------- minerals
    @cached_property
    def p0(self) -> np.ndarray:
        """Reference price [M, K] in $/t."""
        out = np.zeros((self.M, 2))
        for i, m in enumerate(self.content.minerals):
            scale = 1000.0 if m.price_unit == "$/kg" else 1.0
            for k, stage in enumerate(STAGES):
                price = self.scenario.prices.get(m.id, {}).get(stage, m.stages[stage].price)
                out[i, k] = price * scale
        return out

    @cached_property
    def price_scale(self) -> np.ndarray:
        """Divide $/t by this to show a price in the mineral's own unit."""
        return np.array([1000.0 if m.price_unit == "$/kg" else 1.0 for m in self.content.minerals])

    @cached_property
    def elasticity(self) -> np.ndarray:
        return np.array([[m.stages[s].elasticity for s in STAGES] for m in self.content.minerals])

    @cached_property
    def pollution_intensity(self) -> np.ndarray:
        return np.array([[m.stages[s].pollution for s in STAGES] for m in self.content.minerals])

    @cached_property
    def max_multiple(self) -> np.ndarray:
        return np.array([m.max_price_multiple for m in self.content.minerals])

    @cached_property
    def refining_yield(self) -> np.ndarray:
        return np.array([m.refining_yield for m in self.content.minerals])

    @cached_property
    def refining_cost(self) -> np.ndarray:
        """[M] what refining a tonne of ore costs, in $/t: a share of what its metal is worth at the
        reference price.  A refiner bids for ore at most the metal's worth less this."""
        return self.content.rules.refining_cost_share * self.p0[:, 1] * self.refining_yield

    @cached_property
    def recycling_base(self) -> np.ndarray:
        return np.array([m.recycling_rate for m in self.content.minerals])

    @cached_property
    def substitutable(self) -> np.ndarray:
        return np.array([m.substitutable for m in self.content.minerals])

    @cached_property
    def project_specs(self) -> np.ndarray:
        """[M, 3 kinds, 3] = capacity t/yr, cost $bn, turns."""
        out = np.zeros((self.M, 3, 3))
        for i, m in enumerate(self.content.minerals):
            for j, kind in enumerate(PROJECT_KINDS):
                spec = getattr(m.projects, kind)
                out[i, j] = (spec.capacity, spec.cost, spec.turns)
        return out

    @cached_property
    def growth_per_turn(self) -> np.ndarray:
        g = np.array([self.scenario.demand_growth.get(m, 0.0) for m in self.mineral_ids])
        return (1.0 + g) ** 0.25

    # ------------------------------------------------------------- sectors
    @cached_property
    def sector_inputs(self) -> np.ndarray:
        """[S, M] share of output lost if the mineral is missing."""
        out = np.zeros((self.S, self.M))
        for s, sec in enumerate(self.content.sectors):
            for mid, w in sec.inputs.items():
                out[s, self.midx[mid]] = w
        return out

    @cached_property
    def strategic_sectors(self) -> np.ndarray:
        return np.array([s.strategic for s in self.content.sectors], dtype=bool)

    @cached_property
    def sector_value(self) -> np.ndarray:
        out = np.zeros((self.N, self.S))
        sidx = {s: i for i, s in enumerate(self.sector_ids)}
        for n, nat in enumerate(self.content.nations):
            for sid, v in nat.sectors.items():
                out[n, sidx[sid]] = v
        return out

    # ------------------------------------------------------------- nations
    def _nation_vector(self, attr: str) -> np.ndarray:
        return np.array([float(getattr(n, attr)) for n in self.content.nations])

    @cached_property
    def income(self) -> np.ndarray:
        return self._nation_vector("income")

    @cached_property
    def royalty(self) -> np.ndarray:
        return self._nation_vector("royalty")

    @cached_property
    def env_standard(self) -> np.ndarray:
        return self._nation_vector("env_standard")

    @cached_property
    def start_tech(self) -> np.ndarray:
        """[N, 4] technology levels at the start, from content."""
        return np.array([[getattr(n.tech, f) for f in TECH_FIELDS] for n in self.content.nations], dtype=np.int64)

    @cached_property
    def alignment(self) -> np.ndarray:
        """[N, N] producer n's leaning toward power p (0 where not given)."""
        out = np.zeros((self.N, self.N))
        for n, nat in enumerate(self.content.nations):
            for pid, v in nat.alignment.items():
                out[n, self.nidx[pid]] = v
        return out

    # ------------------------------------------------------------- rules
    @cached_property
    def access_by_level(self) -> np.ndarray:
        r = self.content.rules
        return np.array([r.export_control_access[lv] for lv in CONTROL_LEVELS])

    @cached_property
    def score_weights(self) -> np.ndarray:
        weights = dict(self.content.rules.score_weights)
        weights.update(self.scenario.score_weights)
        w = np.array([weights.get(p, 0.0) for p in SCORE_PARTS])
        return w / w.sum() if w.sum() > 0 else np.full(len(SCORE_PARTS), 0.25)

    @cached_property
    def par(self) -> np.ndarray:
        """[N] the scenario's par per power: the gain its ranking is measured against (0 if none)."""
        return self._per_power(self.scenario.par)

    @cached_property
    def par_objectives(self) -> np.ndarray:
        """[N] the part of each par that objective points make (0 if none)."""
        return self._per_power(self.scenario.par_objectives)

    @cached_property
    def objective_points_at_stake(self) -> np.ndarray:
        """[N] the points all of each power's objectives are worth."""
        return self._per_power({pid: sum(o.points for o in objs) for pid, objs in self.scenario.objectives.items()
                                if pid in self.nidx})

    def _per_power(self, values: dict[str, float]) -> np.ndarray:
        out = np.zeros(self.N)
        for pid, v in values.items():
            out[self.nidx[pid]] = v
        return out

    @cached_property
    def quarter_constants(self) -> Any:
        """The world's constants and the rules' scalars, as game.engine.quarter.resolve_quarter
        takes them (a Constants record, built by keyword)."""
        from game.engine.quarter import Constants
        from game.engine.rules import MINE_RESERVE_YEARS

        r = self.content.rules
        return Constants(
            p0=self.p0, elasticity=self.elasticity, intensity=self.pollution_intensity,
            max_multiple=self.max_multiple, refining_yield=self.refining_yield,
            recycling_base=self.recycling_base, substitutable=self.substitutable,
            growth=self.growth_per_turn, refining_cost=self.refining_cost,
            income=self.income, royalty=self.royalty, env_standard=self.env_standard,
            producer=self.producer_mask, sector_inputs=self.sector_inputs, sector_value=self.sector_value,
            strategic=self.strategic_sectors.astype(float), access_by_level=self.access_by_level,
            start_tech=self.start_tech, score_weights=self.score_weights,
            utilisation=float(r.utilisation), price_response=float(r.mine_price_response),
            price_floor=float(r.price_floor_multiple), leakage=float(r.control_leakage),
            premium=float(r.restriction_premium), supply_response=float(r.supply_response),
            supply_response_cap=float(r.supply_response_cap), pollution_decay=float(r.pollution_decay),
            social_recovery=float(r.social_licence_recovery),
            political_capital_per_turn=float(r.political_capital_per_turn),
            tension_decay=float(r.tension_decay), stock_order_share=STOCK_ORDER_SHARE,
            pollution_scale=POLLUTION_SCALE, trend_weight=PRICE_TREND_WEIGHT, weeks_full=STOCK_WEEKS_FULL,
            ore_in_hand=float(r.refiner_ore_in_hand), mine_reserve_years=MINE_RESERVE_YEARS,
        )

    # ------------------------------------------------------------- calendar
    def date_of(self, turn: int) -> tuple[int, int]:
        """(year, quarter) of a turn counted from 1."""
        q0 = self.scenario.start.year * 4 + self.scenario.start.quarter - 1 + (turn - 1)
        return q0 // 4, q0 % 4 + 1

    def date_label(self, turn: int) -> str:
        y, q = self.date_of(turn)
        return f"{y} Q{q}"


TECH_INDEX = {f: i for i, f in enumerate(TECH_FIELDS)}
LEVEL_INDEX = {lv: i for i, lv in enumerate(CONTROL_LEVELS)}

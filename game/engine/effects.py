"""The card effect vocabulary, interpreted.

Each effect type of ``content.schema.Effect`` has one function here.  Lasting
effects change the state at once; temporary ones (``turns`` > 0) become
*modifiers* that the quarter applies while they last:

- price_shock: buyers bid for that market as if demand were ``multiple ** elasticity``
  higher, so the price rises by about ``multiple`` and quantities answer as usual;
- demand_shift: reference demand of a nation (or all) changes by ``pct``;
- capacity_loss: a nation's capacity for a mineral and stage loses ``pct``.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from game.content import schema
from game.content.schema import CONTROL_LEVELS, STAGES, TECH_FIELDS
from game.engine.rules import ease_tension, raise_tension, tonnes_for_weeks
from game.engine.state import GameState, Project
from game.engine.world import LEVEL_INDEX, World


class EffectContext:
    """Who an effect acts for: ``self`` resolves to ``actor`` (None: effects naming self are skipped)."""

    def __init__(self, world: World, state: GameState, actor: int | None, source: str):
        self.world, self.state, self.actor, self.source = world, state, actor, source

    def nation(self, ref: str) -> int | None:
        if ref == "self":
            return self.actor
        return self.world.nidx[ref]

    def nations(self, ref: str) -> list[int]:
        if ref == "all":
            return [int(i) for i in self.world.power_index]
        n = self.nation(ref)
        return [] if n is None else [n]


def apply_effects(world: World, state: GameState, effects: list[Any], actor: int | None, source: str,
                  deck: Any = None) -> list[str]:
    """Apply card effects in order; return a line of news for each that did something."""
    ctx = EffectContext(world, state, actor, source)
    out: list[str] = []
    for effect in effects:
        text = _APPLY[effect.type](ctx, effect, deck)
        if text:
            out.append(text)
    return out


def _name(ctx: EffectContext, n: int) -> str:
    return ctx.world.content.nations[n].name


def _short(ctx: EffectContext, m: int) -> str:
    return ctx.world.content.minerals[m].short


def _price_shock(ctx: EffectContext, e: schema.PriceShock, deck: Any) -> str:
    m, k = ctx.world.midx[e.mineral], STAGES.index(e.stage)
    factor = float(e.multiple) ** float(ctx.world.elasticity[m, k])
    ctx.state.modifiers.append({"kind": "market", "n": -1, "m": m, "k": k, "factor": factor,
                                "turns": e.turns, "source": ctx.source})
    mood = "buyers scramble" if e.multiple >= 1 else "buyers hold back"
    return f"{_short(ctx, m)} {e.stage}: {mood} (price pressure x{e.multiple:g} for {e.turns} quarters)"


def _demand_shift(ctx: EffectContext, e: schema.DemandShift, deck: Any) -> str:
    m = ctx.world.midx[e.mineral]
    targets = ctx.nations(e.nation) if e.nation != "all" else list(range(ctx.world.N))
    factor = 1.0 + e.pct / 100.0
    for n in targets:
        if e.turns == 0:
            ctx.state.demand[n, m] *= factor
        else:
            ctx.state.modifiers.append({"kind": "demand", "n": n, "m": m, "k": 1, "factor": factor,
                                        "turns": e.turns, "source": ctx.source})
    who = "worldwide" if e.nation == "all" else ", ".join(_name(ctx, n) for n in targets)
    return f"{_short(ctx, m)} demand {e.pct:+g}% {who}" + (f" for {e.turns} quarters" if e.turns else "")


def _capacity_loss(ctx: EffectContext, e: schema.CapacityLoss, deck: Any) -> str:
    n = ctx.nation(e.nation)
    if n is None:
        return ""
    m, k = ctx.world.midx[e.mineral], STAGES.index(e.stage)
    factor = 1.0 - e.pct / 100.0
    s = ctx.state
    if e.turns == 0:
        sel = (s.fac_location == n) & (s.fac_mineral == m) & (s.fac_stage == k)
        s.fac_capacity[sel] *= factor
    else:
        s.modifiers.append({"kind": "capacity", "n": n, "m": m, "k": k, "factor": factor,
                            "turns": e.turns, "source": ctx.source})
    return f"{_name(ctx, n)} loses {e.pct:g}% of its {_short(ctx, m)} {e.stage} capacity"


def _export_control(ctx: EffectContext, e: schema.ExportControlEffect, deck: Any) -> str:
    """A card tightens a control, never loosens one: a licence drawn while the controller's ban
    on the same metal and buyer is in force leaves the ban standing (every card control is a
    tightening; none lifts), and the card's line says so."""
    from game.engine.actions import control_in_force, set_export_control

    n = ctx.nation(e.controller)
    t = None if e.target == "all" else ctx.nation(e.target)
    if n is None or (e.target != "all" and (t is None or t == n)):
        return ""
    target = "all" if t is None else ctx.world.nation_ids[t]
    m, k, new = ctx.world.midx[e.mineral], STAGES.index(e.stage), LEVEL_INDEX[e.level]
    current = control_in_force(ctx.world, ctx.state, n, m, k, target)
    if current > new:
        whom = "all buyers" if t is None else _name(ctx, t)
        return (f"{_name(ctx, n)} keeps its export {CONTROL_LEVELS[current]} on {_short(ctx, m)} "
                f"{e.stage} ({whom}), stricter than the card's {e.level}")
    return set_export_control(ctx.world, ctx.state, n, m, k, target, new, pay=False)


def _relation_change(ctx: EffectContext, e: schema.RelationChange, deck: Any) -> str:
    n = ctx.nation(e.nation)
    if n is None:
        return ""
    others = [o for o in ctx.nations(e.other) if o != n]
    rel = ctx.state.relations
    for o in others:
        rel[n, o] = min(100.0, max(-100.0, float(rel[n, o]) + e.delta))
    return ""


def _tension(ctx: EffectContext, e: schema.TensionChange, deck: Any) -> str:
    s = ctx.state
    if e.delta > 0:
        raise_tension(ctx.world, s, e.delta, ctx.actor)
    else:
        ease_tension(s, -e.delta)
    return f"global tension {e.delta:+g}"


def _treasury(ctx: EffectContext, e: schema.TreasuryChange, deck: Any) -> str:
    n = ctx.nation(e.nation)
    if n is None:
        return ""
    ctx.state.treasury[n] += e.delta
    return f"{_name(ctx, n)} treasury {e.delta:+.2f} $bn"


def _bounded(field_: str) -> Callable[[EffectContext, Any, Any], str]:
    """An effect that nudges a per-nation figure kept between 0 and 100."""
    def apply(ctx: EffectContext, e: Any, deck: Any) -> str:
        n = ctx.nation(e.nation)
        if n is not None:
            arr = getattr(ctx.state, field_)
            arr[n] = min(100.0, max(0.0, float(arr[n]) + e.delta))
        return ""
    return apply


def _technology(ctx: EffectContext, e: schema.TechnologyChange, deck: Any) -> str:
    n = ctx.nation(e.nation)
    if n is None:
        return ""
    f = TECH_FIELDS.index(e.field)
    tech = ctx.state.tech
    tech[n, f] = min(5, max(0, int(tech[n, f]) + e.delta))
    return f"{_name(ctx, n)} {e.field} technology now level {tech[n, f]}"


def _stockpile(ctx: EffectContext, e: schema.StockpileChange, deck: Any) -> str:
    n = ctx.nation(e.nation)
    if n is None:
        return ""
    m, k = ctx.world.midx[e.mineral], STAGES.index(e.stage)
    s = ctx.state
    amount = tonnes_for_weeks(s, n, m, e.weeks)
    s.stockpile[n, m, k] = max(0.0, s.stockpile[n, m, k] + amount)
    return f"{_name(ctx, n)} stockpile of {_short(ctx, m)} {e.weeks:+g} weeks"


def _project(ctx: EffectContext, e: schema.NewProject, deck: Any) -> str:
    host, owner = ctx.nation(e.nation), ctx.nation(e.owner)
    if host is None or owner is None:
        return ""
    owners = [0.0] * ctx.world.N
    owners[owner] = 1.0
    ctx.state.projects.append(Project(name=e.name, location=host, owners=owners, mineral=ctx.world.midx[e.mineral],
                                      stage=STAGES.index(e.stage), capacity=float(e.capacity),
                                      turns_left=e.turns, sponsor=owner, kind="card"))
    return f"{e.name} begins ({e.capacity:,.0f} t/yr, {e.turns} quarters)"


def _unlock_card(ctx: EffectContext, e: schema.UnlockCard, deck: Any) -> str:
    if deck is not None:
        deck.unlock(ctx.state, e.card)
    return ""


def _remove_card(ctx: EffectContext, e: schema.RemoveCard, deck: Any) -> str:
    if deck is not None:
        deck.remove(ctx.state, e.card)
    return ""


_APPLY: dict[str, Callable[[EffectContext, Any, Any], str]] = {
    "price_shock": _price_shock, "demand_shift": _demand_shift, "capacity_loss": _capacity_loss,
    "export_control": _export_control, "relation_change": _relation_change, "tension": _tension,
    "treasury": _treasury, "political_capital": _bounded("political_capital"), "technology": _technology,
    "social_licence": _bounded("social_licence"), "stockpile": _stockpile, "project": _project,
    "unlock_card": _unlock_card, "remove_card": _remove_card,
}
assert set(_APPLY) == set(schema.EFFECT_TYPES)


def modifier_factors(world: World, state: GameState) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The active modifiers as multipliers: market demand [M, 2], nation demand [N, M],
    capacity [N, M, 2]."""
    N, M = world.N, world.M
    market, demand, capacity = np.empty((M, 2)), np.empty((N, M)), np.empty((N, M, 2))
    for a in (market, demand, capacity):  # np.ones is a Python-level wrapper, three times dearer
        a.fill(1.0)
    for mod in state.modifiers:
        if mod["kind"] == "market":
            market[mod["m"], mod["k"]] *= mod["factor"]
        elif mod["kind"] == "demand":
            demand[mod["n"], mod["m"]] *= mod["factor"]
        else:
            capacity[mod["n"], mod["m"], mod["k"]] *= mod["factor"]
    return market, demand, capacity


def age_modifiers(state: GameState) -> None:
    """One quarter has passed: count down and drop the spent ones."""
    for mod in state.modifiers:
        mod["turns"] -= 1
    state.modifiers = [m for m in state.modifiers if m["turns"] > 0]

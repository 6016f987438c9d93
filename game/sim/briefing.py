"""What a player reads about the world: alerts, dependence, why prices moved, what changed.

Everything here is computed from a :class:`~game.engine.game.Game` (and, for what changed
over a turn, from :class:`Snapshot`\\ s taken before it resolved).  Nothing here changes the
game, draws chance, reads the clock or imports a UI: the Textual interface formats these
records, and a debrief or a report can use the same ones.

The thresholds below decide what is worth a line; they are presentation, not rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from game.content.schema import CONTROL_LEVELS, SCORE_PARTS, STAGES, TECH_FIELDS
from game.engine import actions as act
from game.engine import diplomacy, rules
from game.engine.game import Game, start_template
from game.engine.kernels import control_level
from game.engine.market import ore_ceiling
from game.engine.objectives import measure, met, objective_points
from game.engine.rules import stock_weeks, tonnes_for_weeks
from game.engine.scoring import confrontation_penalty, par_so_far
from game.engine.state import GameState, Project
from game.engine.world import PROJECT_KINDS, World

STOCK_WARN_WEEKS = 8.0  # an imported mineral with less stock than this draws a warning
STOCK_DANGER_WEEKS = 4.0
DEPENDENT_SHARE = 0.5  # one supplier's share of use that makes a mineral "imported"
CONCENTRATED_SHARE = 0.8
COVERAGE_WARN = rules.SUPPLY_TIGHT
COVERAGE_DANGER = rules.SHORTAGE
TENSION_WARN = rules.TENSION_RISING
TENSION_DANGER = rules.HIGH_TENSION
PRICE_MOVE_PCT = 5.0  # price moves smaller than this are not explained
SUPPLY_MOVE_PCT = 3.0

SEVERITY_ORDER = {"danger": 0, "warning": 1, "info": 2}


# --------------------------------------------------------------------------- helpers


def nation_name(game: Game, nid: str) -> str:
    if nid == "all":
        return "all buyers"
    return game.content.nations[game.world.nidx[nid]].name


def mineral_short(game: Game, mid: str) -> str:
    return game.content.minerals[game.world.midx[mid]].short


def price_unit(game: Game, mid: str) -> str:
    return game.content.minerals[game.world.midx[mid]].price_unit


def display_price(game: Game, m: int, value: float) -> float:
    """$/t internally; shown in the mineral's own unit."""
    return float(value / game.world.price_scale[m])


# --------------------------------------------------------------------------- snapshots


@dataclass
class Snapshot:
    """The figures a turn's explanations compare against: taken just before a turn
    resolves (after every power has acted), so its prices and flows are those of the
    quarter before and its controls and card modifiers those the new quarter runs under."""

    turn: int
    price: np.ndarray
    production: np.ndarray
    consumption: np.ndarray
    stocked: np.ndarray
    stock_orders: np.ndarray  # t each power asked to buy for its stockpile this quarter
    released: np.ndarray
    need: np.ndarray
    coverage: np.ndarray
    supplier: np.ndarray
    supplier_share: np.ndarray
    weeks: np.ndarray
    controls_all: np.ndarray
    controls_target: np.ndarray
    modifiers: list[dict[str, Any]]
    index: np.ndarray
    tension: float
    sanctions: frozenset[tuple[str, str]] = frozenset()  # (imposed by, on) in force


def _snapshot_of(state: GameState) -> Snapshot:
    return Snapshot(
        turn=state.turn, price=state.price.copy(), production=state.production.copy(),
        consumption=state.consumption.copy(), stocked=state.stocked.copy(),
        stock_orders=state.stock_orders.copy(),
        released=state.released.copy(), need=state.need.copy(), coverage=state.coverage.copy(),
        supplier=state.supplier.copy(), supplier_share=state.supplier_share.copy(),
        weeks=stock_weeks(state), controls_all=state.controls_all.copy(),
        controls_target=state.controls_target.copy(),
        modifiers=[dict(m) for m in state.modifiers], index=state.index.copy(),
        tension=float(state.tension),
        sanctions=frozenset((a["by"], a["on"]) for a in state.diplomacy.get("agreements", [])
                            if a["kind"] == "sanction"),
    )


def capture(game: Game) -> Snapshot:
    """The state now (call right before ``end_turn``)."""
    return _snapshot_of(game.state)


def start_snapshot(game: Game) -> Snapshot:
    """The settled start of the scenario: what turn 1 is compared with."""
    return _snapshot_of(start_template(game.world))


# --------------------------------------------------------------------------- alerts


@dataclass(frozen=True)
class Alert:
    severity: str  # danger | warning | info
    text: str
    mineral: str | None = None


def _controls_on(game: Game, n: int, m: int) -> list[tuple[str, str, str, bool]]:
    """(controller, stage, level, aimed at n by name) of the controls other nations hold
    that apply to ``n`` for mineral m (as the market applies them: game.engine.kernels.control_level)."""
    s, w = game.state, game.world
    club = diplomacy.allies(world=w, state=s)
    out = []
    for c in range(w.N):
        if c == n:
            continue
        for k, stage in enumerate(STAGES):
            aimed = int(s.controls_target[c, m, k, n])
            level = int(control_level(s.controls_all, s.controls_target, club, c, m, k, n))
            if level > 0:
                out.append((w.nation_ids[c], stage, CONTROL_LEVELS[level], aimed >= level))
    return out


def tension_alert(hazard: Any, tension: float) -> Alert:
    """How close the world is to confrontation, in the chance a typical escalation carries now
    (rules.move_risk of a ban's ~10 points): every move above the hazard's threshold is a gamble."""
    risk = rules.move_risk(hazard, tension)
    if tension >= TENSION_DANGER:
        return Alert("danger", f"Tension {tension:.0f} of 100: an export ban now would tip the world into "
                               f"confrontation {risk:.0%} of the time, and the game would end")
    return Alert("warning", f"Tension {tension:.0f} of 100: every escalation now risks a confrontation "
                            f"(an export ban {risk:.0%})")


def alerts(game: Game, power: str) -> list[Alert]:
    """The advisers' warnings for ``power``, worst first (e.g. "Dy/Tb stock: 5 weeks")."""
    w, s = game.world, game.state
    n = w.nidx[power]
    weeks = stock_weeks(s)
    out: list[Alert] = []
    pending = game.pending_choice(power) if not game.is_over else None
    if pending is not None:
        out.append(Alert("warning", f"Decision waiting: {pending.title}"))
    if s.tension >= TENSION_WARN:
        out.append(tension_alert(w.content.rules.crisis_hazard, float(s.tension)))
    for m, mid in enumerate(w.mineral_ids):
        if s.need[n, m] <= 0:
            continue
        short = w.content.minerals[m].short
        cov = float(s.coverage[n, m])
        share = float(s.supplier_share[n, m])
        sup = int(s.supplier[n, m])
        who = w.content.nations[sup].name if sup >= 0 else "abroad"
        wk = float(weeks[n, m])
        if cov < COVERAGE_DANGER:
            out.append(Alert("danger", f"{short}: only {cov:.0%} of need met, factories are short", mid))
        elif cov < COVERAGE_WARN:
            out.append(Alert("warning", f"{short}: {cov:.0%} of need met", mid))
        if share >= DEPENDENT_SHARE and wk < STOCK_WARN_WEEKS:
            level = "danger" if (wk < STOCK_DANGER_WEEKS and share >= CONCENTRATED_SHARE) else "warning"
            stock = f"{wk:.0f} weeks" if wk >= 0.5 else "none"
            out.append(Alert(level, f"{short} stock: {stock} ({share:.0%} from {who})", mid))
        elif share >= CONCENTRATED_SHARE:
            out.append(Alert("info", f"{short}: {share:.0%} from {who}, stock {wk:.0f} weeks", mid))
        for controller, stage, level_name, aimed in _controls_on(game, n, m):
            c = w.nidx[controller]
            k = STAGES.index(stage)
            top = w.nation_ids[sup] if sup >= 0 else None
            buys_from = s.trade_flows[m, k, c, n] > 0 or (k == 1 and controller == top)
            if not (aimed or buys_from):
                continue
            out.append(Alert("warning" if level_name in ("quota", "ban") or aimed else "info",
                             f"{nation_name(game, controller)}: export {level_name} on {short} {stage}"
                             + (" aimed at you" if aimed else ""), mid))
    if s.treasury[n] < 0.5:
        out.append(Alert("warning", f"Treasury nearly empty (${s.treasury[n]:.1f} bn)"))
    out.sort(key=lambda a: SEVERITY_ORDER[a.severity])
    return out


# --------------------------------------------------------------------------- dependence


@dataclass(frozen=True)
class DependenceRow:
    mineral: str
    short: str
    need: float  # refined t per quarter
    coverage: float
    supplier: str | None
    supplier_name: str
    share: float
    weeks: float
    home_share: float  # own refined output over need


def dependence(game: Game, power: str) -> list[DependenceRow]:
    """Per mineral: how much of the need is met, the top foreign supplier and its share,
    and the stock in weeks of use."""
    w, s = game.world, game.state
    n = w.nidx[power]
    weeks = stock_weeks(s)
    rows = []
    for m, mid in enumerate(w.mineral_ids):
        sup = int(s.supplier[n, m])
        need = float(s.need[n, m])
        rows.append(DependenceRow(
            mineral=mid, short=w.content.minerals[m].short, need=need, coverage=float(s.coverage[n, m]),
            supplier=w.nation_ids[sup] if sup >= 0 else None,
            supplier_name=w.content.nations[sup].name if sup >= 0 else "-",
            share=float(s.supplier_share[n, m]) if sup >= 0 else 0.0, weeks=float(weeks[n, m]),
            home_share=float(s.production[n, m, 1] / need) if need > 0 else 0.0,
        ))
    return rows


@dataclass(frozen=True)
class DependenceChange:
    mineral: str
    short: str
    coverage: tuple[float, float]
    supplier: tuple[str, str]
    share: tuple[float, float]
    weeks: tuple[float, float]

    def text(self) -> str:
        parts = []
        a, b = self.coverage
        if abs(b - a) >= 0.01:
            parts.append(f"need met {a:.0%} → {b:.0%}")
        if self.supplier[0] != self.supplier[1]:
            parts.append(f"top supplier {self.supplier[0]} → {self.supplier[1]}")
        a, b = self.share
        if abs(b - a) >= 0.03:
            parts.append(f"top supplier's share {a:.0%} → {b:.0%}")
        a, b = self.weeks
        if abs(b - a) >= 1.0:
            parts.append(f"stock {a:.0f} → {b:.0f} weeks")
        return f"{self.short}: " + "; ".join(parts)


def dependence_changes(game: Game, power: str, before: Snapshot) -> list[DependenceChange]:
    """What the last turn changed in ``power``'s dependence (compared with ``before``)."""
    w, s = game.world, game.state
    n = w.nidx[power]
    weeks = stock_weeks(s)
    out = []

    def sup_name(idx: int) -> str:
        return w.content.nations[idx].name if idx >= 0 else "none"

    for m, mid in enumerate(w.mineral_ids):
        if s.need[n, m] <= 0 and before.need[n, m] <= 0:
            continue
        c0, c1 = float(before.coverage[n, m]), float(s.coverage[n, m])
        h0, h1 = float(before.supplier_share[n, m]), float(s.supplier_share[n, m])
        k0, k1 = float(before.weeks[n, m]), float(weeks[n, m])
        s0, s1 = int(before.supplier[n, m]), int(s.supplier[n, m])
        if abs(c1 - c0) >= 0.01 or abs(h1 - h0) >= 0.03 or abs(k1 - k0) >= 1.0 or \
                (s0 != s1 and max(h0, h1) > 0.05):
            out.append(DependenceChange(mid, w.content.minerals[m].short, (c0, c1), (sup_name(s0), sup_name(s1)),
                                        (h0, h1), (k0, k1)))
    return out


# --------------------------------------------------------------------------- prices


@dataclass(frozen=True)
class PriceMove:
    mineral: str
    stage: str
    short: str
    unit: str
    old: float  # in the mineral's unit
    new: float
    causes: tuple[str, ...]

    @property
    def pct(self) -> float:
        return (self.new / self.old - 1.0) * 100.0 if self.old else 0.0

    def text(self) -> str:
        return (f"{self.short} {self.stage} {self.pct:+.0f}%: " + ("; ".join(self.causes) or "no single cause"))


def _card_title(game: Game, card_id: str) -> str:
    """A card's title; other sources of an effect (e.g. ``unrest-myanmar``) in words."""
    card = game.content.card_index.get(card_id)
    if card is not None:
        return card.title
    what, _, where = str(card_id).partition("-")
    if where in game.world.nidx:
        return f"{what} in {game.content.nations[game.world.nidx[where]].name}"
    return str(card_id).replace("-", " ").replace("_", " ")


def _source(game: Game, source: str) -> str:
    """Where an effect comes from, as a cause reads it: a card's title in quotes, anything
    else (unrest in a producer state) in plain words."""
    title = _card_title(game, source)
    return f"'{title}'" if source in game.content.card_index else title


def _control_changes(game: Game, m: int, k: int, prev: Snapshot, now: Snapshot) -> list[tuple[int, str]]:
    """(direction, text) of the controls on market (m, k) that changed between two snapshots."""
    w = game.world
    out = []
    short = w.content.minerals[m].short
    for c in range(w.N):
        a, b = int(prev.controls_all[c, m, k]), int(now.controls_all[c, m, k])
        who = w.content.nations[c].name
        if a != b:
            out.append((1 if b > a else -1,
                        f"{who} {'lifts its export controls' if b == 0 else 'puts an export ' + CONTROL_LEVELS[b]}"
                        f" on {short} {STAGES[k]} (all buyers)"))
        changed = np.nonzero(prev.controls_target[c, m, k] != now.controls_target[c, m, k])[0]
        for t in changed:
            a, b = int(prev.controls_target[c, m, k, t]), int(now.controls_target[c, m, k, t])
            target = w.content.nations[int(t)].name
            out.append((1 if b > a else -1,
                        f"{who} {'lifts its ' + CONTROL_LEVELS[a] if b == 0 else 'puts an export ' + CONTROL_LEVELS[b]}"
                        f" on {short} {STAGES[k]} to {target}"))
    return out


def _sanction_changes(game: Game, m: int, k: int, prev: Snapshot, now: Snapshot) -> list[tuple[int, str]]:
    """(direction, text) of sanctions imposed or lifted between two snapshots that cut off a
    producer of a tenth or more of the market: its trade with the other side stops, with no
    way round."""
    w = game.world
    world_output = float(now.production[:, m, k].sum())
    out = []
    for pairs, direction, text in ((now.sanctions - prev.sanctions, 1, "sanctions stop trade between {}"),
                                   (prev.sanctions - now.sanctions, -1, "sanctions between {} are lifted")):
        for by, on in sorted(pairs):
            a, b = w.nidx[by], w.nidx[on]
            if world_output > 0 and max(now.production[a, m, k], now.production[b, m, k]) >= 0.1 * world_output:
                out.append((direction, text.format(f"{w.content.nations[a].name} and {w.content.nations[b].name}")))
    return out


def _modifier_causes(game: Game, m: int, k: int, mods: list[dict[str, Any]]) -> list[tuple[int, str]]:
    w = game.world
    out = []
    demand: dict[tuple[str, float], list[int]] = {}  # one line per effect, whatever nations it covers
    for mod in mods:
        if mod["m"] != m:
            continue
        title = _source(game, mod["source"])
        if mod["kind"] == "market" and mod["k"] == k:
            out.append((1 if mod["factor"] > 1 else -1,
                        f"{title}: buyers {'scramble' if mod['factor'] > 1 else 'hold back'}"))
        elif mod["kind"] == "capacity" and mod["k"] == k and mod["factor"] < 1:
            out.append((1, f"{title}: {w.content.nations[mod['n']].name} loses "
                           f"{(1 - mod['factor']):.0%} of its capacity"))
        elif mod["kind"] == "demand" and mod["factor"] != 1:
            demand.setdefault((mod["source"], mod["factor"]), []).append(mod["n"])
    for (source, factor), nations in demand.items():
        where = _where(w, nations)
        out.append((1 if factor > 1 else -1,
                    f"{_source(game, source)}: demand {(factor - 1) * 100:+.0f}%" + (f" {where}" if where else "")))
    return out


def _where(w: World, nations: list[int]) -> str:
    """'in China', 'in China, Japan and 3 more', or '' for everywhere (-1 or every nation)."""
    named = sorted({n for n in nations if n >= 0})
    if -1 in nations or len(named) == w.N:
        return ""
    names = [w.content.nations[n].name for n in named]
    if len(names) <= 3:
        return "in " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0])
    return f"in {', '.join(names[:2])} and {len(names) - 2} more"


def _effect_key(d: dict[str, Any]) -> tuple:
    """What tells two card or unrest effects apart (their factor and time left aside)."""
    return d["source"], d["kind"], d["n"], d["m"], d["k"]


def _faded(game: Game, m: int, k: int, prev: Snapshot | None, now: Snapshot) -> list[tuple[int, str]]:
    """Card effects that pushed the market last quarter and no longer do."""
    if prev is None:
        return []
    still = {_effect_key(d) for d in now.modifiers}
    out = []
    for d in prev.modifiers:
        if _effect_key(d) in still or d["m"] != m:
            continue
        if d["kind"] in ("market", "capacity") and d["k"] != k:
            continue
        push = 1 if (d["factor"] > 1) == (d["kind"] != "capacity") else -1
        out.append((-push, f"the effect of {_source(game, d['source'])} wears off"))
    return out


def _cards_of_turn(game: Game, before: Snapshot, headline: str | None) -> list[tuple[Any, list[Any]]]:
    """(card, effects that struck) for the turn's headline and every card played or answered in it."""
    index = game.content.card_index
    out = []
    if headline and headline in index:
        out.append((index[headline], list(index[headline].effects)))
    turn = before.turn + 1
    for logged in game.actions_of_turn(turn):
        a = logged.action
        if a.get("action") not in ("play_card", "choose") or a.get("card") not in index:
            continue
        card = index[a["card"]]
        effects = list(card.effects) if a["action"] == "play_card" else []
        effects += [e for c in card.choices if c.id == a.get("choice") for e in c.effects]
        out.append((card, effects))
    return out


def _card_causes(game: Game, m: int, k: int, cards: list[tuple[Any, list[Any]]]) -> list[tuple[int, str]]:
    """Lasting card effects on market (m, k): demand shifts and capacity lost for good
    (temporary ones act through the modifiers, controls through the control changes)."""
    mid = game.world.mineral_ids[m]
    out = []
    for card, effects in cards:
        for e in effects:
            if getattr(e, "mineral", None) != mid:
                continue
            if e.type == "demand_shift" and e.turns == 0 and e.pct:
                out.append((1 if e.pct > 0 else -1, f"'{card.title}': demand {e.pct:+g}%"))
            elif e.type == "capacity_loss" and e.turns == 0 and e.stage == STAGES[k]:
                out.append((1, f"'{card.title}': capacity lost"))
    return out


def _ore_limits(w: World, price: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[M] the most refiners pay for ore ($/t), and whether ore trades there (above the floor
    price): refiners then get less ore than they want."""
    most = ore_ceiling(w, price)
    return most, (most > w.content.rules.price_floor_multiple * w.p0[:, 0]) & (price[:, 0] >= most * (1 - 1e-6))


def _fmt_t(x: float) -> str:
    return f"{x:,.0f} t" if x >= 10 else f"{x:,.1f} t"


def price_moves(game: Game, before: Snapshot, prev: Snapshot | None = None,
                events: list[dict[str, Any]] | None = None, threshold: float = PRICE_MOVE_PCT) -> list[PriceMove]:
    """The open-market prices that moved by ``threshold`` % or more in the turn just
    resolved, with the causes that pushed them that way: controls put in force or lifted,
    card effects starting or wearing off, world output, stockpile buying and releases,
    new plants.  ``before`` was captured right before the turn resolved, ``prev`` right
    before the turn ahead of it (its controls and card effects were the old ones)."""
    w, s = game.world, game.state
    events = events if events is not None else (game.reports[-1]["events"] if game.reports else [])
    opened = [e for e in events if e.get("type") == "project_complete"]
    # effects that struck during the quarter (unrest in a producer state) acted at once,
    # though they were not in force when it began; the next quarter's headline, drawn after
    # it resolved, has not acted yet
    known = {_effect_key(d) for d in before.modifiers}
    # effects in force all quarter count in the quarter they start (the headline's, a card's);
    # one that went on pushing from earlier quarters is not why the price moved now
    had = {_effect_key(d) for d in prev.modifiers} if prev is not None else set()
    started = [d for d in before.modifiers if _effect_key(d) not in had]
    upcoming = s.deck.get("headline")
    struck = [d for d in s.modifiers if d["source"] != upcoming
              and _effect_key(d) not in known]
    headline = next((e.get("card") for e in events if e.get("type") == "headline"), None)
    cards = _cards_of_turn(game, before, headline)
    _, rationed = _ore_limits(w, s.price)
    out = []
    for m, mid in enumerate(w.mineral_ids):
        for k, stage in enumerate(STAGES):
            old, new = float(before.price[m, k]), float(s.price[m, k])
            if old <= 0:
                continue
            pct = (new / old - 1.0) * 100.0
            if abs(pct) < threshold:
                continue
            up = 1 if pct > 0 else -1
            found: list[tuple[int, str]] = []
            if prev is not None:
                found += _control_changes(game, m, k, prev, before)
                found += _sanction_changes(game, m, k, prev, before)
            found += _modifier_causes(game, m, k, started + struck)
            found += _faded(game, m, k, prev, before)
            found += _card_causes(game, m, k, cards)
            supply0, supply1 = float(before.production[:, m, k].sum()), float(s.production[:, m, k].sum())
            if supply0 > 0 and abs(supply1 / supply0 - 1) * 100 >= SUPPLY_MOVE_PCT:
                delta = s.production[:, m, k] - before.production[:, m, k]
                big = int(np.argmax(np.abs(delta)))
                who = w.content.nations[big].name
                found.append((-1 if supply1 > supply0 else 1,
                              f"world output {(supply1 / supply0 - 1) * 100:+.0f}% "
                              f"({who} {_fmt_t(abs(float(delta[big])))} {'more' if delta[big] > 0 else 'less'})"))
            use = max(float(s.consumption[:, m, k].sum()), 1e-9)
            # what went into stock: bought on orders, or left unsold (held back by an export
            # control or a quota, or finding no buyer), which takes it off the market as well
            bought = np.minimum(s.stocked[:, m, k], before.stock_orders[:, m, k])
            held = s.stocked[:, m, k] - bought
            for amounts, what in ((bought, "stockpile buying {}"), (held, "{} unsold, kept at home")):
                if amounts.sum() > 0.02 * use:
                    who = [w.content.nations[i].name for i in np.argsort(-amounts)[:2] if amounts[i] > 0.005 * use]
                    found.append((1, what.format(_fmt_t(float(amounts.sum()))) + f" ({', '.join(who)})"))
            freed = s.released[:, m, k]
            if freed.sum() > 0.02 * use:
                sellers = [w.content.nations[i].name for i in np.argsort(-freed)[:2] if freed[i] > 0.005 * use]
                found.append((-1, f"stockpile releases {_fmt_t(float(freed.sum()))} ({', '.join(sellers)})"))
            for e in opened:
                if e.get("mineral") == mid and e.get("stage") == stage:
                    found.append((-1, e["text"].split(":")[0]))
            if k == 0 and rationed[m]:
                found.append((1, "at the most refiners can pay (the metal's price less refining): "
                                 "ore is rationed") if up > 0 else
                             (-1, f"{w.content.minerals[m].short} refined fell: refiners can pay less for ore"))
            causes = list(dict.fromkeys(text for direction, text in found if direction == up))  # once each
            if not causes:
                ref = float(w.p0[m, k])
                if abs(new / ref - 1) < abs(old / ref - 1):
                    causes = ["the market settles back toward its reference price"]
                elif up > 0:
                    causes = ["demand grows faster than supply"]
                else:
                    causes = ["supply runs ahead of demand"]
            out.append(PriceMove(mid, stage, w.content.minerals[m].short, w.content.minerals[m].price_unit,
                                 display_price(game, m, old), display_price(game, m, new), tuple(causes)))
    out.sort(key=lambda p: -abs(p.pct))
    return out


# --------------------------------------------------------------------------- the power index


@dataclass(frozen=True)
class ScoreBreakdown:
    power: str
    parts: dict[str, tuple[float, float]]  # part -> (start, now), 0..100
    weights: dict[str, float]
    start_index: float
    index: float
    index_lived: float  # index points earned quarter by quarter (the average gain over the game, at its end)
    objective_points: float
    par: float  # the seat's par for the quarters played, taken off the gain
    seat_par: float  # the seat's par for the whole game
    seat_par_objectives: float  # the part of it that objective points make
    penalty: float  # confrontation, <= 0
    gain: float  # what the ranking uses
    rank: int
    of: int


def score_breakdown(game: Game, power: str) -> ScoreBreakdown:
    """The power index and its parts now and at the start, the objective points, the seat's
    par, any confrontation penalty, and the gain the ranking uses."""
    w, s = game.world, game.state
    n = w.nidx[power]
    start = start_template(w)
    parts = {name: (float(start.index_parts[n, i]), float(s.index_parts[n, i])) for i, name in enumerate(SCORE_PARTS)}
    weights = {name: float(w.score_weights[i]) for i, name in enumerate(SCORE_PARTS)}
    points = float(objective_points(w, s)[n])
    gain = float(game.scores()[power])
    index, start_index = float(s.index[n]), float(s.start_index[n])
    par = float(par_so_far(w, s)[n])
    penalty = float(confrontation_penalty(w, s)[n])
    ranking = [p for p, _ in game.ranking()]
    return ScoreBreakdown(power, parts, weights, start_index, index, float(s.index_lived[n]), points, par,
                          float(w.par[n]),
                          float(w.par_objectives[n]), penalty, gain,
                          ranking.index(power) + 1, len(ranking))


@dataclass(frozen=True)
class ObjectiveStatus:
    id: str
    text: str
    value: float
    target: float
    op: str
    on_track: bool
    settled: bool | None  # None while open; True met, False missed
    points: float
    by_year: int | None
    metric: str

    def standing(self) -> str:
        """Where it stands against its target, in the metric's own unit: '0.0% ≥ 0.7%'
        (shares), '9 wk ≥ 26 wk', '57 ≤ 60' (tension)."""
        op = "≥" if self.op == ">=" else "≤"
        return f"{_objective_figure(self.metric, self.value, self.target)} {op} " \
               f"{_objective_figure(self.metric, self.target, self.target)}"


def _objective_figure(metric: str, x: float, target: float) -> str:
    if metric == "tension_below":
        return f"{x:.0f}"
    if metric == "stockpile_weeks":
        return f"{x:.1f}".removesuffix(".0") + " wk"  # 8.5 weeks is a target of its own
    # a share: with a decimal where the target is small (0.7% of world output, not 1%)
    return f"{x:.1%}" if target < 0.1 else f"{x:.0%}"


def objectives(game: Game, power: str) -> list[ObjectiveStatus]:
    """The scenario objectives of ``power``: where each stands now, and which are settled."""
    w, s = game.world, game.state
    n = w.nidx[power]
    done = s.objectives.get(power, {})
    out = []
    for obj in w.scenario.objectives.get(power, []):
        value = measure(w, s, n, obj)
        out.append(ObjectiveStatus(obj.id, obj.text, value, obj.value, obj.op, met(value, obj),
                                   done.get(obj.id), obj.points, obj.by_year, obj.metric))
    return out


# --------------------------------------------------------------------------- industry


@dataclass(frozen=True)
class FacilityRow:
    name: str
    location: str
    mineral: str
    short: str
    stage: str
    capacity: float  # t/yr
    share: float  # the power's ownership share


@dataclass(frozen=True)
class ProjectRow:
    name: str
    location: str
    short: str
    stage: str
    capacity: float
    turns_left: int
    total_turns: int | None
    share: float

    @property
    def progress(self) -> float | None:
        if not self.total_turns:
            return None
        return max(0.0, min(1.0, 1.0 - self.turns_left / self.total_turns))


@dataclass(frozen=True)
class StockRow:
    mineral: str
    short: str
    ore: float
    refined: float
    weeks: float
    orders: float  # t ordered this turn (refined and ore)
    releases: float


@dataclass(frozen=True)
class Industry:
    facilities: list[FacilityRow]
    projects: list[ProjectRow]
    stocks: list[StockRow]
    tech: dict[str, int]
    research: list[str]  # fields funded this quarter
    social_licence: float
    pollution: float
    treasury: float
    income: float
    political_capital: float


@lru_cache(maxsize=64)
def _card_project_turns(world: World) -> dict[str, int]:
    out: dict[str, int] = {}
    for card in world.content.cards:
        effects = list(card.effects) + [e for c in card.choices for e in c.effects]
        for e in effects:
            if e.type == "project":
                out.setdefault(e.name, e.turns)
    for p in world.scenario.projects:
        out.setdefault(p.name, p.turns)
    return out


def project_total_turns(world: World, p: Project) -> int | None:
    """How many quarters a project takes in all (None where it cannot be told)."""
    if p.kind in PROJECT_KINDS and p.sponsor >= 0:
        total = int(world.project_specs[p.mineral, PROJECT_KINDS.index(p.kind), 2])
    else:
        total = _card_project_turns(world).get(p.name, 0)
    return total if total >= p.turns_left and total > 0 else None


def industry(game: Game, power: str) -> Industry:
    """``power``'s mines and refineries (at home and its shares abroad), projects under way,
    stockpiles in weeks of use, technology and home figures."""
    w, s = game.world, game.state
    n = w.nidx[power]
    facilities = []
    for f in range(len(s.fac_capacity)):
        share = float(s.fac_owners[f, n])
        if int(s.fac_location[f]) != n and share <= 0:
            continue
        m = int(s.fac_mineral[f])
        facilities.append(FacilityRow(s.fac_names[f], w.content.nations[int(s.fac_location[f])].name,
                                      w.mineral_ids[m], w.content.minerals[m].short, STAGES[int(s.fac_stage[f])],
                                      float(s.fac_capacity[f]), share))
    facilities.sort(key=lambda r: (r.location != w.content.nations[n].name, w.midx[r.mineral], r.stage, r.name))
    projects = []
    for p in s.projects:
        share = float(p.owners[n]) if n < len(p.owners) else 0.0
        if p.location != n and share <= 0 and p.sponsor != n:
            continue
        projects.append(ProjectRow(p.name, w.content.nations[p.location].name, w.content.minerals[p.mineral].short,
                                   STAGES[p.stage], float(p.capacity), int(p.turns_left),
                                   project_total_turns(w, p), share))
    weeks = stock_weeks(s)
    stocks = [StockRow(mid, w.content.minerals[m].short, float(s.stockpile[n, m, 0]), float(s.stockpile[n, m, 1]),
                       float(weeks[n, m]), float(s.stock_orders[n, m].sum()), float(s.release_orders[n, m].sum()))
              for m, mid in enumerate(w.mineral_ids)]
    return Industry(
        facilities=facilities, projects=projects, stocks=stocks,
        tech={f: int(s.tech[n, i]) for i, f in enumerate(TECH_FIELDS)},
        research=[f for i, f in enumerate(TECH_FIELDS) if s.research_orders[n, i] > 0],
        social_licence=float(s.social_licence[n]), pollution=float(s.pollution[n]),
        treasury=float(s.treasury[n]), income=float(w.income[n]),
        political_capital=float(s.political_capital[n]),
    )


# --------------------------------------------------------------------------- the world


@dataclass(frozen=True)
class PowerRow:
    id: str
    name: str
    index: float
    gain: float
    their_view: float  # how they regard the player (-100..100)
    your_view: float
    tension_added: float
    is_you: bool
    reputation: float = 50.0  # 0..100: what others read when they answer an offer


@dataclass(frozen=True)
class ProducerRow:
    id: str
    name: str
    governance: float
    stability: float
    toward_you: float  # alignment 0..1
    leans_to: str
    leaning: float
    their_view: float


@dataclass(frozen=True)
class ControlRow:
    controller: str
    controller_name: str
    mineral: str
    short: str
    stage: str
    target: str
    target_name: str
    level: str


@dataclass(frozen=True)
class TariffRow:
    importer: str
    short: str
    stage: str
    exporter: str
    rate: float


@dataclass(frozen=True)
class SubsidyRow:
    nation: str
    short: str
    stage: str
    rate: float


@dataclass(frozen=True)
class WorldView:
    tension: float
    powers: list[PowerRow]
    producers: list[ProducerRow]
    controls: list[ControlRow]
    tariffs: list[TariffRow]
    subsidies: list[SubsidyRow]
    agreements: list[str] = field(default_factory=list)  # the player's
    elsewhere: list[str] = field(default_factory=list)  # alliances and sanctions the player is not in


def controls_in_force(game: Game) -> list[ControlRow]:
    w, s = game.world, game.state
    out = []
    for c, m, k in zip(*np.nonzero(s.controls_all)):
        out.append(ControlRow(w.nation_ids[c], w.content.nations[c].name, w.mineral_ids[m],
                              w.content.minerals[m].short, STAGES[k], "all", "all buyers",
                              CONTROL_LEVELS[int(s.controls_all[c, m, k])]))
    for c, m, k, t in zip(*np.nonzero(s.controls_target)):
        out.append(ControlRow(w.nation_ids[c], w.content.nations[c].name, w.mineral_ids[m],
                              w.content.minerals[m].short, STAGES[k], w.nation_ids[t], w.content.nations[t].name,
                              CONTROL_LEVELS[int(s.controls_target[c, m, k, t])]))
    out.sort(key=lambda r: (w.nidx[r.controller], w.midx[r.mineral], r.stage, r.target != "all", r.target))
    return out


def world_view(game: Game, power: str) -> WorldView:
    """The powers, the producer states, and the controls, tariffs and subsidies in force."""
    w, s = game.world, game.state
    n = w.nidx[power]
    scores = game.scores()
    powers = [PowerRow(p, w.content.nations[w.nidx[p]].name, float(s.index[w.nidx[p]]), scores[p],
                       float(s.relations[w.nidx[p], n]), float(s.relations[n, w.nidx[p]]),
                       float(s.tension_by[w.nidx[p]]), p == power, float(s.reputation[w.nidx[p]]))
              for p in game.powers]
    producers = []
    for i, nat in enumerate(w.content.nations):
        if nat.kind != "producer":
            continue
        leaning = {p: float(s.alignment[i, w.nidx[p]]) for p in game.powers}
        top = max(game.powers, key=lambda p: (leaning[p], -game.powers.index(p)))
        producers.append(ProducerRow(nat.id, nat.name, float(nat.governance), float(s.stability[i]),
                                     leaning.get(power, 0.0), w.content.nations[w.nidx[top]].name, leaning[top],
                                     float(s.relations[i, n])))
    tariffs = [TariffRow(w.content.nations[i].name, w.content.minerals[m].short, STAGES[k], w.content.nations[e].name,
                         float(s.tariffs[i, m, k, e])) for i, m, k, e in zip(*np.nonzero(s.tariffs))]
    subsidies = [SubsidyRow(w.content.nations[i].name, w.content.minerals[m].short, STAGES[k],
                            float(s.subsidies[i, m, k])) for i, m, k in zip(*np.nonzero(s.subsidies))]
    mine = [a["summary"] for a in game.agreements(power)]
    elsewhere = [a["summary"] for a in game.agreements() if a["kind"] in ("alliance", "sanction", "insurance",
                                                                          "certification")
                 and power not in (a.get("members") or [a.get("by"), a.get("on")])]
    return WorldView(float(s.tension), powers, producers, controls_in_force(game), tariffs, subsidies, mine,
                     elsewhere)


# --------------------------------------------------------------------------- one market


@dataclass(frozen=True)
class Market:
    mineral: str
    stage: str
    short: str
    name: str
    unit: str
    price: float
    reference: float
    history: list[float]
    supply: float  # world output this quarter, t
    demand: float  # world use this quarter, t
    producers: list[tuple[str, float, float]]  # name, t, share
    flows: list[tuple[str, str, float]]  # exporter, importer, t
    controls: list[ControlRow]
    yours: dict[str, float]
    ore_limit: float | None = None  # ore: the most refiners pay for it this quarter, in the mineral's unit
    ore_rationed: bool = False  # ore: its price is at that limit (above the floor): refiners get less than they want


def price_history(game: Game, mineral: str, stage: str) -> list[float]:
    """The open price at the start and after every resolved turn, in the mineral's unit."""
    w = game.world
    m, k = w.midx[mineral], STAGES.index(stage)
    start = display_price(game, m, float(start_template(w).price[m, k]))
    return [start] + [float(r["prices"][mineral][stage]) for r in game.reports]


def market(game: Game, power: str, mineral: str, stage: str, top: int = 5) -> Market:
    """One market: price now and over the game, world supply and use, who produces it,
    who supplies whom, the controls on it, and the player's own figures."""
    w, s = game.world, game.state
    m, k, n = w.midx[mineral], STAGES.index(stage), w.nidx[power]
    mineral_spec = w.content.minerals[m]
    prod = s.production[:, m, k]
    total = float(prod.sum())
    producers = [(w.content.nations[i].name, float(prod[i]), float(prod[i] / total) if total else 0.0)
                 for i in np.argsort(-prod, kind="stable")[:top] if prod[i] > 0]
    flows_m = s.trade_flows[m, k]
    order = np.argsort(-flows_m, axis=None, kind="stable")[:top + 2]
    flows = []
    for idx in order:
        e, i = np.unravel_index(int(idx), flows_m.shape)
        if flows_m[e, i] <= 0 or e == i:
            continue
        flows.append((w.content.nations[int(e)].name, w.content.nations[int(i)].name, float(flows_m[e, i])))
    controls = [c for c in controls_in_force(game) if c.mineral == mineral and c.stage == stage]
    yours = {
        "use": float(s.consumption[n, m, k]), "output": float(prod[n]), "imports": float(s.imports[n, m, k]),
        "exports": float(s.exports[n, m, k]), "local_price": display_price(game, m, float(s.local_price[n, m, k])),
        "stockpile": float(s.stockpile[n, m, k]),
    }
    limit, rationed = None, False
    if k == 0:
        most, at_limit = _ore_limits(w, s.price)
        limit, rationed = display_price(game, m, float(most[m])), bool(at_limit[m])
    return Market(mineral, stage, mineral_spec.short, mineral_spec.stages[stage].name, mineral_spec.price_unit,
                  display_price(game, m, float(s.price[m, k])), display_price(game, m, float(w.p0[m, k])),
                  price_history(game, mineral, stage), total, float(s.consumption[:, m, k].sum()),
                  producers, flows[:top], controls, yours, limit, rationed)


# --------------------------------------------------------------------------- over the game


def index_history(game: Game) -> dict[str, list[float]]:
    """Each power's index at the start and after every resolved turn."""
    s = game.state
    out = {}
    for p in game.powers:
        out[p] = [float(s.start_index[game.world.nidx[p]])] + [float(r["powers"][p]["index"]) for r in game.reports]
    return out


def tension_history(game: Game) -> list[float]:
    return [float(start_template(game.world).tension)] + [float(r["tension"]) for r in game.reports]


# --------------------------------------------------------------------------- the turn


@dataclass(frozen=True)
class RivalMove:
    power: str
    name: str
    text: str  # what the engine reported
    reason: str  # why the AI did it


@dataclass
class TurnBrief:
    """What the player reads after a turn: the headline, price moves and their causes,
    changes in the player's dependence, the player's news, and what each rival did and why."""

    turn: int
    date: str
    headline: str | None
    price_moves: list[PriceMove]
    dependence_changes: list[DependenceChange]
    your_news: list[str]
    world_news: list[str]
    rivals: dict[str, list[RivalMove]]
    index: tuple[float, float]
    over: bool
    end_reason: str


def turn_brief(game: Game, power: str, report: dict[str, Any], before: Snapshot, prev: Snapshot | None,
               rivals: dict[str, list[RivalMove]]) -> TurnBrief:
    """The brief of the turn ``report`` resolved (call right after ``end_turn``)."""
    w = game.world
    n = w.nidx[power]
    events = report["events"]
    headline = next((e["text"] for e in events if e.get("type") == "headline"), None)
    yours, world = [], []
    for e in events:
        kind = e.get("type")
        if kind in ("headline",):
            continue
        if kind == "action":
            if e.get("nation") == power:
                yours.append(e["text"])
            continue
        mine = e.get("nation") == power
        if kind == "project_complete" and not mine:
            mine = power in e["text"] or w.content.nations[n].name in e["text"]
        (yours if mine else world).append(e["text"])
    return TurnBrief(
        turn=report["turn"], date=report["date"], headline=headline,
        price_moves=price_moves(game, before, prev, events),
        dependence_changes=dependence_changes(game, power, before),
        your_news=yours, world_news=world, rivals=rivals,
        index=(float(before.index[n]), float(game.state.index[n])),
        over=bool(report["over"]), end_reason=str(report.get("end_reason") or ""),
    )


# --------------------------------------------------------------------------- actions and cards


def escalation_note(game: Game, added: float) -> str:
    """What a move adds to tension and, above the hazard's threshold, the chance it tips the
    world into confrontation (rules.crisis_chance): 'tension +11.9 (60 → 72), risk of
    confrontation 16%'."""
    t = float(game.state.tension)
    after = min(rules.TENSION_CAP, t + added)
    risk = rules.move_risk(game.world.content.rules.crisis_hazard, t, added)
    text = f"tension +{added:.1f} ({t:.0f} → {after:.0f})"
    return text + (f", risk of confrontation {risk:.0%}" if risk >= 0.005 else "")


def action_preview(game: Game, power: str, action: dict[str, Any]) -> str:
    """What an action will cost and do, from the content's figures (the engine decides
    whether it is allowed; this only describes it)."""
    w, s = game.world, game.state
    n = w.nidx[power]
    rules = w.content.rules
    name = action.get("action")
    mid = action.get("mineral")
    short = mineral_short(game, mid) if mid in w.midx else str(mid)
    if name in ("build_mine", "expand_mine", "build_refinery") and mid in w.midx:
        kind = {"build_mine": "mine", "expand_mine": "expansion", "build_refinery": "refinery"}[name]
        cap, cost, turns = w.project_specs[w.midx[mid], PROJECT_KINDS.index(kind)]
        pc = act.PC_COST.get(name, 0.0)
        text = f"Costs ${cost:.2f} bn" + (f" and {pc:.0f} political capital" if pc else "")
        stage = "refined" if kind == "refinery" else "ore"
        text += f"; adds {cap:,.0f} t/yr of {short} {stage} after {turns:.0f} quarters"
        if kind != "expansion":
            text += f"; social licence −{rules.social_licence_per_project:g}"
        return text + "."
    if name == "research":
        fld = action.get("field")
        level = int(s.tech[n, TECH_FIELDS.index(fld)]) if fld in TECH_FIELDS else 0
        return (f"Costs ${rules.research_cost:.2f} bn this quarter; {fld} is at level {level} of 5. "
                "A programme may break through when the quarter resolves.")
    if name in ("stockpile_buy", "stockpile_release") and mid in w.midx:
        m = w.midx[mid]
        stage = action.get("stage", "refined")
        k = STAGES.index(stage) if stage in STAGES else 1
        try:
            amount = float(action["amount"]) if "amount" in action else \
                tonnes_for_weeks(s, n, m, float(action.get("weeks", 0)))
        except (TypeError, ValueError):
            return ""
        price = display_price(game, m, float(s.local_price[n, m, k]))
        unit = price_unit(game, mid)
        held = float(s.stockpile[n, m, k])
        if name == "stockpile_buy":
            cost = amount * float(s.local_price[n, m, k]) / 1e9
            return (f"Orders {_fmt_t(amount)} of {short} {stage} at about {price:,.1f} {unit} "
                    f"(≈ ${cost:.2f} bn), settled when the quarter resolves; you hold {_fmt_t(held)}.")
        return f"Releases {_fmt_t(amount)} of {short} {stage} onto the market; you hold {_fmt_t(held)}."
    if name == "export_control" and mid in w.midx:
        level = action.get("level", "none")
        cost = rules.export_control_political_cost.get(level, 0.0)
        m = w.midx[mid]
        k = STAGES.index(action.get("stage", "refined")) if action.get("stage") in STAGES else 1
        total = float(s.production[:, m, k].sum())
        share = float(s.production[n, m, k] / total) if total > 0 else 0.0
        if level == "none" or level not in rules.export_control_tension:
            return "Lifts the control: relations with its targets mend a little."
        added = act.control_tension(w, s, n, m, k, level)
        return (f"Costs {cost:.0f} political capital; you produce {share:.0%} of the world's {short} "
                f"{action.get('stage', '')}. Sours the targets' relations with you; "
                + escalation_note(game, added) + ".")
    if name == "tariff":
        rate = action.get("rate")
        return (f"Costs {act.PC_COST['tariff']:.0f} political capital to raise; "
                + escalation_note(game, rules.tariff_tension)
                + "; the exporter's view of you worsens." if rate else "Removes the tariff.")
    if name == "sanction":
        return ("Trade with them stops both ways; " + escalation_note(game, rules.diplomacy.sanction_tension)
                + "; relations fall sharply.")
    if name == "subsidy":
        return (f"Costs {act.PC_COST['subsidy']:.0f} political capital to raise; pays a share of the value "
                "of your own output of that market.")
    return ""


def _who(game: Game, ref: str, actor: str | None) -> str:
    if ref == "self":
        return "you" if actor is None else nation_name(game, actor)
    if ref == "all":
        return "everyone"
    return nation_name(game, ref)


def effect_text(game: Game, effect: Any, actor: str | None = None) -> str:
    """One card effect in plain words (``self`` is "you" unless an actor is named)."""
    e = effect
    t = e.type
    short = mineral_short(game, e.mineral) if getattr(e, "mineral", None) in game.world.midx else ""
    if t == "price_shock":
        return (f"{short} {e.stage}: buyers {'scramble' if e.multiple >= 1 else 'hold back'} "
                f"(price ×{e.multiple:g} for {e.turns} quarter{'s' if e.turns != 1 else ''})")
    if t == "demand_shift":
        who = "worldwide" if e.nation == "all" else f"for {_who(game, e.nation, actor)}"
        return f"{short} demand {e.pct:+g}% {who}" + (f" for {e.turns} quarters" if e.turns else "")
    if t == "capacity_loss":
        return (f"{_who(game, e.nation, actor)} loses {e.pct:g}% of {short} {e.stage} capacity"
                + (f" for {e.turns} quarter{'s' if e.turns != 1 else ''}" if e.turns else " for good"))
    if t == "export_control":
        return (f"{_who(game, e.controller, actor)}: export {e.level} on {short} {e.stage} "
                f"to {_who(game, e.target, actor) if e.target != 'all' else 'all buyers'}")
    if t == "relation_change":
        return f"{_who(game, e.nation, actor)}'s view of {_who(game, e.other, actor)} {e.delta:+g}"
    if t == "tension":
        return f"global tension {e.delta:+g}"
    if t == "treasury":
        return f"{_who(game, e.nation, actor)}: treasury {e.delta:+g} $bn"
    if t == "political_capital":
        return f"{_who(game, e.nation, actor)}: political capital {e.delta:+g}"
    if t == "technology":
        return f"{_who(game, e.nation, actor)}: {e.field} technology {e.delta:+d}"
    if t == "social_licence":
        return f"{_who(game, e.nation, actor)}: social licence {e.delta:+g}"
    if t == "stockpile":
        return f"{_who(game, e.nation, actor)}: {short} {e.stage} stockpile {e.weeks:+g} weeks of use"
    if t == "project":
        return (f"new project: {e.name} in {_who(game, e.nation, actor)} ({short} {e.stage}, "
                f"{e.capacity:,.0f} t/yr in {e.turns} quarters)")
    if t == "unlock_card":
        return f"the card '{_card_title(game, e.card)}' joins the deck"
    if t == "remove_card":
        return f"the card '{_card_title(game, e.card)}' leaves the game"
    return t


def cost_text(treasury: float, capital: float) -> str:
    parts = []
    if treasury:
        parts.append(f"${treasury:g} bn")
    if capital:
        parts.append(f"{capital:g} political capital")
    return " and ".join(parts) if parts else "free"


@dataclass(frozen=True)
class SourceLine:
    ref: str
    text: str  # the claim's text, or "" for a dated event or a research key
    data_note: str = ""  # where the data contradicts or qualifies the claim: shown beside it


def card_sources(game: Game, card: Any) -> list[SourceLine]:
    """A card's sources, with the text of every cited claim of the seeds digest and its data
    note where it has one."""
    out = []
    for ref in card.sources:
        claim = game.content.claims.get(ref)
        out.append(SourceLine(ref, claim.text, claim.data_note) if claim else SourceLine(ref, ""))
    return out


def news_log(game: Game) -> list[tuple[int, str, list[dict[str, Any]]]]:
    """(turn, date, events) for the turn in progress and every resolved turn, newest first."""
    out = []
    if not game.is_over:
        out.append((game.turn, game.date_label(), list(game.state.events)))
    for r in reversed(game.reports):
        out.append((int(r["turn"]), str(r["date"]), list(r["events"])))
    return out

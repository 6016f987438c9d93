"""The mutable state of one game, its canonical serialization and its hash.

Everything that can change lives here, including the world's random generator,
so a state snapshot plus the action log is enough to continue or verify a game.
"""

from __future__ import annotations

import copy
import hashlib
import marshal
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from game.content.schema import STAGES
from game.engine.world import LEVEL_INDEX, World

CRISIS_STREAM = 7  # the crisis stream's key below the game's seed (any fixed number: it only has to differ)

ARRAY_FIELDS = (
    "treasury", "political_capital", "social_licence", "pollution", "tech", "relations",
    "tension_by", "fac_capacity", "fac_location", "fac_mineral", "fac_stage", "fac_owners",
    "reserves", "stockpile", "feed", "demand", "controls_all", "controls_target", "tariffs",
    "subsidies", "price", "local_price", "price_trend", "production", "recycled", "consumption",
    "imports", "exports", "released", "stocked", "need", "coverage", "output_factor",
    "supplier", "supplier_share", "denied_share", "index_parts", "index", "start_index", "index_lived", "stock_orders",
    "release_orders", "research_orders", "trade_flows", "shortage_streak",
    "alignment", "reputation", "stability",
)
INT_FIELDS = ("tech", "fac_location", "fac_mineral", "fac_stage", "controls_all", "supplier",
              "research_orders", "shortage_streak")
# trade_flows is left out of the hash: it is rebuilt every quarter from hashed state (production,
# imports, exports, controls) and feeds nothing later, so hashing it adds bytes but no information.
SPARSE_FIELDS = ("controls_target", "tariffs")
FACILITY_FLOATS = ("fac_capacity", "fac_owners")  # grow as projects open: kept apart
# Fixed-size float fields live side by side in one buffer (the arena) and each field is a
# view into it, so hashing the state reads one block of memory instead of forty arrays.
# Code must change these arrays in place (a[...] = x, a += x), never rebind them;
# tests check after every turn of the random playouts that each is still a view.
ARENA_FIELDS = tuple(n for n in ARRAY_FIELDS
                     if n not in INT_FIELDS + SPARSE_FIELDS + FACILITY_FLOATS and n != "trade_flows")


@dataclass
class Project:
    name: str
    location: int
    owners: list[float]  # share per nation
    mineral: int
    stage: int
    capacity: float
    turns_left: int
    sponsor: int  # nation that started it (-1 for scenario projects)
    kind: str

    def copy(self) -> "Project":
        out = Project(self.name, self.location, list(self.owners), self.mineral, self.stage, self.capacity,
                      self.turns_left, self.sponsor, self.kind)
        if "key" in self.__dict__:  # nothing the key reads changes once a project exists
            out.__dict__["key"] = self.__dict__["key"]
        return out

    @cached_property
    def key(self) -> str:
        """Everything but the countdown, canonically (for the state hash)."""
        owners = tuple([(i, float(x)) for i, x in enumerate(self.owners) if x])
        return repr((self.name, int(self.location), owners, int(self.mineral), int(self.stage), float(self.capacity),
                     int(self.sponsor), self.kind))

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "location": int(self.location), "owners": [float(x) for x in self.owners],
            "mineral": int(self.mineral), "stage": int(self.stage), "capacity": float(self.capacity),
            "turns_left": int(self.turns_left), "sponsor": int(self.sponsor), "kind": self.kind,
        }


@dataclass
class GameState:
    turn: int  # turns resolved so far; the turn being played is turn + 1
    tension: float
    over: bool
    end_reason: str
    treasury: np.ndarray  # [N] $bn
    political_capital: np.ndarray  # [N]
    social_licence: np.ndarray  # [N] 0..100
    pollution: np.ndarray  # [N] 0..100
    tech: np.ndarray  # [N, 4] int levels
    relations: np.ndarray  # [N, N] -100..100
    tension_by: np.ndarray  # [N] tension each nation has added
    fac_capacity: np.ndarray  # [F] t/yr
    fac_location: np.ndarray  # [F]
    fac_mineral: np.ndarray  # [F]
    fac_stage: np.ndarray  # [F]
    fac_owners: np.ndarray  # [F, N]
    fac_names: list[str]
    reserves: np.ndarray  # [N, M] t
    stockpile: np.ndarray  # [N, M, K] t
    feed: np.ndarray  # [N, M] ore waiting at refineries, t
    demand: np.ndarray  # [N, M] refined t/yr at reference price (grows)
    controls_all: np.ndarray  # [N, M, K] level index against everyone
    controls_target: np.ndarray  # [N, M, K, N] level index against one nation
    tariffs: np.ndarray  # [N importer, M, K, N exporter] rate
    subsidies: np.ndarray  # [N, M, K] rate
    price: np.ndarray  # [M, K] open-market price $/t
    local_price: np.ndarray  # [N, M, K]
    price_trend: np.ndarray  # [N, M, K] smoothed local price, drives investment
    # flows of the last resolved turn, t per quarter
    production: np.ndarray  # [N, M, K]
    recycled: np.ndarray  # [N, M]
    consumption: np.ndarray  # [N, M, K] (ore: taken in by refineries)
    imports: np.ndarray  # [N, M, K]
    exports: np.ndarray  # [N, M, K]
    released: np.ndarray  # [N, M, K]
    stocked: np.ndarray  # [N, M, K]
    need: np.ndarray  # [N, M] refined need at reference price
    coverage: np.ndarray  # [N, M]
    output_factor: np.ndarray  # [N, S]
    supplier: np.ndarray  # [N, M] top foreign supplier of refined (-1 none)
    supplier_share: np.ndarray  # [N, M] its share of consumption
    denied_share: np.ndarray  # [N, M] share of its refined supply export controls denied it
    trade_flows: np.ndarray  # [M, K, N exporter, N importer] t per quarter
    index_parts: np.ndarray  # [N, 4]
    index: np.ndarray  # [N]
    start_index: np.ndarray  # [N]
    index_lived: np.ndarray  # [N] index points earned quarter by quarter (scoring.accrue_index)
    # orders placed this turn, settled at resolution
    stock_orders: np.ndarray  # [N, M, K] t to buy
    release_orders: np.ndarray  # [N, M, K] t to release
    research_orders: np.ndarray  # [N, 4] programmes
    # diplomacy (engine.diplomacy)
    alignment: np.ndarray  # [N producer, N power] leaning 0..1
    reputation: np.ndarray  # [N] 0..100
    stability: np.ndarray  # [N] producer states 0..1
    shortage_streak: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))  # [N, M]
    projects: list[Project] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)  # of the last resolved turn
    # cards: piles, hands, the headline and choices waiting (see engine.cards)
    deck: dict[str, Any] = field(default_factory=dict)
    modifiers: list[dict[str, Any]] = field(default_factory=list)  # temporary card effects
    pending_triggers: list[str] = field(default_factory=list)
    objectives: dict[str, dict[str, bool]] = field(default_factory=dict)  # power -> objective -> met
    diplomacy: dict[str, Any] = field(default_factory=dict)  # offers, agreements, unrest (engine.diplomacy)
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))
    # the crisis hazard's own stream, a fixed child of the game's seed (rules.raise_tension): it
    # is drawn only when an escalation ends above the hazard's threshold (rules.yaml
    # crisis_hazard.above), so games that never get
    # there draw exactly what they drew before it existed
    crisis_rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(1))
    crisis_by: int = -1  # the power whose escalation tipped the world into confrontation (-1: none)

    def __post_init__(self) -> None:
        sizes = [getattr(self, n).size for n in ARENA_FIELDS]
        arena = np.empty(sum(sizes))
        at = 0
        for name, size in zip(ARENA_FIELDS, sizes):
            arena[at:at + size] = getattr(self, name).ravel()
            at += size
        self._bind(arena)

    def _bind(self, arena: np.ndarray) -> None:
        self._arena = arena
        at = 0
        for name in ARENA_FIELDS:
            shape = getattr(self, name).shape
            size = math.prod(shape)  # np.prod costs microseconds per call; the game start binds forty
            setattr(self, name, arena[at:at + size].reshape(shape))
            at += size

    def arena_intact(self) -> bool:
        """True while every arena field is still a view of the arena (see ARENA_FIELDS)."""
        return all(getattr(self, n).base is self._arena for n in ARENA_FIELDS)

    # --------------------------------------------------------------- helpers
    def clone(self) -> "GameState":
        out = copy.copy(self)
        out.__dict__.pop("_market_inputs", None)  # holds this state's agreements
        for name in ARRAY_FIELDS:
            if name not in ARENA_FIELDS:
                setattr(out, name, getattr(self, name).copy())
        out._bind(self._arena.copy())
        out.fac_names = list(self.fac_names)
        out.projects = [p.copy() for p in self.projects]
        out.events = list(self.events)
        out.deck = _copy_plain(self.deck)
        out.modifiers = [dict(m) for m in self.modifiers]
        out.pending_triggers = list(self.pending_triggers)
        out.objectives = _copy_plain(self.objectives)
        out.diplomacy = _copy_plain(self.diplomacy)
        out.rng = np.random.Generator(type(self.rng.bit_generator)())
        out.rng.bit_generator.state = self.rng.bit_generator.state
        out.crisis_rng = np.random.Generator(type(self.crisis_rng.bit_generator)())
        out.crisis_rng.bit_generator.state = self.crisis_rng.bit_generator.state
        return out

    # --------------------------------------------------------------- serialization
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot that restores this state exactly."""
        out: dict[str, Any] = {
            "turn": self.turn, "tension": self.tension, "over": self.over,
            "end_reason": self.end_reason, "fac_names": self.fac_names,
            "projects": [p.as_dict() for p in self.projects], "events": self.events,
            "rng": _rng_state(self.rng), "crisis_rng": _rng_state(self.crisis_rng), "crisis_by": self.crisis_by,
            "deck": self.deck, "modifiers": self.modifiers,
            "pending_triggers": self.pending_triggers, "objectives": self.objectives,
            "diplomacy": self.diplomacy,
        }
        for name in ARRAY_FIELDS:
            arr = getattr(self, name)
            out[name] = {"dtype": str(arr.dtype), "shape": list(arr.shape), "data": arr.ravel().tolist()}
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "GameState":
        kwargs: dict[str, Any] = {}
        for name in ARRAY_FIELDS:
            spec = data[name]
            kwargs[name] = np.array(spec["data"], dtype=spec["dtype"]).reshape(spec["shape"])
        rng = np.random.Generator(np.random.PCG64())
        rng.bit_generator.state = data["rng"]
        crisis_rng = np.random.Generator(np.random.PCG64())
        crisis_rng.bit_generator.state = data["crisis_rng"]
        return cls(
            turn=int(data["turn"]), tension=float(data["tension"]), over=bool(data["over"]),
            end_reason=str(data["end_reason"]), fac_names=list(data["fac_names"]),
            projects=[Project(**p) for p in data["projects"]], events=list(data["events"]),
            rng=rng, crisis_rng=crisis_rng, crisis_by=int(data["crisis_by"]), deck=_copy_plain(data["deck"]),
            modifiers=[dict(m) for m in data["modifiers"]],
            pending_triggers=list(data["pending_triggers"]), objectives=_copy_plain(data["objectives"]),
            diplomacy=_copy_plain(data["diplomacy"]),
            **kwargs,
        )

    def state_hash(self) -> str:
        """sha256 of a canonical serialization.

        Floats are hashed as float32: the last bits of float64 arithmetic may
        differ between CPUs (vectorised maths), and float32 rounding absorbs that
        while any real difference in play still changes the hash.
        """
        head = "|".join((
            str(self.turn), repr(round(self.tension, 6)), str(self.over), self.end_reason,
            str(len(self.fac_names)), "".join(self.fac_names[-1:]),
            ";".join([f"{p.key}/{p.turns_left}" for p in self.projects]), repr(_rng_key(self.rng)),
            repr(_rng_key(self.crisis_rng)), str(self.crisis_by),
            _deck_key(self.deck), ",".join(self.pending_triggers),
            "",
        ))
        h = hashlib.sha256(head.encode())
        # plain dicts and lists, built by fixed code paths (and kept in order by saves)
        h.update(_plain_bytes([self.modifiers, self.objectives, self.diplomacy]))
        # arrays are fed as buffers (no bytes copies), each group cast in one call
        h.update(self._arena.astype("<f4").data)
        h.update(np.concatenate((self.fac_capacity, self.fac_owners), axis=None, dtype="<f4").data)
        ints = [getattr(self, n).ravel() for n in INT_FIELDS]
        h.update(np.concatenate(ints, dtype="<i2", casting="unsafe").data)
        # pair policies change rarely: their digest is reused while they stay equal to what was hashed
        h.update(_policy_digest(self))
        return h.hexdigest()


def _policy_digest(state: GameState) -> bytes:
    cached = state.__dict__.get("_policy_cache")
    controls, tariffs = state.controls_target, state.tariffs
    # equal bytes are the fast test (np.array_equal's overhead dominates at this size); the
    # comparison by value stays the rule (a tariff of -0.0 equals 0.0 and keeps the digest)
    raw = (controls.tobytes(), tariffs.tobytes())
    if cached is not None and (cached[0] == raw or (np.array_equal(cached[1], controls)
                                                    and np.array_equal(cached[2], tariffs))):
        return cached[3]
    h = hashlib.sha256(controls.astype("<i1").data)
    h.update(tariffs.astype("<f4").data)
    digest = h.digest()
    state.__dict__["_policy_cache"] = (raw, controls.copy(), tariffs.copy(), digest)
    return digest


def _plain_bytes(value: Any) -> bytes:
    """Canonical bytes of plain data: marshal format 2 writes floats as IEEE bytes and uses
    no back-references, so equal values give equal bytes whatever object holds them.  A numpy
    scalar that slipped in is written as the Python number it equals, as a save reads it back
    (its text would differ from the loaded number's, and between numpy versions)."""
    try:
        return marshal.dumps(value, 2)
    except ValueError:
        return marshal.dumps(_python_numbers(value), 2)


def _python_numbers(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _python_numbers(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_python_numbers(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _copy_plain(value: Any) -> Any:
    """Copy nested dicts and lists of plain values (deck state, objectives)."""
    if isinstance(value, dict):
        return {k: _copy_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_plain(v) for v in value]
    return value


def _deck_key(deck: dict[str, Any]) -> str:
    """Canonical text of the deck state (ids joined in a fixed order of fields and powers)."""
    if not deck:
        return ""
    parts = [",".join(deck["pile"]), ",".join(deck["discard"]), ",".join(deck["removed"]),
             str(deck["headline"]), ",".join([f"{p}={c}" for p, c in sorted(deck["pending"].items())])]
    for field_ in ("hands", "policy_piles", "policy_discards"):
        by_power = deck[field_]
        parts += [p + ":" + ",".join(by_power[p]) for p in sorted(by_power)]
    return "/".join(parts)


def _rng_key(rng: np.random.Generator) -> tuple:
    st = rng.bit_generator.state
    return (st["bit_generator"], st["state"]["state"], st["state"]["inc"], st["has_uint32"], st["uinteger"])


def _rng_state(rng: np.random.Generator) -> dict[str, Any]:
    st = rng.bit_generator.state
    return {"bit_generator": st["bit_generator"], "state": dict(st["state"]),
            "has_uint32": st["has_uint32"], "uinteger": st["uinteger"]}


def crisis_stream(seed_sequence: np.random.SeedSequence) -> np.random.Generator:
    """The crisis hazard's generator: a fixed child of the game's world seed (the same seed
    gives the same stream; drawing from it never moves the world's own generator)."""
    child = np.random.SeedSequence(seed_sequence.entropy, spawn_key=(*seed_sequence.spawn_key, CRISIS_STREAM))
    return np.random.Generator(np.random.PCG64(child))


def initial_state(world: World, seed_sequence: np.random.SeedSequence) -> GameState:
    """The state at the start of the scenario, before any turn is played."""
    from game.engine.diplomacy import new_diplomacy, start_policies
    content, scen = world.content, world.scenario
    N, M, S = world.N, world.M, world.S
    nidx, midx = world.nidx, world.midx
    nations = content.nations

    tech = world.start_tech.copy()
    relations = np.zeros((N, N))
    for i, n in enumerate(nations):
        for other, v in n.relations.items():
            relations[i, nidx[other]] = v
    reserves = np.zeros((N, M))
    demand = np.zeros((N, M))
    stock = np.zeros((N, M, 2))
    for i, n in enumerate(nations):
        for mid, v in n.reserves.items():
            reserves[i, midx[mid]] = v
        for mid, v in n.demand.items():
            demand[i, midx[mid]] = v
        for mid, stages in n.stockpile.items():
            for stage, v in stages.items():
                stock[i, midx[mid], STAGES.index(stage)] = v

    caps, locs, mins, stages_, owners, names = [], [], [], [], [], []
    for i, n in enumerate(nations):
        for f in n.facilities:
            caps.append(f.capacity)
            locs.append(i)
            mins.append(midx[f.mineral])
            stages_.append(STAGES.index(f.stage))
            owners.append(_owner_vector(world, i, f.owners))
            names.append(f.name)

    _apply_scenario_figures(world, caps, locs, mins, stages_, owners, names, demand, relations)
    treasury = np.array([n.treasury for n in nations], dtype=float)
    political = np.array([n.political_capital for n in nations], dtype=float)
    social = np.array([n.social_licence for n in nations], dtype=float)
    for nid, start in scen.nations.items():
        i = nidx[nid]
        for value, arr in ((start.treasury, treasury), (start.political_capital, political),
                           (start.social_licence, social)):
            if value is not None:
                arr[i] = value
        # the stock in weeks of use is set once the start's need is known (game._settle_start)

    controls_all = np.zeros((N, M, 2), dtype=np.int64)
    controls_target = np.zeros((N, M, 2, N), dtype=np.int64)
    for c in scen.export_controls:
        level = LEVEL_INDEX[c.level]
        ci, mi, ki = nidx[c.controller], midx[c.mineral], STAGES.index(c.stage)
        if c.target == "all":
            controls_all[ci, mi, ki] = level
        else:
            controls_target[ci, mi, ki, nidx[c.target]] = level

    projects = [
        Project(name=p.name, location=nidx[p.nation], owners=list(_owner_vector(world, nidx[p.nation], p.owners)),
                mineral=midx[p.mineral], stage=STAGES.index(p.stage), capacity=p.capacity,
                turns_left=p.turns, sponsor=-1, kind="refinery" if p.stage == "refined" else "mine")
        for p in scen.projects
    ]
    p0 = world.p0
    cap_f = np.array(caps, dtype=float)
    loc_f = np.array(locs, dtype=np.int64)
    min_f = np.array(mins, dtype=np.int64)
    stg_f = np.array(stages_, dtype=np.int64)
    feed = np.zeros((N, M))
    u0 = content.rules.utilisation
    refined = stg_f == 1
    quarters = 1.0 + content.rules.refiner_ore_in_hand  # this quarter's run and the ore kept in hand
    np.add.at(feed, (loc_f[refined], min_f[refined]),
              cap_f[refined] / 4 * u0 / world.refining_yield[min_f[refined]] * quarters)

    z_nmk = np.zeros((N, M, 2))
    # last quarter's use, as if it had matched need: recycling draws on it in turn 1
    consumption = z_nmk.copy()
    consumption[:, :, 1] = demand / 4
    consumption[:, :, 0] = feed / quarters
    state = GameState(
        turn=0, tension=float(scen.tension), over=False, end_reason="",
        treasury=treasury, political_capital=political, social_licence=social,
        pollution=np.zeros(N), tech=tech, relations=relations, tension_by=np.zeros(N),
        fac_capacity=cap_f, fac_location=loc_f, fac_mineral=min_f, fac_stage=stg_f,
        fac_owners=np.array(owners, dtype=float).reshape(len(caps), N), fac_names=names,
        reserves=reserves, stockpile=stock, feed=feed, demand=demand,
        controls_all=controls_all, controls_target=controls_target,
        tariffs=np.zeros((N, M, 2, N)), subsidies=np.zeros((N, M, 2)),
        price=p0.copy(), local_price=np.broadcast_to(p0, (N, M, 2)).copy(),
        price_trend=np.broadcast_to(p0, (N, M, 2)).copy(),
        production=z_nmk.copy(), recycled=np.zeros((N, M)), consumption=consumption,
        imports=z_nmk.copy(), exports=z_nmk.copy(), released=z_nmk.copy(), stocked=z_nmk.copy(),
        need=demand / 4, coverage=np.ones((N, M)), output_factor=np.ones((N, S)),
        supplier=np.full((N, M), -1, dtype=np.int64), supplier_share=np.zeros((N, M)), denied_share=np.zeros((N, M)),
        trade_flows=np.zeros((M, 2, N, N)),
        index_parts=np.zeros((N, 4)), index=np.zeros(N), start_index=np.zeros(N), index_lived=np.zeros(N),
        stock_orders=z_nmk.copy(), release_orders=z_nmk.copy(),
        research_orders=np.zeros((N, 4), dtype=np.int64),
        projects=projects, events=[], rng=np.random.Generator(np.random.PCG64(seed_sequence)),
        crisis_rng=crisis_stream(seed_sequence),
        shortage_streak=np.zeros((N, M), dtype=np.int64),
        alignment=world.alignment.copy(), reputation=np.full(N, 50.0),
        stability=np.array([n.stability for n in nations], dtype=float),
        diplomacy=new_diplomacy(),
    )
    start_policies(world, state)
    # pollution starts where today's output would hold it
    from game.engine.turn import pollution_emitted

    nominal = np.zeros((N, M, 2))
    np.add.at(nominal, (loc_f, min_f, stg_f), cap_f * u0 / 4)
    state.pollution[...] = np.clip(pollution_emitted(world, nominal) / content.rules.pollution_decay, 0.0, 100.0)
    return state


def _apply_scenario_figures(world: World, caps: list, locs: list, mins: list, stages_: list, owners: list,
                            names: list, demand: np.ndarray, relations: np.ndarray) -> None:
    """A scenario of another time replaces totals: capacity per mineral, stage and nation is
    spread over that nation's facilities in proportion (a new one is opened where it had
    none); demand and relations are set outright."""
    scen, nidx, midx = world.scenario, world.nidx, world.midx
    for mid, by_stage in scen.capacity.items():
        for stage, by_nation in by_stage.items():
            k = STAGES.index(stage)
            for nid, total in by_nation.items():
                n, m = nidx[nid], midx[mid]
                mine = [i for i in range(len(caps)) if locs[i] == n and mins[i] == m and stages_[i] == k]
                have = sum(caps[i] for i in mine)
                if have > 0:
                    for i in mine:
                        caps[i] *= total / have
                elif total > 0:
                    nation, mineral = world.content.nations[n], world.content.minerals[m]
                    caps.append(total)
                    locs.append(n)
                    mins.append(m)
                    stages_.append(k)
                    owners.append(_owner_vector(world, n, None))
                    names.append(f"{nation.adjective} {mineral.short} {'mines' if k == 0 else 'refineries'}")
    for mid, by_nation in scen.demand.items():
        for nid, value in by_nation.items():
            demand[nidx[nid], midx[mid]] = value
    for nid, start in scen.nations.items():
        for other, value in start.relations.items():
            relations[nidx[nid], nidx[other]] = value
            relations[nidx[other], nidx[nid]] = value


def _owner_vector(world: World, host: int, owners: dict[str, float] | None) -> np.ndarray:
    vec = np.zeros(world.N)
    if not owners:
        vec[host] = 1.0
    else:
        for nid, share in owners.items():
            vec[world.nidx[nid]] = share
    return vec


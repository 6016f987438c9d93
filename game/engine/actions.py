"""The actions a power may take, their validation and their immediate effect.

An action is a plain mapping, e.g.
``{"action": "export_control", "mineral": "dytb", "stage": "refined",
"target": "all", "level": "ban"}``.  :func:`normalize` checks names and types
and fills defaults; :func:`check` checks legality against the state; only then
does :func:`apply` change anything, so an illegal action leaves the state as it
was.  Orders (stockpile trades, research) are settled at turn resolution.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from game.content.schema import CONTROL_LEVELS, STAGES, TECH_FIELDS, ControlLevel
from game.engine import diplomacy
from game.engine.diplomacy import OFFER_KINDS, ROLES, RULES_OF_ALLOCATION
from game.engine.errors import IllegalAction, need_capital, need_money
from game.engine.rules import raise_tension, reserves_allow_mine, reserves_needed, tonnes_for_weeks, weekly_use
from game.engine.state import GameState, Project
from game.engine.world import LEVEL_INDEX, PROJECT_KINDS, TECH_INDEX, World

STOCK_WEEK_CHOICES = (4.0, 13.0)
TARIFF_CHOICES = (0.1, 0.25)
SUBSIDY_CHOICES = (0.1, 0.25)
PC_COST = {"build_mine": 5.0, "expand_mine": 0.0, "build_refinery": 2.0, "tariff": 2.0, "subsidy": 1.0}
MAX_STOCK_ORDER_WEEKS = 26.0


@dataclass(frozen=True)
class Param:
    kind: str  # mineral | stage | target | level | field | amount | weeks | rate
    required: bool = True


ACTIONS: dict[str, dict[str, Param]] = {
    "build_mine": {"mineral": Param("mineral")},
    "expand_mine": {"mineral": Param("mineral")},
    "build_refinery": {"mineral": Param("mineral")},
    "research": {"field": Param("field")},
    "stockpile_buy": {"mineral": Param("mineral"), "stage": Param("stage", False),
                      "amount": Param("amount", False), "weeks": Param("weeks", False)},
    "stockpile_release": {"mineral": Param("mineral"), "stage": Param("stage", False),
                          "amount": Param("amount", False), "weeks": Param("weeks", False)},
    "export_control": {"mineral": Param("mineral"), "stage": Param("stage"),
                       "target": Param("target"), "level": Param("level")},
    "tariff": {"mineral": Param("mineral"), "stage": Param("stage"), "target": Param("target"),
               "rate": Param("rate")},
    "subsidy": {"mineral": Param("mineral"), "stage": Param("stage"), "rate": Param("rate")},
    "play_card": {"card": Param("card"), "choice": Param("choice", False)},
    "choose": {"card": Param("card"), "choice": Param("choice")},
    # diplomacy (game.engine.diplomacy)
    "propose": {"to": Param("power"), "kind": Param("offer_kind"), "mineral": Param("mineral", False),
                "stage": Param("stage", False), "volume": Param("amount", False), "price": Param("amount", False),
                "years": Param("amount", False), "role": Param("role", False), "field": Param("field", False),
                "rule": Param("rule", False)},
    "answer_offer": {"offer": Param("id"), "accept": Param("bool")},
    "cancel_agreement": {"agreement": Param("id")},
    "joint_venture": {"host": Param("producer"), "mineral": Param("mineral"), "stage": Param("stage")},
    "corridor": {"host": Param("producer")},
    "sanction": {"target": Param("power")},
    "alliance_contribute": {"mineral": Param("mineral"), "amount": Param("amount", False),
                            "weeks": Param("weeks", False)},
}
# what each kind of proposal takes: required, then optional with defaults
PROPOSAL_TERMS: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "offtake": (("mineral", "volume"), {"stage": "refined", "price": 1.0, "years": 3.0, "role": "buy"}),
    "alliance": ((), {"rule": "pro_rata"}),
    "insurance": ((), {}),
    "certification": ((), {}),
    "tech_transfer": (("field",), {"price": 0.0}),
    "joint_research": (("field",), {}),
    "summit": ((), {}),
}


def _suggest(name: str, known: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f" (one of: {', '.join(known)})"


NORMAL_MEMO_SIZE = 4096


def normalize(world: World, raw: dict[str, Any]) -> dict[str, Any]:
    """Check an action's shape and ids; return its canonical form (its keys in the order of
    the spec, so the canonical form of a canonical form is itself), a new dict each call.

    The canonical form depends on the world's ids alone, so it is remembered per world: the
    AIs offer the same few actions turn after turn.  The key holds each value's type, since
    ``True == 1`` and a flag must not pass for a number (or the reverse)."""
    try:
        key = tuple((k, v.__class__, v) for k, v in raw.items())
        memo = world.__dict__.setdefault("_normal_memo", {})
        found = memo.get(key)
    except (AttributeError, TypeError):  # not a mapping, or a value that cannot be a key
        return _normalize(world, raw)
    if found is None:
        found = _normalize(world, raw)
        if len(memo) >= NORMAL_MEMO_SIZE:
            memo.clear()
        memo[key] = found
    return dict(found)


def _normalize(world: World, raw: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise IllegalAction("an action must be a mapping with an 'action' key")
    name = raw.get("action")
    if name not in ACTIONS:
        raise IllegalAction(f"unknown action '{name}'" + _suggest(str(name), sorted(ACTIONS)))
    spec = ACTIONS[name]
    out: dict[str, Any] = {"action": name}
    for key in raw:
        if key != "action" and key not in spec:
            raise IllegalAction(f"{name}: unknown parameter '{key}' (expected: {', '.join(spec)})")
    for key, param in spec.items():
        if key not in raw:
            if param.required:
                raise IllegalAction(f"{name}: missing '{key}'")
            continue
        out[key] = _convert(world, name, key, param.kind, raw[key])
    if name in ("stockpile_buy", "stockpile_release"):
        out.setdefault("stage", "refined")
    if name in ("stockpile_buy", "stockpile_release", "alliance_contribute"):
        if ("amount" in out) == ("weeks" in out):
            raise IllegalAction(f"{name}: give either 'amount' (t) or 'weeks' (of own use), not both or neither")
    if name == "propose":
        required, defaults = PROPOSAL_TERMS[out["kind"]]
        allowed = {"to", "kind", *required, *defaults}
        for key in list(out):
            if key not in allowed and key != "action":
                raise IllegalAction(f"propose {out['kind']}: takes no '{key}'"
                                    f" (it takes: {', '.join(sorted(allowed - {'to', 'kind'})) or 'nothing more'})")
        for key in required:
            if key not in out:
                raise IllegalAction(f"propose {out['kind']}: missing '{key}'")
        for key, value in defaults.items():
            out.setdefault(key, value)
    if len(out) > len(raw):  # defaults were filled in: put every key in the order of the spec
        out = {"action": name, **{key: out[key] for key in spec if key in out}}
    return out


_ID_KINDS = {"mineral": "mineral", "stage": "stage", "level": "level", "field": "research field",
             "target": "target", "power": "power", "producer": "producer state", "offer_kind": "kind of offer",
             "role": "role", "rule": "allocation rule"}


_FIXED_IDS: dict[str, tuple[str, ...]] = {"stage": STAGES, "level": CONTROL_LEVELS, "field": TECH_FIELDS,
                                          "offer_kind": OFFER_KINDS, "role": ROLES, "rule": RULES_OF_ALLOCATION}


def _known(world: World, kind: str) -> tuple[str, ...]:
    if kind in _FIXED_IDS:
        return _FIXED_IDS[kind]
    return {"mineral": world.mineral_ids, "power": world.powers, "producer": world.producer_ids}.get(
        kind, world.target_ids)


def _known_sets(world: World) -> dict[str, frozenset[str]]:
    """The ids of each kind as sets, for quick membership tests (built once per world)."""
    found = world.__dict__.get("_action_ids")
    if found is None:
        found = {kind: frozenset(_known(world, kind)) for kind in _ID_KINDS}
        world.__dict__["_action_ids"] = found
    return found


def _convert(world: World, name: str, key: str, kind: str, value: Any) -> Any:
    if kind in ("card", "choice", "id"):
        if not isinstance(value, str):
            raise IllegalAction(f"{name}: '{key}' must be an id (got {value!r})")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise IllegalAction(f"{name}: '{key}' must be true or false (got {value!r})")
        return value
    if kind in _ID_KINDS:
        if not (isinstance(value, str) and value in _known_sets(world)[kind]):
            known = _known(world, kind)
            raise IllegalAction(f"{name}: unknown {_ID_KINDS[kind]} '{value}'" + _suggest(str(value), known))
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise IllegalAction(f"{name}: '{key}' must be a number (got {value!r})") from None
    if not np.isfinite(number) or number < 0:
        raise IllegalAction(f"{name}: '{key}' must be a finite number >= 0 (got {value!r})")
    if kind == "rate" and number > 1:
        raise IllegalAction(f"{name}: 'rate' is a share between 0 and 1 (got {value!r})")
    return number


# --------------------------------------------------------------------------- legality


def check(world: World, state: GameState, power: int, action: dict[str, Any]) -> None:
    """Raise IllegalAction if ``power`` may not take ``action`` now."""
    if state.over:
        raise IllegalAction("the game is over")
    if not world.in_play[power]:
        raise IllegalAction(f"{world.nation_ids[power]} is not a power in this scenario")
    if action["action"] in diplomacy.ACTION_NAMES:
        diplomacy.check(world, state, power, action)
        return
    _CHECKS[action["action"]](world, state, power, action)


def _project_spec(world: World, mineral: str, kind: str) -> tuple[float, float, int]:
    cap, cost, turns = world.project_specs[world.midx[mineral], PROJECT_KINDS.index(kind)]
    return float(cap), float(cost), int(turns)


def _check_build_mine(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    m = world.midx[a["mineral"]]
    cap, cost, _ = _project_spec(world, a["mineral"], "mine")
    if not reserves_allow_mine(state.reserves[power, m], cap):
        raise IllegalAction(f"{world.nation_ids[power]} has no reserves of {a['mineral']} large enough for a mine "
                            f"({state.reserves[power, m]:,.0f} t left; a mine needs {reserves_needed(cap):,.0f} t)")
    if state.social_licence[power] < 20:
        raise IllegalAction("social licence is below 20: communities block new mines")
    need_money(state, power, cost, "a new mine")
    need_capital(state, power, PC_COST["build_mine"], "permitting a mine")


def _check_expand_mine(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    m = world.midx[a["mineral"]]
    own = (state.fac_location == power) & (state.fac_mineral == m) & (state.fac_stage == 0)
    if not own.any():
        raise IllegalAction(f"no {a['mineral']} mine at home to expand; build one first")
    cap, cost, _ = _project_spec(world, a["mineral"], "expansion")
    if not reserves_allow_mine(state.reserves[power, m], cap):
        raise IllegalAction(f"reserves of {a['mineral']} are too small to expand "
                            f"({state.reserves[power, m]:,.0f} t left; {reserves_needed(cap):,.0f} t needed)")
    need_money(state, power, cost, "a mine expansion")


def _check_build_refinery(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    _, cost, _ = _project_spec(world, a["mineral"], "refinery")
    need_money(state, power, cost, "a refinery")
    need_capital(state, power, PC_COST["build_refinery"], "permitting a refinery")


def _check_research(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    f = TECH_INDEX[a["field"]]
    if state.tech[power, f] >= 5:
        raise IllegalAction(f"{a['field']} technology is already at the top level")
    if state.research_orders[power, f] >= 1:
        raise IllegalAction(f"a {a['field']} programme is already running this quarter")
    need_money(state, power, world.content.rules.research_cost, "a research programme")


def _stock_amount(world: World, state: GameState, power: int, a: dict[str, Any]) -> float:
    if "amount" in a:
        return float(a["amount"])
    return tonnes_for_weeks(state, power, world.midx[a["mineral"]], a["weeks"])


def _check_stockpile_buy(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    m, k = world.midx[a["mineral"]], STAGES.index(a["stage"])
    amount = _stock_amount(world, state, power, a)
    if amount <= 0:
        raise IllegalAction(f"nothing to buy: {world.nation_ids[power]} uses no {a['mineral']}"
                            if "weeks" in a else "amount must be above 0")
    limit = weekly_use(max(float(state.need[power, m]), 1.0)) * MAX_STOCK_ORDER_WEEKS
    if amount + state.stock_orders[power, m, k] > limit * 1.0001:
        raise IllegalAction(f"one quarter's orders are limited to {MAX_STOCK_ORDER_WEEKS:.0f} weeks of use "
                            f"({limit:,.0f} t)")
    cost = amount * state.local_price[power, m, k] / 1e9
    need_money(state, power, cost, f"buying {amount:,.0f} t of {a['mineral']}")


def _check_stockpile_release(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    m, k = world.midx[a["mineral"]], STAGES.index(a["stage"])
    amount = _stock_amount(world, state, power, a)
    free = state.stockpile[power, m, k] - state.release_orders[power, m, k]
    if amount <= 0:
        raise IllegalAction("amount must be above 0")
    if amount > free + 1e-6:
        raise IllegalAction(f"the stockpile holds {free:,.0f} t of {a['mineral']} {a['stage']}; "
                            f"cannot release {amount:,.0f} t")


def _check_export_control(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    m, k = world.midx[a["mineral"]], STAGES.index(a["stage"])
    if a["target"] == world.nation_ids[power]:
        raise IllegalAction("a power cannot aim export controls at itself")
    produces = ((state.fac_location == power) & (state.fac_mineral == m) & (state.fac_stage == k)).any()
    if not produces:
        raise IllegalAction(f"{world.nation_ids[power]} produces no {a['mineral']} {a['stage']} to control")
    current = control_in_force(world, state, power, m, k, a["target"])
    new = LEVEL_INDEX[a["level"]]
    if new == current:
        raise IllegalAction(f"that control ({a['level']}) is already in force")
    if new > current:
        costs = world.content.rules.export_control_political_cost
        need_capital(state, power, costs[a["level"]], f"an export {a['level']}")


def control_in_force(world: World, state: GameState, power: int, m: int, k: int, target: str) -> int:
    """The level (an index into CONTROL_LEVELS) of ``power``'s control on one metal and stage
    for ``target`` ("all" or a nation id)."""
    if target == "all":
        return int(state.controls_all[power, m, k])
    return int(state.controls_target[power, m, k, world.nidx[target]])


def _check_tariff(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    if a["target"] in ("all", world.nation_ids[power]):
        raise IllegalAction("a tariff names one exporting nation (not 'all' and not yourself)")
    m, k, t = world.midx[a["mineral"]], STAGES.index(a["stage"]), world.nidx[a["target"]]
    current = state.tariffs[power, m, k, t]
    if abs(current - a["rate"]) < 1e-9:
        raise IllegalAction(f"that tariff ({a['rate']:.0%}) is already in force")
    if a["rate"] > current:
        need_capital(state, power, PC_COST["tariff"], "a tariff")


def _check_subsidy(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    if a["rate"] > 0.5:
        raise IllegalAction("subsidies are capped at 50% of output value")
    m, k = world.midx[a["mineral"]], STAGES.index(a["stage"])
    current = state.subsidies[power, m, k]
    if abs(current - a["rate"]) < 1e-9:
        raise IllegalAction(f"that subsidy ({a['rate']:.0%}) is already in force")
    if a["rate"] > current:
        need_capital(state, power, PC_COST["subsidy"], "a subsidy")


def _card_cost(card: Any, choice: Any) -> tuple[float, float]:
    money = card.cost.treasury + (choice.cost.treasury if choice is not None else 0.0)
    capital = card.cost.political_capital + (choice.cost.political_capital if choice is not None else 0.0)
    return money, capital


def _find_choice(card: Any, choice_id: str | None, name: str) -> Any:
    if choice_id is None:
        if card.choices:
            raise IllegalAction(f"{name}: '{card.id}' asks for a choice: "
                                + ", ".join(c.id for c in card.choices))
        return None
    for choice in card.choices:
        if choice.id == choice_id:
            return choice
    known = [c.id for c in card.choices]
    raise IllegalAction(f"{name}: '{card.id}' has no choice '{choice_id}'"
                        + (_suggest(choice_id, known) if known else " (it has no choices)"))


def _check_play_card(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    pid = world.nation_ids[power]
    hand = state.deck.get("hands", {}).get(pid, [])
    if a["card"] not in hand:
        raise IllegalAction(f"'{a['card']}' is not in {pid}'s hand" + (f" (hand: {', '.join(hand)})" if hand else ""))
    card = world.content.card_index[a["card"]]
    choice = _find_choice(card, a.get("choice"), "play_card")
    money, capital = _card_cost(card, choice)
    need_money(state, power, money, f"'{card.title}'")
    need_capital(state, power, capital, f"'{card.title}'")


def _check_choose(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    pid = world.nation_ids[power]
    pending = state.deck.get("pending", {}).get(pid)
    if pending != a["card"]:
        raise IllegalAction(f"no decision on '{a['card']}' is waiting for {pid}"
                            + (f" (waiting: {pending})" if pending else ""))
    card = world.content.card_index[a["card"]]
    choice = _find_choice(card, a["choice"], "choose")
    money, capital = _card_cost(card, choice) if choice is not None else (0.0, 0.0)
    money -= card.cost.treasury  # the card's own cost is not charged for answering the news
    capital -= card.cost.political_capital
    need_money(state, power, money, f"'{choice.label}'")
    need_capital(state, power, capital, f"'{choice.label}'")


_CHECKS: dict[str, Callable[[World, GameState, int, dict[str, Any]], None]] = {
    "play_card": _check_play_card, "choose": _check_choose,
    "build_mine": _check_build_mine, "expand_mine": _check_expand_mine,
    "build_refinery": _check_build_refinery, "research": _check_research,
    "stockpile_buy": _check_stockpile_buy, "stockpile_release": _check_stockpile_release,
    "export_control": _check_export_control, "tariff": _check_tariff, "subsidy": _check_subsidy,
}


# --------------------------------------------------------------------------- effects


def apply(world: World, state: GameState, power: int, a: dict[str, Any]) -> dict[str, Any]:
    """Carry out a checked action; return a news event describing it."""
    if a["action"] in diplomacy.ACTION_NAMES:
        text = diplomacy.apply(world, state, power, a)
    else:
        text = _APPLY[a["action"]](world, state, power, a)
    return {"type": "action", "nation": world.nation_ids[power], "action": a["action"], "text": text}


def _start_project(world: World, state: GameState, power: int, a: dict[str, Any], kind: str) -> str:
    cap, cost, turns = _project_spec(world, a["mineral"], kind)
    m = world.midx[a["mineral"]]
    stage = 1 if kind == "refinery" else 0
    owners = [0.0] * world.N
    owners[power] = 1.0
    name = f"{world.content.nations[power].adjective} {world.content.minerals[m].short} " + (
        {"mine": "mine", "expansion": "mine expansion", "refinery": "refinery"}[kind])
    state.projects.append(Project(name=name, location=power, owners=owners, mineral=m, stage=stage,
                                  capacity=cap, turns_left=turns, sponsor=power, kind=kind))
    state.treasury[power] -= cost
    state.political_capital[power] -= PC_COST.get("build_" + kind if kind != "expansion" else "expand_mine", 0.0)
    if kind != "expansion":
        state.social_licence[power] = max(0.0, state.social_licence[power]
                                          - world.content.rules.social_licence_per_project)
    return f"{world.content.nations[power].name} starts {name} ({cap:,.0f} t/yr, ${cost:.1f} bn, {turns} quarters)"


def _apply_research(world: World, state: GameState, power: int, a: dict[str, Any]) -> str:
    state.research_orders[power, TECH_INDEX[a["field"]]] += 1
    state.treasury[power] -= world.content.rules.research_cost
    return f"{world.content.nations[power].name} funds {a['field']} research"


def _apply_stock(world: World, state: GameState, power: int, a: dict[str, Any]) -> str:
    m, k = world.midx[a["mineral"]], STAGES.index(a["stage"])
    amount = _stock_amount(world, state, power, a)
    who, what = world.content.nations[power].name, f"{world.content.minerals[m].short} {a['stage']}"
    if a["action"] == "stockpile_buy":
        state.stock_orders[power, m, k] += amount
        return f"{who} orders {amount:,.0f} t of {what} for its stockpile"
    state.release_orders[power, m, k] += amount
    state.pending_triggers.append("stockpile_release")
    return f"{who} releases {amount:,.0f} t of {what} from its stockpile"


def control_tension(world: World, state: GameState, n: int, m: int, k: int, level: ControlLevel) -> float:
    """The tension a stricter control adds: its level's figure (rules.yaml) times one half plus
    the controller's share of world output of that market."""
    world_out = max(float(state.production[:, m, k].sum()), 1e-12)
    share = float(state.production[n, m, k]) / world_out
    return world.content.rules.export_control_tension[level] * (0.5 + share)


def set_export_control(world: World, state: GameState, n: int, m: int, k: int, target: str, new: int,
                       pay: bool = True) -> str:
    """Put a control in force (an action, or a card's effect when ``pay`` is False).
    Stricter controls raise tension and sour the targets' relations; lifting one mends them."""
    rules = world.content.rules
    current = control_in_force(world, state, n, m, k, target)
    state.__dict__.pop("_controls_cache", None)
    if target == "all":
        state.controls_all[n, m, k] = new
        targets = np.nonzero(world.in_play)[0]
    else:
        t = world.nidx[target]
        state.controls_target[n, m, k, t] = new
        targets = np.array([t])
    targets = targets[targets != n]
    level = CONTROL_LEVELS[new]
    if new > current:
        if pay:
            state.political_capital[n] -= rules.export_control_political_cost[level]
        raise_tension(world, state, control_tension(world, state, n, m, k, level), n)
        hit = rules.relation_hit_per_control * (new - current) / 3.0
        state.relations[targets, n] = np.maximum(state.relations[targets, n] - hit, -100.0)
        state.pending_triggers.append("export_control")
        if level == "ban":
            state.pending_triggers.append("export_ban")
    elif new < current:
        state.relations[targets, n] = np.minimum(state.relations[targets, n] + 2.0, 100.0)
    tgt = "all buyers" if target == "all" else world.content.nations[world.nidx[target]].name
    verb = "lifts export controls on" if new == 0 else f"puts an export {level} on"
    return f"{world.content.nations[n].name} {verb} {world.content.minerals[m].short} {STAGES[k]} ({tgt})"


def _apply_export_control(world: World, state: GameState, power: int, a: dict[str, Any]) -> str:
    m, k = world.midx[a["mineral"]], STAGES.index(a["stage"])
    return set_export_control(world, state, power, m, k, a["target"], LEVEL_INDEX[a["level"]])


def _apply_tariff(world: World, state: GameState, power: int, a: dict[str, Any]) -> str:
    rules = world.content.rules
    m, k, t = world.midx[a["mineral"]], STAGES.index(a["stage"]), world.nidx[a["target"]]
    current = state.tariffs[power, m, k, t]
    state.tariffs[power, m, k, t] = a["rate"]
    if a["rate"] > current:
        state.political_capital[power] -= PC_COST["tariff"]
        raise_tension(world, state, rules.tariff_tension, power)
        state.relations[t, power] = max(-100.0, state.relations[t, power] - 6.0)
    return (f"{world.content.nations[power].name} sets a {a['rate']:.0%} tariff on "
            f"{world.content.minerals[m].short} {a['stage']} from {world.content.nations[t].name}")


def _apply_subsidy(world: World, state: GameState, power: int, a: dict[str, Any]) -> str:
    m, k = world.midx[a["mineral"]], STAGES.index(a["stage"])
    if a["rate"] > state.subsidies[power, m, k]:
        state.political_capital[power] -= PC_COST["subsidy"]
    state.subsidies[power, m, k] = a["rate"]
    return (f"{world.content.nations[power].name} subsidises {world.content.minerals[m].short} "
            f"{a['stage']} output at {a['rate']:.0%}")


def _apply_play_card(world: World, state: GameState, power: int, a: dict[str, Any]) -> str:
    from game.engine.cards import deck_for
    from game.engine.effects import apply_effects

    card = world.content.card_index[a["card"]]
    choice = _find_choice(card, a.get("choice"), "play_card")
    money, capital = _card_cost(card, choice)
    state.treasury[power] -= money
    state.political_capital[power] -= capital
    deck = deck_for(world)
    deck.discard_policy(state, world.nation_ids[power], card.id)
    effects = list(card.effects) + (list(choice.effects) if choice is not None else [])
    lines = apply_effects(world, state, effects, power, card.id, deck)
    how = f" ({choice.label})" if choice is not None else ""
    return f"{world.content.nations[power].name} plays '{card.title}'{how}" + (
        ": " + "; ".join(lines) if lines else "")


def _apply_choose(world: World, state: GameState, power: int, a: dict[str, Any]) -> str:
    from game.engine.cards import deck_for
    from game.engine.effects import apply_effects

    card = world.content.card_index[a["card"]]
    choice = _find_choice(card, a["choice"], "choose")
    state.treasury[power] -= choice.cost.treasury
    state.political_capital[power] -= choice.cost.political_capital
    del state.deck["pending"][world.nation_ids[power]]
    lines = apply_effects(world, state, list(choice.effects), power, card.id, deck_for(world))
    return f"{world.content.nations[power].name} answers '{card.title}': {choice.label}" + (
        " — " + "; ".join(lines) if lines else "")


_APPLY: dict[str, Callable[[World, GameState, int, dict[str, Any]], str]] = {
    "play_card": _apply_play_card, "choose": _apply_choose,
    "build_mine": lambda w, s, p, a: _start_project(w, s, p, a, "mine"),
    "expand_mine": lambda w, s, p, a: _start_project(w, s, p, a, "expansion"),
    "build_refinery": lambda w, s, p, a: _start_project(w, s, p, a, "refinery"),
    "research": _apply_research,
    "stockpile_buy": _apply_stock, "stockpile_release": _apply_stock,
    "export_control": _apply_export_control, "tariff": _apply_tariff, "subsidy": _apply_subsidy,
}


# --------------------------------------------------------------------------- enumeration


def candidate_actions(world: World, state: GameState, power: int) -> list[dict[str, Any]]:
    """Every action on the menu for ``power`` (with discrete amounts), legal or not."""
    out: list[dict[str, Any]] = []
    others = [world.nation_ids[i] for i in world.power_index if i != power]
    for mineral in world.mineral_ids:
        for kind in ("build_mine", "expand_mine", "build_refinery"):
            out.append({"action": kind, "mineral": mineral})
        for stage in STAGES:
            for weeks in STOCK_WEEK_CHOICES:
                out.append({"action": "stockpile_buy", "mineral": mineral, "stage": stage, "weeks": weeks})
                out.append({"action": "stockpile_release", "mineral": mineral, "stage": stage, "weeks": weeks})
            for target in ["all"] + others:
                for level in CONTROL_LEVELS:
                    out.append({"action": "export_control", "mineral": mineral, "stage": stage,
                                "target": target, "level": level})
            for target in others:
                for rate in (0.0,) + TARIFF_CHOICES:
                    out.append({"action": "tariff", "mineral": mineral, "stage": stage,
                                "target": target, "rate": rate})
            for rate in (0.0,) + SUBSIDY_CHOICES:
                out.append({"action": "subsidy", "mineral": mineral, "stage": stage, "rate": rate})
    for field in TECH_FIELDS:
        out.append({"action": "research", "field": field})
    pid = world.nation_ids[power]
    for cid in state.deck.get("hands", {}).get(pid, []):
        card = world.content.card_index[cid]
        out.extend({"action": "play_card", "card": cid, "choice": c.id} for c in card.choices)
        if not card.choices:
            out.append({"action": "play_card", "card": cid})
    pending = state.deck.get("pending", {}).get(pid)
    if pending:
        out.extend({"action": "choose", "card": pending, "choice": c.id}
                   for c in world.content.card_index[pending].choices)
    out.extend(diplomacy.candidate_actions(world, state, power))
    return out


def legal_actions(world: World, state: GameState, power: int) -> list[dict[str, Any]]:
    """The actions ``power`` may take now (discrete menu)."""
    legal = []
    for a in candidate_actions(world, state, power):
        try:
            check(world, state, power, a)
        except IllegalAction:
            continue
        legal.append(a)
    return legal

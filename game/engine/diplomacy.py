"""Diplomacy: producer states, agreements between powers, offers, reputation.

Everything here is state plus rules; nothing decides for anyone (the AI lives in game.ai).

State (saved and hashed with the rest):
- ``state.diplomacy`` — plain data: ``next`` (the next offer/agreement number), ``offers``
  (proposals waiting for an answer), ``agreements`` (in force), ``unrest`` (producer ->
  quarters left) and ``policies`` (producer policies in force, "producer:index").
- ``state.alignment`` [N, N] — how each producer state leans toward each power (0..1).
- ``state.reputation`` [N] — 0..100, 50 at the start; broken promises cost it.
- ``state.stability`` [N] — producer states' stability (0..1); unrest strikes at (1 - stability).

Offers: a power *proposes* (offtake contract, alliance, insurance pool, certification regime,
technology transfer, joint research, summit); the other side *answers* (``answer_offer``) on
its own interests, in the same turn or the next; an offer left unanswered lapses at the end
of the turn after it was made.

Producer states are not players; their answers are rules: a joint venture needs the host's
goodwill (alignment), the host keeps a stake (the strings attached), and its own export
policies (content ``policies``) come and go with their conditions.

Each quarter, before the markets: producer policies, unrest (insurance pools share the
losses), joint stockpiles released to short members, contract expiry, drift of alignment and
reputation.  In the markets (the offtake and access phases of game.engine.quarter):
sanctions block trade both ways, alliance members are exempt from each other's general
controls (pooled procurement), contracts are delivered before the open market,
certification levies and corridor discounts adjust landed costs.  After the markets:
contract premiums are paid, and a contract cut by the seller's own export controls is a
breach.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from game.content.schema import CONTROL_LEVELS, STAGES, TECH_FIELDS
from game.engine.errors import IllegalAction, need_capital, need_money
from game.engine.rules import ease_tension, raise_tension, reserves_allow_mine, tonnes_for_weeks
from game.engine.state import GameState, Project
from game.engine.world import LEVEL_INDEX, PROJECT_KINDS, TECH_INDEX, World

OFFER_KINDS = ("offtake", "alliance", "insurance", "certification", "tech_transfer", "joint_research",
               "summit")
CLUBS = ("alliance", "insurance", "certification")  # agreements with a list of members
RULES_OF_ALLOCATION = ("pro_rata", "by_contribution")
ROLES = ("buy", "sell")
SANCTION_PC = 5.0
JV_PC = 2.0
BREACH_DELIVERY = 0.9  # a contract delivered below this share because of the seller's controls is broken


def new_diplomacy() -> dict[str, Any]:
    return {"next": 1, "offers": [], "agreements": [], "unrest": {}, "policies": []}


# --------------------------------------------------------------------------- reading


def offers_to(state: GameState, power: str) -> list[dict[str, Any]]:
    return [o for o in state.diplomacy["offers"] if o["to"] == power]


def agreements_of(state: GameState, power: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    return [a for a in state.diplomacy["agreements"]
            if (power is None or power in parties(a)) and (kind is None or a["kind"] == kind)]


def parties(agreement: dict[str, Any]) -> list[str]:
    kind = agreement["kind"]
    if kind in CLUBS:
        return list(agreement["members"])
    if kind == "offtake":
        return [agreement["seller"], agreement["buyer"]]
    if kind == "sanction":
        return [agreement["by"], agreement["on"]]
    if kind == "corridor":
        return [agreement["power"], agreement["host"]]
    return []


def club_of(state: GameState, power: str, kind: str) -> dict[str, Any] | None:
    for a in state.diplomacy["agreements"]:
        if a["kind"] == kind and power in a["members"]:
            return a
    return None


def sanctioned(state: GameState, a: str, b: str) -> bool:
    for x in state.diplomacy["agreements"]:
        if x["kind"] == "sanction" and ((x["by"] == a and x["on"] == b) or (x["by"] == b and x["on"] == a)):
            return True
    return False


def describe(world: World, item: dict[str, Any]) -> str:
    """One line for an offer or an agreement, as a player reads it."""
    name = lambda pid: world.content.nations[world.nidx[pid]].name  # noqa: E731
    kind = item["kind"]
    t = item.get("terms", item)
    if kind == "offtake":
        mineral = world.content.minerals[world.midx[t["mineral"]]].short
        return (f"offtake: {name(t['seller'])} sells {name(t['buyer'])} {t['volume']:,.0f} t/yr of "
                f"{mineral} {t['stage']} at {t['price']:.2f}x the reference price for {t['years']:.0f} years")
    if kind in CLUBS and "members" in item:
        return f"{kind} ({', '.join(name(m) for m in item['members'])})" + (
            f", {item['rule'].replace('_', ' ')} allocation" if kind == "alliance" else "")
    if kind == "sanction":
        return f"sanctions: {name(item['by'])} on {name(item['on'])}"
    if kind == "corridor":
        return f"corridor: {name(item['power'])} to {name(item['host'])}"
    if kind == "tech_transfer":
        return f"technology transfer: {t['field']} know-how for ${t['price']:.2f} bn"
    if kind == "joint_research":
        return f"joint research on {t['field']}"
    if kind in CLUBS:
        return {"alliance": "join an alliance with pooled procurement and a joint stockpile",
                "insurance": "join an insurance pool against unrest in producer states",
                "certification": "join a certification and traceability regime"}[kind]
    return "a summit to lower tension"


# --------------------------------------------------------------------------- checks


def check(world: World, state: GameState, power: int, a: dict[str, Any]) -> None:
    """Raise IllegalAction if the diplomatic action ``a`` is not allowed now."""
    _CHECKS[a["action"]](world, state, power, a)


def _pid(world: World, n: int) -> str:
    return world.nation_ids[n]


def _need(cond: bool, message: str | Callable[[], str]) -> None:
    """Raise IllegalAction unless ``cond``; a message that needs formatting is passed as a
    function, so it is formatted only when the action is refused."""
    if not cond:
        raise IllegalAction(message if isinstance(message, str) else message())


def _other_power(world: World, n: int, other: str) -> int:
    _need(other in world.powers,
          lambda: f"'{other}' is not a power in this scenario (powers: {', '.join(world.powers)})")
    _need(other != _pid(world, n), "an offer needs another power")
    return world.nidx[other]


def _check_propose(world: World, state: GameState, n: int, a: dict[str, Any]) -> None:
    rules = world.content.rules.diplomacy
    me, to = _pid(world, n), a["to"]
    t = _other_power(world, n, to)
    made = [o for o in state.diplomacy["offers"] if o["from"] == me and o["turn"] == state.turn + 1]
    _need(len(made) < rules.offers_per_turn, lambda: f"at most {rules.offers_per_turn} offers a turn")
    _need(not any(o["to"] == to and o["kind"] == a["kind"] for o in made + offers_to(state, me)
                  if o["from"] in (me, to)),
          lambda: f"an offer of that kind between you and {to} is already open")
    _need(not sanctioned(state, me, to), lambda: f"sanctions are in force between you and {to}: no deals")
    kind, terms = a["kind"], offer_terms(me, a)
    if kind == "offtake":
        _offtake_terms_ok(world, state, terms)
    elif kind in CLUBS:
        mine, theirs = club_of(state, me, kind), club_of(state, to, kind)
        _need(not (mine and theirs), lambda: f"you and {to} are both in a {kind} already"
              + (" (the same one)" if mine is theirs else ""))
        if kind == "certification":
            std = rules.certification_standard
            for x in (n, t):
                _need(world.env_standard[x] >= std, lambda x=x: f"{_pid(world, x)}'s environmental standard "
                      f"({world.env_standard[x]:.2f}) is below the regime's {std:.2f}")
    elif kind == "tech_transfer":
        f = TECH_INDEX[terms["field"]]
        _need(state.tech[n, f] > state.tech[t, f], lambda: f"{to} already has {terms['field']} technology "
              f"level {state.tech[t, f]} (yours: {state.tech[n, f]}); there is nothing to transfer")
    elif kind == "joint_research":
        f = TECH_INDEX[terms["field"]]
        _need(state.tech[n, f] < 5 and state.tech[t, f] < 5, "one side is already at the top level")
        need_money(state, n, world.content.rules.research_cost / 2, "your half of a joint programme")
    elif kind == "summit":
        need_capital(state, n, rules.summit_political_cost, "a summit")


def offer_terms(proposer: str, a: dict[str, Any]) -> dict[str, Any]:
    """The terms of a proposal in the canonical form of an offer (who sells, who buys ...)."""
    kind = a["kind"]
    if kind == "offtake":
        sell = a["role"] == "sell"
        return {"seller": proposer if sell else a["to"], "buyer": a["to"] if sell else proposer,
                "mineral": a["mineral"], "stage": a["stage"], "volume": a["volume"], "price": a["price"],
                "years": a["years"]}
    if kind == "tech_transfer":
        return {"field": a["field"], "price": a["price"]}
    if kind == "joint_research":
        return {"field": a["field"]}
    if kind == "alliance":
        return {"rule": a["rule"]}
    return {}


def _offtake_terms_ok(world: World, state: GameState, terms: dict[str, Any]) -> None:
    rules = world.content.rules.diplomacy
    s, m, k = world.nidx[terms["seller"]], world.midx[terms["mineral"]], STAGES.index(terms["stage"])
    made = float(state.production[s, m, k]) * 4.0
    _need(terms["volume"] > 0, "an offtake contract needs a volume above 0 t/yr")
    _need(terms["volume"] <= 0.5 * made + 1e-6,
          lambda: f"{terms['seller']} makes {made:,.0f} t/yr of {terms['mineral']} {terms['stage']}; "
          f"a contract may take at most half ({0.5 * made:,.0f} t/yr)")
    _need(1 <= terms["years"] <= rules.contract_max_years,
          lambda: f"contracts run 1 to {rules.contract_max_years} years (got {terms['years']:g})")
    _need(0.3 <= terms["price"] <= 5.0,
          lambda: f"the price is a multiple of the reference price, 0.3 to 5 (got {terms['price']:g})")


def find_offer(state: GameState, power: str, ref: str) -> dict[str, Any] | None:
    """An open offer by id ("o12"), or as "FROM:KIND" (the open offer of that kind from that
    power to ``power``; what scripts use, since ids depend on who proposed first)."""
    found = _find(state.diplomacy["offers"], ref)
    if found is None and ":" in ref:
        sender, _, kind = ref.partition(":")
        for o in offers_to(state, power):
            if o["from"] == sender and o["kind"] == kind:
                return o
    return found


def _check_answer(world: World, state: GameState, n: int, a: dict[str, Any]) -> None:
    offer = find_offer(state, _pid(world, n), a["offer"])
    _need(offer is not None, lambda: f"no open offer '{a['offer']}'" + _open_list(state, _pid(world, n)))
    _need(offer["to"] == _pid(world, n),
          lambda: f"offer '{a['offer']}' is addressed to {offer['to']}, not you")
    if a["accept"]:
        _acceptable(world, state, offer)


def _open_list(state: GameState, power: str) -> str:
    ids = [o["id"] for o in offers_to(state, power)]
    return f" (open for you: {', '.join(ids)})" if ids else " (none is open for you)"


def _acceptable(world: World, state: GameState, offer: dict[str, Any]) -> None:
    """What must still hold when an offer is accepted."""
    rules = world.content.rules.diplomacy
    f, t = world.nidx[offer["from"]], world.nidx[offer["to"]]
    _need(not sanctioned(state, offer["from"], offer["to"]), "sanctions are now in force between the two sides")
    kind, terms = offer["kind"], offer["terms"]
    if kind == "offtake":
        _offtake_terms_ok(world, state, terms)
    elif kind in CLUBS:
        mine, theirs = club_of(state, offer["from"], kind), club_of(state, offer["to"], kind)
        _need(not (mine and theirs), lambda: f"both sides are now in a {kind}")
    elif kind == "tech_transfer":
        need_money(state, t, terms["price"], "the transfer")
    elif kind == "joint_research":
        for x in (f, t):
            need_money(state, x, world.content.rules.research_cost / 2, "a half share of the programme")
    elif kind == "summit":
        for x in (f, t):
            need_capital(state, x, rules.summit_political_cost, "a summit")


def _check_cancel(world: World, state: GameState, n: int, a: dict[str, Any]) -> None:
    ag = _find(state.diplomacy["agreements"], a["agreement"])
    me = _pid(world, n)
    mine = [x["id"] for x in agreements_of(state, me) if x["kind"] != "corridor"]
    _need(ag is not None and ag["id"] in mine,
          lambda: f"you are party to no agreement '{a['agreement']}'"
          + (f" (yours: {', '.join(mine)})" if mine else ""))
    if ag["kind"] == "sanction":
        _need(ag["by"] == me, "only the side that imposed sanctions can lift them")


def _check_jv(world: World, state: GameState, n: int, a: dict[str, Any]) -> None:
    rules = world.content.rules.diplomacy
    h, m = world.nidx[a["host"]], world.midx[a["mineral"]]
    need = rules.jv_min_alignment
    _need(state.alignment[h, n] >= need,
          lambda: f"{world.content.nations[h].name} leans {state.alignment[h, n]:.2f} toward you; it signs "
          f"joint ventures at {need:.2f} or more (invest there, open a corridor, or mend relations first)")
    kind = "mine" if a["stage"] == "ore" else "refinery"
    cap, cost, _ = world.project_specs[m, PROJECT_KINDS.index(kind)]
    if kind == "mine":
        _need(reserves_allow_mine(state.reserves[h, m], cap), lambda: f"{world.content.nations[h].name} has no "
              f"{a['mineral']} reserves large enough for a mine ({state.reserves[h, m]:,.0f} t)")
    stake = 1.0 - world.content.nations[h].jv_stake
    need_money(state, n, float(cost) * stake, f"a {stake:.0%} stake in a joint venture")
    need_capital(state, n, JV_PC, "a joint venture abroad")


def _check_corridor(world: World, state: GameState, n: int, a: dict[str, Any]) -> None:
    me = _pid(world, n)
    _need(not any(x["kind"] == "corridor" and x["power"] == me and x["host"] == a["host"]
                  for x in state.diplomacy["agreements"]),
          lambda: f"you already run a corridor to {a['host']}")
    need_money(state, n, world.content.rules.diplomacy.corridor_cost, "a corridor")


def _check_sanction(world: World, state: GameState, n: int, a: dict[str, Any]) -> None:
    _other_power(world, n, a["target"])
    _need(not any(x["kind"] == "sanction" and x["by"] == _pid(world, n) and x["on"] == a["target"]
                  for x in state.diplomacy["agreements"]),
          lambda: f"sanctions on {a['target']} are already in force")
    need_capital(state, n, SANCTION_PC, "sanctions")


def _check_contribute(world: World, state: GameState, n: int, a: dict[str, Any]) -> None:
    _need(club_of(state, _pid(world, n), "alliance") is not None, "you are in no alliance")
    m = world.midx[a["mineral"]]
    amount = contribution_amount(world, state, n, a)
    free = state.stockpile[n, m, 1] - state.release_orders[n, m, 1]
    _need(amount > 0, "amount must be above 0")
    _need(amount <= free + 1e-6,
          lambda: f"your {a['mineral']} stockpile holds {free:,.0f} t; cannot give {amount:,.0f} t")


def contribution_amount(world: World, state: GameState, n: int, a: dict[str, Any]) -> float:
    if "amount" in a:
        return float(a["amount"])
    return tonnes_for_weeks(state, n, world.midx[a["mineral"]], a["weeks"])  # a Python float: it goes
    # into the agreement's plain data, which saves write as JSON and the hash as marshal bytes


ACTION_NAMES = frozenset({"propose", "answer_offer", "cancel_agreement", "joint_venture", "corridor", "sanction",
                          "alliance_contribute"})

_CHECKS = {
    "propose": _check_propose, "answer_offer": _check_answer, "cancel_agreement": _check_cancel,
    "joint_venture": _check_jv, "corridor": _check_corridor, "sanction": _check_sanction,
    "alliance_contribute": _check_contribute,
}


def _find(items: list[dict[str, Any]], ident: str) -> dict[str, Any] | None:
    for x in items:
        if x["id"] == ident:
            return x
    return None


# --------------------------------------------------------------------------- applying


def apply(world: World, state: GameState, n: int, a: dict[str, Any]) -> str:
    return _APPLY[a["action"]](world, state, n, a)


def _name(world: World, n: int | str) -> str:
    return world.content.nations[world.nidx[n] if isinstance(n, str) else n].name


def _new_id(state: GameState, prefix: str) -> str:
    d = state.diplomacy
    ident = f"{prefix}{d['next']}"
    d["next"] += 1
    return ident


def _relate(state: GameState, a: int, b: int, delta: float) -> None:
    for x, y in ((a, b), (b, a)):
        state.relations[x, y] = min(max(float(state.relations[x, y]) + delta, -100.0), 100.0)


def _apply_propose(world: World, state: GameState, n: int, a: dict[str, Any]) -> str:
    offer = {"id": _new_id(state, "o"), "turn": state.turn + 1, "from": _pid(world, n), "to": a["to"],
             "kind": a["kind"], "terms": offer_terms(_pid(world, n), a)}
    state.diplomacy["offers"].append(offer)
    return f"{_name(world, n)} proposes to {_name(world, a['to'])} [{offer['id']}]: {describe(world, offer)}"


def _apply_answer(world: World, state: GameState, n: int, a: dict[str, Any]) -> str:
    offer = find_offer(state, _pid(world, n), a["offer"])
    state.diplomacy["offers"].remove(offer)
    f, t = world.nidx[offer["from"]], n
    if not a["accept"]:
        _relate(state, f, t, -2.0)
        return f"{_name(world, t)} turns down {_name(world, f)}'s offer: {describe(world, offer)}"
    text = _ACCEPT[offer["kind"]](world, state, offer, f, t)
    return f"{_name(world, t)} accepts {_name(world, f)}'s offer: {text}"


def _accept_offtake(world: World, state: GameState, offer: dict[str, Any], f: int, t: int) -> str:
    terms = offer["terms"]
    ag = {"id": _new_id(state, "a"), "kind": "offtake", "since": state.turn + 1,
          "until": state.turn + int(round(terms["years"] * 4)), **{k: terms[k] for k in
          ("seller", "buyer", "mineral", "stage", "volume", "price", "years")}}
    state.diplomacy["agreements"].append(ag)
    _relate(state, f, t, 5.0)
    return describe(world, ag) + f" [{ag['id']}]"


def _accept_club(world: World, state: GameState, offer: dict[str, Any], f: int, t: int) -> str:
    kind, rules = offer["kind"], world.content.rules.diplomacy
    club = club_of(state, offer["from"], kind) or club_of(state, offer["to"], kind)
    if club is None:
        club = {"id": _new_id(state, "a"), "kind": kind, "since": state.turn + 1,
                "members": sorted([offer["from"], offer["to"]], key=world.powers.index)}
        if kind == "alliance":
            club.update(rule=offer["terms"].get("rule", "pro_rata"), joint_stock={}, contributed={})
        state.diplomacy["agreements"].append(club)
    else:
        newcomer = offer["to"] if offer["from"] in club["members"] else offer["from"]
        club["members"] = sorted(club["members"] + [newcomer], key=world.powers.index)
    for x in club["members"]:
        for y in club["members"]:
            if x < y:
                _relate(state, world.nidx[x], world.nidx[y], 5.0)
    if kind == "certification":
        ease_tension(state, rules.certification_tension)
    return describe(world, club) + f" [{club['id']}]"


def _accept_tech(world: World, state: GameState, offer: dict[str, Any], f: int, t: int) -> str:
    field = TECH_INDEX[offer["terms"]["field"]]
    price = offer["terms"]["price"]
    state.tech[t, field] = min(state.tech[t, field] + 1, state.tech[f, field])
    state.treasury[t] -= price
    state.treasury[f] += price
    _relate(state, f, t, world.content.rules.diplomacy.tech_transfer_relations)
    state.reputation[f] = min(100.0, state.reputation[f] + 2.0)
    return f"{offer['terms']['field']} technology level {state.tech[t, field]} for ${price:.2f} bn"


def _accept_joint_research(world: World, state: GameState, offer: dict[str, Any], f: int, t: int) -> str:
    field = TECH_INDEX[offer["terms"]["field"]]
    half = world.content.rules.research_cost / 2
    for x in (f, t):
        state.research_orders[x, field] += 1
        state.treasury[x] -= half
    _relate(state, f, t, 5.0)
    return f"a joint {offer['terms']['field']} programme this quarter"


def _accept_summit(world: World, state: GameState, offer: dict[str, Any], f: int, t: int) -> str:
    rules = world.content.rules.diplomacy
    for x in (f, t):
        state.political_capital[x] -= rules.summit_political_cost
        state.reputation[x] = min(100.0, state.reputation[x] + 1.0)
    ease_tension(state, rules.summit_tension)
    _relate(state, f, t, rules.summit_relations)
    return f"a summit; tension eases by {rules.summit_tension:g}"


_ACCEPT = {"offtake": _accept_offtake, "alliance": _accept_club, "insurance": _accept_club,
           "certification": _accept_club, "tech_transfer": _accept_tech,
           "joint_research": _accept_joint_research, "summit": _accept_summit}


def _apply_cancel(world: World, state: GameState, n: int, a: dict[str, Any]) -> str:
    ag = _find(state.diplomacy["agreements"], a["agreement"])
    me = _pid(world, n)
    rules = world.content.rules.diplomacy
    if ag["kind"] == "offtake":
        other = ag["buyer"] if ag["seller"] == me else ag["seller"]
        return break_contract(world, state, ag, me, other, "walks away from")
    if ag["kind"] == "sanction":
        state.diplomacy["agreements"].remove(ag)
        _relate(state, n, world.nidx[ag["on"]], 5.0)
        return f"{_name(world, n)} lifts its sanctions on {_name(world, ag['on'])}"
    ag["members"] = [m for m in ag["members"] if m != me]
    state.reputation[n] = max(0.0, state.reputation[n] - rules.leave_reputation)
    if len(ag["members"]) < 2:
        state.diplomacy["agreements"].remove(ag)
    for m in ag["members"]:
        _relate(state, n, world.nidx[m], -5.0)
    return f"{_name(world, n)} leaves the {ag['kind']} [{ag['id']}]"


def break_contract(world: World, state: GameState, ag: dict[str, Any], breaker: str, other: str, how: str) -> str:
    """A contract ends early by one side's doing: reputation, tension and relations pay."""
    rules = world.content.rules.diplomacy
    b, o = world.nidx[breaker], world.nidx[other]
    state.diplomacy["agreements"].remove(ag)
    state.reputation[b] = max(0.0, state.reputation[b] - rules.contract_breach_reputation)
    raise_tension(world, state, rules.contract_breach_tension, b)
    state.relations[o, b] = max(-100.0, state.relations[o, b] - rules.contract_breach_relations)
    return (f"{_name(world, b)} {how} its contract with {_name(world, o)} [{ag['id']}]: reputation "
            f"-{rules.contract_breach_reputation:g}")


def _apply_jv(world: World, state: GameState, n: int, a: dict[str, Any]) -> str:
    rules = world.content.rules.diplomacy
    h, m = world.nidx[a["host"]], world.midx[a["mineral"]]
    kind = "mine" if a["stage"] == "ore" else "refinery"
    cap, cost, turns = world.project_specs[m, PROJECT_KINDS.index(kind)]
    host_stake = world.content.nations[h].jv_stake
    owners = [0.0] * world.N
    owners[n] = 1.0 - host_stake
    owners[h] += host_stake
    name = (f"{world.content.nations[n].adjective}-{world.content.nations[h].adjective} "
            f"{world.content.minerals[m].short} {kind} JV")
    state.projects.append(Project(name=name, location=h, owners=owners, mineral=m, stage=STAGES.index(a["stage"]),
                                  capacity=float(cap), turns_left=int(turns), sponsor=n, kind=kind))
    state.treasury[n] -= float(cost) * (1.0 - host_stake)
    state.political_capital[n] -= JV_PC
    state.alignment[h, n] = min(1.0, state.alignment[h, n] + rules.jv_alignment_gain)
    return (f"{_name(world, n)} signs a joint venture in {_name(world, h)}: {name} ({cap:,.0f} t/yr, "
            f"{1 - host_stake:.0%} stake, ${float(cost) * (1 - host_stake):.1f} bn, {int(turns)} quarters)")


def _apply_corridor(world: World, state: GameState, n: int, a: dict[str, Any]) -> str:
    rules = world.content.rules.diplomacy
    h = world.nidx[a["host"]]
    state.diplomacy["agreements"].append({"id": _new_id(state, "a"), "kind": "corridor", "since": state.turn + 1,
                                          "power": _pid(world, n), "host": a["host"]})
    state.treasury[n] -= rules.corridor_cost
    state.alignment[h, n] = min(1.0, state.alignment[h, n] + rules.corridor_alignment_gain)
    return (f"{_name(world, n)} opens a corridor to {_name(world, h)}: its imports from there land "
            f"{rules.corridor_discount:.0%} cheaper")


def _apply_sanction(world: World, state: GameState, n: int, a: dict[str, Any]) -> str:
    rules = world.content.rules.diplomacy
    me, t = _pid(world, n), world.nidx[a["target"]]
    state.diplomacy["agreements"].append({"id": _new_id(state, "a"), "kind": "sanction", "since": state.turn + 1,
                                          "by": me, "on": a["target"]})
    state.political_capital[n] -= SANCTION_PC
    raise_tension(world, state, rules.sanction_tension, n)
    state.reputation[n] = max(0.0, state.reputation[n] - rules.sanction_reputation)
    state.relations[t, n] = max(-100.0, state.relations[t, n] - rules.sanction_relations)
    state.relations[n, t] = max(-100.0, state.relations[n, t] - rules.sanction_relations / 2)
    lines = [f"{_name(world, n)} imposes sanctions on {_name(world, t)}: trade between them stops both ways"]
    for ag in [x for x in state.diplomacy["agreements"] if x["kind"] == "offtake"
               and {x["seller"], x["buyer"]} == {me, a["target"]}]:
        lines.append(break_contract(world, state, ag, me, a["target"], "breaks"))
    state.pending_triggers.append("export_control")
    return "; ".join(lines)


def _apply_contribute(world: World, state: GameState, n: int, a: dict[str, Any]) -> str:
    club = club_of(state, _pid(world, n), "alliance")
    m = world.midx[a["mineral"]]
    amount = contribution_amount(world, state, n, a)
    state.stockpile[n, m, 1] -= amount
    stock = club["joint_stock"]
    stock[a["mineral"]] = stock.get(a["mineral"], 0.0) + amount
    given = club["contributed"].setdefault(_pid(world, n), {})
    given[a["mineral"]] = given.get(a["mineral"], 0.0) + amount
    return (f"{_name(world, n)} puts {amount:,.0f} t of {world.content.minerals[m].short} refined into the "
            f"alliance's joint stockpile")


_APPLY = {
    "propose": _apply_propose, "answer_offer": _apply_answer, "cancel_agreement": _apply_cancel,
    "joint_venture": _apply_jv, "corridor": _apply_corridor, "sanction": _apply_sanction,
    "alliance_contribute": _apply_contribute,
}


def candidate_actions(world: World, state: GameState, n: int) -> list[dict[str, Any]]:
    """The diplomatic menu of power ``n`` (discrete terms), legal or not."""
    me = _pid(world, n)
    others = [p for p in world.powers if p != me]
    out: list[dict[str, Any]] = []
    for o in offers_to(state, me):
        out += [{"action": "answer_offer", "offer": o["id"], "accept": True},
                {"action": "answer_offer", "offer": o["id"], "accept": False}]
    out += [{"action": "cancel_agreement", "agreement": a["id"]} for a in agreements_of(state, me)
            if a["kind"] != "corridor"]
    for to in others:
        out.append({"action": "sanction", "target": to})
        for kind in ("summit", "insurance", "certification"):
            out.append({"action": "propose", "to": to, "kind": kind})
        for rule in RULES_OF_ALLOCATION:
            out.append({"action": "propose", "to": to, "kind": "alliance", "rule": rule})
        for field in TECH_FIELDS:
            out.append({"action": "propose", "to": to, "kind": "joint_research", "field": field})
            out.append({"action": "propose", "to": to, "kind": "tech_transfer", "field": field, "price": 0.5})
        for m, mineral in enumerate(world.mineral_ids):
            for k, stage in enumerate(STAGES):
                for role, seller in (("buy", world.nidx[to]), ("sell", n)):
                    volume = round(float(state.production[seller, m, k]) * 4.0 * 0.2, -1)
                    if volume > 0:
                        out.append({"action": "propose", "to": to, "kind": "offtake", "mineral": mineral,
                                    "stage": stage, "volume": volume, "price": 1.0, "years": 3.0, "role": role})
    for host in world.producer_ids:
        out.append({"action": "corridor", "host": host})
        for mineral in world.mineral_ids:
            for stage in STAGES:
                out.append({"action": "joint_venture", "host": host, "mineral": mineral, "stage": stage})
    out += [{"action": "alliance_contribute", "mineral": mineral, "weeks": 4.0} for mineral in world.mineral_ids]
    return out


def expire_offers(world: World, state: GameState) -> list[dict[str, Any]]:
    """At the end of a turn, offers made before it lapse unanswered (a refusal)."""
    now = state.turn + 1
    lapsed = [o for o in state.diplomacy["offers"] if o["turn"] < now]
    state.diplomacy["offers"] = [o for o in state.diplomacy["offers"] if o["turn"] >= now]
    return [{"type": "offer_lapsed", "nation": o["to"],
             "text": f"{_name(world, o['to'])} never answered {_name(world, o['from'])}'s offer [{o['id']}]"}
            for o in lapsed]


# --------------------------------------------------------------------------- the quarter


def before_markets(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    """Producer policies, unrest and insurance, joint stockpiles, contract expiry, drift.
    The luck is one fixed block a quarter (2 numbers per nation), used or not."""
    luck = state.rng.random(2 * world.N).tolist()  # read one number at a time: plain floats
    _producer_policies(world, state, luck[world.N:], events)
    _unrest(world, state, luck[:world.N], events)
    _joint_stockpiles(world, state, events)
    _expire_contracts(world, state, events)
    rules = world.content.rules.diplomacy
    # a += x changes the array in place; a[...] += x would also assign the result back to a[...]
    state.alignment += rules.alignment_drift * (world.alignment - state.alignment)
    recovery = rules.reputation_recovery  # np.clip's own overhead is more than the two bounds
    state.reputation += np.minimum(np.maximum(50.0 - state.reputation, -recovery), recovery)


def policy_in_force(world: World, policy: Any, year: int, price_multiple: float) -> bool:
    if policy.since is not None and year < policy.since:
        return False
    if policy.until is not None and year > policy.until:
        return False
    if policy.when_price_below is not None and price_multiple >= policy.when_price_below:
        return False
    if policy.when_price_above is not None and price_multiple <= policy.when_price_above:
        return False
    return True


def _policies(world: World) -> list[tuple[int, str, Any, int, int]]:
    """Every producer policy of the content: (nation, key, policy, mineral, stage), cached per world."""
    found = world.__dict__.get("_producer_policies")
    if found is None:
        found = [(int(n), f"{world.content.nations[n].id}:{i}", pol, world.midx[pol.mineral], STAGES.index(pol.stage))
                 for n in np.nonzero(world.producer_mask)[0] for i, pol in enumerate(world.content.nations[n].policies)]
        world.__dict__["_producer_policies"] = found
    return found


def _producer_policies(world: World, state: GameState, luck: list[float], events: list[dict[str, Any]]) -> None:
    year = world.date_of(state.turn)[0]
    active = state.diplomacy["policies"]
    price, p0 = state.price.tolist(), world.p0.tolist()  # plain floats: cheaper to index one by one
    for n, key, pol, m, k in _policies(world):
        holds = policy_in_force(world, pol, year, price[m][k] / p0[m][k])
        if holds == (key in active) or luck[n] >= pol.chance:
            continue
        nation, short = world.content.nations[n], world.content.minerals[m].short
        state.__dict__.pop("_controls_cache", None)
        if holds:
            active.append(key)
            state.controls_all[n, m, k] = max(int(state.controls_all[n, m, k]), LEVEL_INDEX[pol.level])
            state.pending_triggers.append("export_control")
            text = f"{nation.name} puts {short} {pol.stage} exports under {pol.level}"
        else:
            active.remove(key)
            state.controls_all[n, m, k] = 0
            text = f"{nation.name} lifts its {pol.level} on {short} {pol.stage} exports"
        events.append({"type": "producer_policy", "nation": nation.id, "mineral": pol.mineral, "text": text})


def _unrest(world: World, state: GameState, luck: list[float], events: list[dict[str, Any]]) -> None:
    rules = world.content.rules.diplomacy
    unrest = state.diplomacy["unrest"]
    for key in list(unrest):
        unrest[key] -= 1
        if unrest[key] <= 0:
            del unrest[key]
    losses = np.zeros(world.N)
    stability, rate = state.stability.tolist(), rules.instability_rate  # a dozen producers: plain floats
    struck = [h for h in world.producer_index if luck[h] < (1.0 - stability[h]) * rate]
    for h in struck:
        host = world.content.nations[h]
        if host.id in unrest:
            continue
        mines = np.nonzero((state.fac_location == h) & (state.fac_stage == 0))[0]
        if not len(mines):
            continue
        unrest[host.id] = rules.instability_turns
        hit = sorted({int(state.fac_mineral[f]) for f in mines})
        for m in hit:
            state.modifiers.append({"kind": "capacity", "n": int(h), "m": m, "k": 0,
                                    "factor": 1.0 - rules.instability_severity,
                                    "turns": rules.instability_turns, "source": f"unrest-{host.id}"})
        for f in mines:
            value = state.fac_capacity[f] * world.p0[state.fac_mineral[f], 0] / 1e9
            for o in np.nonzero(state.fac_owners[f])[0]:
                if o != h and world.in_play[o]:
                    losses[o] += (value * state.fac_owners[f, o] * rules.instability_loss_rate
                                  * rules.instability_severity)
        for ag in state.diplomacy["agreements"]:
            if ag["kind"] == "corridor" and ag["host"] == host.id:
                losses[world.nidx[ag["power"]]] += rules.corridor_dispute_loss
        minerals = ", ".join(world.content.minerals[m].short for m in hit)
        events.append({"type": "unrest", "nation": host.id,
                       "text": f"Unrest in {host.name}: mines of {minerals} lose {rules.instability_severity:.0%} "
                               f"of output for {rules.instability_turns} quarters"})
    pools = [[world.nidx[m] for m in pool["members"]] for pool in agreements_of(state, kind="insurance")]
    for members in pools:
        for m in members:
            state.treasury[m] -= rules.insurance_premium
    if not (struck and losses.any()):  # no losses to share: the premiums are all that changes hands
        return
    paid = losses.copy()
    for members in pools:
        paid[members] = float(losses[members].sum()) / len(members)
    for n in np.nonzero(paid)[0]:
        state.treasury[n] -= paid[n]
        events.append({"type": "unrest_loss", "nation": world.nation_ids[n],
                       "text": f"{world.content.nations[n].name} loses ${paid[n]:.2f} bn to unrest abroad"
                               + (f" (pool share; own loss ${losses[n]:.2f} bn)" if paid[n] != losses[n] else "")})


def _joint_stockpiles(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    """Members short last quarter draw on the alliance's stock, by its allocation rule."""
    rules = world.content.rules.diplomacy
    for club in agreements_of(state, kind="alliance"):
        for mineral, stock in sorted(club["joint_stock"].items()):
            if stock <= 0:
                continue
            m = world.midx[mineral]
            members = [world.nidx[p] for p in club["members"]]
            gaps = np.array([max(state.need[x, m] * (1.0 - state.coverage[x, m]), 0.0)
                             if state.coverage[x, m] < 0.95 else 0.0 for x in members])
            if gaps.sum() <= 0:
                continue
            if club["rule"] == "by_contribution":
                weight = np.array([club["contributed"].get(p, {}).get(mineral, 0.0) for p in club["members"]])
                weight = np.where(gaps > 0, weight, 0.0)
                if weight.sum() <= 0:
                    weight = gaps.copy()
            else:
                weight = gaps.copy()
            share = weight / weight.sum()
            give = np.minimum(share * min(stock, gaps.sum()), gaps)
            for x, g in zip(members, give):
                if g > 0:
                    state.stockpile[x, m, 1] += g
                    state.release_orders[x, m, 1] += g
            club["joint_stock"][mineral] = float(stock - give.sum())
            got = ", ".join(f"{world.content.nations[x].name} {g:,.0f} t" for x, g in zip(members, give) if g > 0)
            events.append({"type": "joint_stockpile", "mineral": mineral,
                           "text": f"Alliance [{club['id']}] releases {mineral} from its joint stockpile: {got}"})
            for x, g, gap in zip(members, give, gaps):
                if gap > 0 and g < 0.5 * gap:  # left short while others drew: a quarrel
                    for y, gy in zip(members, give):
                        if y != x and gy > g:
                            state.relations[x, y] = max(-100.0, state.relations[x, y] - rules.alliance_quarrel)
                    events.append({"type": "quarrel", "nation": world.nation_ids[x],
                                   "text": f"{world.content.nations[x].name} protests its share of the joint "
                                           f"{mineral} stockpile ({g:,.0f} of {gap:,.0f} t short)"})


def _expire_contracts(world: World, state: GameState, events: list[dict[str, Any]]) -> None:
    for ag in [x for x in state.diplomacy["agreements"] if x["kind"] == "offtake" and x["until"] < state.turn]:
        state.diplomacy["agreements"].remove(ag)
        for p in (ag["seller"], ag["buyer"]):
            n = world.nidx[p]
            state.reputation[n] = min(100.0, state.reputation[n] + 2.0)
        events.append({"type": "contract_done", "text": f"Contract [{ag['id']}] honoured to the end: "
                       f"{describe(world, ag)}"})


def market_inputs(world: World, state: GameState) -> tuple:
    """The agreements as the compiled quarter reads them: blocked [N, N] (sanctions, both ways),
    club [N, N] (alliance members), contracts (seller, buyer, mineral, stage, t a quarter),
    delivered (out), and the tariffs with certification levies and corridor discounts folded in.

    In a played game some agreement comes or goes most quarters, but each touches one part
    only; so the parts are cached apart on the state (never saved), each rebuilt only when
    the agreements it is made of change (the tariffs also when the tariffs do)."""
    sanctions: list[tuple[str, str]] = []
    alliances: list[tuple[str, ...]] = []
    offtakes: list[dict[str, Any]] = []
    adjustments: list[tuple] = []  # certification levies and corridor discounts, in agreement order
    for a in state.diplomacy["agreements"]:
        kind = a["kind"]
        if kind == "offtake":
            offtakes.append(a)
        elif kind == "sanction":
            sanctions.append((a["by"], a["on"]))
        elif kind == "alliance":
            alliances.append(tuple(a["members"]))
        elif kind == "corridor":
            adjustments.append((kind, a["power"], a["host"]))
        elif kind == "certification":
            adjustments.append((kind, tuple(a["members"])))
    cache = state.__dict__.setdefault("_market_inputs", {})
    blocked = _cached_part(cache, "blocked", tuple(sanctions), lambda: _blocked(world, sanctions))
    club = _cached_part(cache, "club", tuple(alliances), lambda: _club(world, alliances))
    c_int, c_vol, contracts = _cached_part(cache, "contracts", tuple(a["id"] for a in offtakes),
                                           lambda: _contracts(world, offtakes))
    tariffs = state.tariffs
    if adjustments:
        hit = cache.get("tariffs")
        if hit is None or hit[0] != adjustments or not np.array_equal(hit[1], tariffs):
            hit = (adjustments, tariffs.copy(), _adjusted_tariffs(world, tariffs, adjustments))
            cache["tariffs"] = hit
        tariffs = hit[2]
    return (blocked, club, c_int[0], c_int[1], c_int[2], c_int[3], c_vol, np.zeros(len(c_vol)), tariffs,
            contracts)


def allies(world: World, state: GameState) -> np.ndarray:
    """[N, N] True where two nations are in one alliance (as the market reads it)."""
    return market_inputs(world, state)[1]


def _cached_part(cache: dict[str, Any], name: str, key: tuple, build: Callable[[], Any]) -> Any:
    hit = cache.get(name)
    if hit is None or hit[0] != key:
        hit = cache[name] = (key, build())
    return hit[1]


def _blocked(world: World, sanctions: list[tuple[str, str]]) -> np.ndarray:
    blocked = np.zeros((world.N, world.N), dtype=np.bool_)
    for by, on in sanctions:
        x, y = world.nidx[by], world.nidx[on]
        blocked[x, y] = blocked[y, x] = True
    return blocked


def _club(world: World, alliances: list[tuple[str, ...]]) -> np.ndarray:
    club = np.zeros((world.N, world.N), dtype=np.bool_)
    for members in alliances:
        idx = [world.nidx[m] for m in members]
        for x in idx:
            club[x, idx] = True
    np.fill_diagonal(club, False)
    return club


def _contracts(world: World, contracts: list[dict[str, Any]]) -> tuple:
    nidx, midx = world.nidx, world.midx
    c_int = np.array([[nidx[a["seller"]] for a in contracts], [nidx[a["buyer"]] for a in contracts],
                      [midx[a["mineral"]] for a in contracts], [STAGES.index(a["stage"]) for a in contracts]],
                     dtype=np.int64).reshape(4, len(contracts))
    c_vol = np.array([a["volume"] / 4.0 for a in contracts], dtype=float)
    return c_int, c_vol, contracts


def _adjusted_tariffs(world: World, tariffs: np.ndarray, adjustments: list[tuple]) -> np.ndarray:
    tariffs = tariffs.copy()
    rules = world.content.rules.diplomacy
    low = (world.env_standard < rules.certification_standard).tolist()  # outside a regime's standard
    for adj in adjustments:
        if adj[0] == "corridor":
            tariffs[world.nidx[adj[1]], :, :, world.nidx[adj[2]]] -= rules.corridor_discount
        else:
            members = [world.nidx[m] for m in adj[1]]
            outside = [e for e in range(world.N) if e not in members and low[e]]
            if outside:  # each (member, outsider) pair once
                tariffs[np.array(members)[:, None], :, :, outside] += rules.certification_levy
    return tariffs


def after_markets(world: World, state: GameState, contracts: list[dict[str, Any]], delivered: np.ndarray,
                  events: list[dict[str, Any]]) -> None:
    """Contract premiums change hands; a contract cut short by the seller's own controls is broken."""
    # plain floats: the same IEEE arithmetic as numpy scalars, without their overhead per contract
    p0, price = world.p0.tolist(), state.price.tolist()
    for ag, got in zip(contracts, delivered.tolist()):
        s, b = world.nidx[ag["seller"]], world.nidx[ag["buyer"]]
        m, k = world.midx[ag["mineral"]], STAGES.index(ag["stage"])
        premium = (ag["price"] * p0[m][k] - price[m][k]) * got / 1e9
        state.treasury[b] -= premium
        state.treasury[s] += premium
        due = ag["volume"] / 4.0
        level = int(state.controls_target[s, m, k, b])
        ally = club_of(state, ag["seller"], "alliance")
        if ally is None or ag["buyer"] not in ally["members"]:  # allies are exempt from general controls
            level = max(level, int(state.controls_all[s, m, k]))
        if got < BREACH_DELIVERY * due and level > 0:
            text = break_contract(world, state, ag, ag["seller"], ag["buyer"], f"breaks ({CONTROL_LEVELS[level]})")
            events.append({"type": "contract_broken", "nation": ag["seller"], "text": text})


def start_policies(world: World, state: GameState) -> None:
    """Producer policies dated at or before the start are in force from the first day."""
    year = world.date_of(1)[0]
    for n in np.nonzero(world.producer_mask)[0]:
        nation = world.content.nations[n]
        for i, pol in enumerate(nation.policies):
            if pol.since is not None and pol.since <= year and (pol.until is None or year <= pol.until) \
                    and pol.when_price_below is None and pol.when_price_above is None:
                m, k = world.midx[pol.mineral], STAGES.index(pol.stage)
                state.controls_all[n, m, k] = max(int(state.controls_all[n, m, k]), LEVEL_INDEX[pol.level])
                state.diplomacy["policies"].append(f"{nation.id}:{i}")


__all__ = ["OFFER_KINDS", "CLUBS", "ROLES", "RULES_OF_ALLOCATION", "TECH_FIELDS"]

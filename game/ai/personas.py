"""AI personas: computer-run powers that weigh their options by motives.

Each turn an AI power

1. answers the offers addressed to it, on its interests (``offer_worth``);
2. answers the news if the headline asks it to choose (the card valuation of game.ai.cards);
3. lists its options — economic (release or buy stock, build, research, controls) and
   diplomatic (joint ventures, corridors, contracts, alliances, pools, regimes, summits,
   sanctions) — each with its worth per motive and a short reason a player can read;
4. weighs as many of them as its level's budget allows (``candidates``: an iteration
   budget, never a time budget), scores each as the persona's weights times the motives,
   blurred by the level's noise, and submits the best ones through ``Game.submit``, like a
   player.  An option the engine refuses is skipped; the AI never bypasses the rules.

All chance comes from the power's own generator (a fixed child of the game's AI seed), one
fixed block a turn, so the same seed plays the same game and the world's luck never
depends on who is at the controls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.content import schema
from game.content.schema import STAGES, TECH_FIELDS
from game.engine import diplomacy as dip
from game.engine.actions import IllegalAction
from game.engine.game import Game
from game.engine.scoring import stock_weeks
from game.engine.world import PROJECT_KINDS
from game.ai.cards import option_value

MAX_OPTIONS = 64
LUCK_BLOCK = 2 * MAX_OPTIONS + 16
ACT_THRESHOLD = 0.25  # an option must be worth at least this to be taken
ACCEPT_THRESHOLD = 0.5


@dataclass
class Decision:
    action: dict[str, Any]
    reason: str


@dataclass
class Option:
    action: dict[str, Any]
    reason: str
    worth: dict[str, float] = field(default_factory=dict)  # motive -> value before the persona's weight
    base: float = 0.0  # value to any persona (relief of a shortage, a card's worth), less costs


class TurnView:
    """What every AI reads this turn, computed once for all of them."""

    def __init__(self, game: Game):
        w, s = game.world, game.state
        self.turn = s.turn
        refined = s.production[:, :, 1]
        self.share_r = refined / np.maximum(refined.sum(axis=0), 1e-12)
        ore = s.production[:, :, 0]
        self.share_o = ore / np.maximum(ore.sum(axis=0), 1e-12)
        self.weeks = stock_weeks(s)
        self.pending = np.zeros((w.N, w.M), dtype=bool)
        for p in s.projects:
            if p.sponsor >= 0:
                self.pending[p.sponsor, p.mineral] = True
        self.controlled = (s.controls_all.max(axis=2) > 0) | (s.controls_target.max(axis=(2, 3)) > 0)
        self.producers = [int(h) for h in np.nonzero(w.producer_mask)[0]]
        self.sanctioned = {(w.nidx[a["by"]], w.nidx[a["on"]]) for a in s.diplomacy["agreements"]
                           if a["kind"] == "sanction"}
        self.sanctioned |= {(b, a) for a, b in self.sanctioned}
        # $bn a year of output each power owns in producer states of shaky stability
        loc = s.fac_location
        shaky = w.producer_mask[loc] & (s.stability[loc] < 0.6)
        value = s.fac_capacity * w.p0[s.fac_mineral, s.fac_stage] * shaky / 1e9
        owned = s.fac_owners * value[:, None]
        owned[np.arange(len(loc)), loc] = 0.0
        self.shaky_stakes = owned.sum(axis=0).tolist()
        # per mineral: the producer with most ore (corridor host), and per power the best JV host
        # (leans our way, has the ground for a mine; best lean x stability), -1 if none
        prod = np.array(self.producers, dtype=np.int64)
        ore_share = self.share_o[prod]  # [P, M]
        self.corridor_host = [int(prod[i]) if ore_share[i, m] > 0.1 else -1
                              for m, i in enumerate(np.argmax(ore_share, axis=0))]
        mine_cap = w.project_specs[:, PROJECT_KINDS.index("mine"), 0]
        ground = s.reserves[prod] >= 5 * mine_cap[None, :]  # [P, M]
        lean = s.alignment[prod]  # [P, N]
        score = np.where(lean >= game.content.rules.diplomacy.jv_min_alignment,
                         lean * s.stability[prod][:, None], 0.0)  # [P, N]
        both = np.where(ground[:, :, None], score[:, None, :], 0.0)  # [P, M, N]
        best = np.argmax(both, axis=0)  # [M, N]
        self.jv_host = np.where(both.max(axis=0) > 0, prod[best], -1).tolist()  # [M][N]
        self.jv_score = both.max(axis=0).tolist()
        self.alignment = s.alignment.tolist()
        self.reserves = s.reserves.tolist()
        self.relations = s.relations.tolist()
        self.supplier = s.supplier.tolist()
        self.supplier_share = s.supplier_share.tolist()
        self.need = s.need.tolist()


def view_of(game: Game) -> TurnView:
    v = game.scratch.get("ai_view")
    if v is None or v.turn != game.state.turn:
        v = TurnView(game)
        game.scratch["ai_view"] = v
    return v


@dataclass
class PersonaPlayer:
    """One AI power: a persona (what it wants) at a level (how well it looks)."""

    power: str
    persona: schema.Persona
    level: str
    budget: schema.Level
    rng: np.random.Generator
    decisions: list[tuple[int, Decision]] = field(default_factory=list)
    blocks_drawn: int = 0  # luck blocks taken from rng so far (block t belongs to turn t)

    @property
    def label(self) -> str:
        return f"{self.persona.id}:{self.level}"

    def play(self, game: Game) -> list[Decision]:
        """Answer, choose and act for this turn; return what was done and why."""
        luck = self._luck(game.turn)
        done = self._answer_offers(game, luck) + self._answer_news(game, luck)
        options = self.options(game)[:MAX_OPTIONS]
        if len(options) > self.budget.candidates:  # the budget: weigh only this many
            keep = np.argsort(luck[:len(options)], kind="stable")[:self.budget.candidates]
            options = [options[i] for i in sorted(keep)]
        weights = self.persona.weights
        scored = []
        for i, o in enumerate(options):
            value = o.base + sum(weights.get(k, 0.0) * x for k, x in o.worth.items())
            value += self.budget.noise * (2.0 * luck[MAX_OPTIONS + i] - 1.0)
            scored.append((value, i, o))
        scored.sort(key=lambda t: (-t[0], t[1]))
        taken = 0
        for value, _, o in scored:
            if taken >= self.budget.actions or value < ACT_THRESHOLD:
                break
            try:  # ask the rules first, as a player's screen does: only legal actions are submitted
                action = game.validate(self.power, o.action)
            except IllegalAction:
                continue
            event = game.submit(self.power, action)
            event["reason"] = o.reason  # the turn report shows why
            taken += 1
            done.append(Decision(o.action, o.reason))
        self.decisions.extend((game.turn, d) for d in done)
        return done

    def _luck(self, turn: int) -> np.ndarray:
        """Turn ``turn``'s block of luck: the same whichever turns this player sat out or was
        made in, so a game loaded from a save plays on exactly as one played straight through."""
        skip = turn - 1 - self.blocks_drawn
        if skip > 0:
            self.rng.bit_generator.advance(skip * LUCK_BLOCK)  # one 64-bit draw per number
        self.blocks_drawn = turn
        return self.rng.random(LUCK_BLOCK)

    # ------------------------------------------------------------------ answers
    def _answer_offers(self, game: Game, luck: np.ndarray) -> list[Decision]:
        out = []
        for j, offer in enumerate(dip.offers_to(game.state, self.power)):
            worth, why = offer_worth(game, self.power, self.persona, offer)
            worth += self.budget.noise * 0.5 * (2.0 * luck[2 * MAX_OPTIONS + j % 8] - 1.0)
            accept = bool(worth >= ACCEPT_THRESHOLD)
            action = {"action": "answer_offer", "offer": offer["id"], "accept": accept}
            if accept:
                try:
                    game.validate(self.power, action)
                except IllegalAction:
                    action["accept"] = False
                    why = "cannot meet the terms now"
            game.submit(self.power, action)
            out.append(Decision(action, f"{'accepts' if action['accept'] else 'refuses'} "
                                        f"{offer['from']}'s {offer['kind']} offer: {why}"))
        return out

    def _answer_news(self, game: Game, luck: np.ndarray) -> list[Decision]:
        card = game.pending_choice(self.power)
        if card is None:
            return []
        scored = [(option_value(game, self.power, card, c, False) + self.budget.noise * 0.3 * luck[-1 - i], c)
                  for i, c in enumerate(card.choices)]
        for _, choice in sorted(scored, key=lambda sc: -sc[0]):
            action = {"action": "choose", "card": card.id, "choice": choice.id}
            try:
                game.validate(self.power, action)
            except IllegalAction:
                continue
            game.submit(self.power, action)
            return [Decision(action, f"answering '{card.title}': {choice.label}")]
        return []

    # ------------------------------------------------------------------ options
    def options(self, game: Game) -> list[Option]:
        view = view_of(game)
        n = game.world.nidx[self.power]
        out: list[Option] = []
        out += _stock_options(game, view, n, self.persona)
        out += _build_options(game, view, n)
        out += _research_options(game, n)
        out += _control_options(game, view, n)
        out += _deal_options(game, view, n)
        out += _card_options(game, self.power)
        return out


# --------------------------------------------------------------------------- option makers


def _names(game: Game, n: int) -> str:
    return game.content.nations[n].name


def _short(game: Game, m: int) -> str:
    return game.content.minerals[m].short


def _cost(game: Game, n: int, money: float) -> float:
    """Money weighed against what the treasury holds."""
    return 1.5 * money / max(float(game.state.treasury[n]), 1.0)


def _stock_options(game: Game, view: TurnView, n: int, persona: schema.Persona) -> list[Option]:
    w, s = game.world, game.state
    out = []
    target = game.content.rules.stockpile_target_weeks * (1.0 + 0.5 * persona.weights.get("hoard", 0.0))
    for m in range(w.M):
        if s.need[n, m] <= 0:
            continue
        mineral = w.mineral_ids[m]
        cov = float(s.coverage[n, m])
        if cov < 0.92 and s.stockpile[n, m, 1] > 0.01 * s.need[n, m]:
            amount = round(min(float(s.stockpile[n, m, 1]), float(s.need[n, m]) * (1 - cov) * 1.5), 3)
            out.append(Option({"action": "stockpile_release", "mineral": mineral, "amount": amount},
                              f"{_short(game, m)} shortage: {cov:.0%} of need met; releasing stock",
                              base=3.0 * (1 - cov) + 0.3))
        weeks = float(view.weeks[n, m])
        price = float(s.local_price[n, m, 1] / w.p0[m, 1])
        if weeks < target and price < 1.5:
            dep = float(s.supplier_share[n, m])
            cost = 4.0 * float(s.demand[n, m]) / 52.0 * float(s.local_price[n, m, 1]) / 1e9
            out.append(Option({"action": "stockpile_buy", "mineral": mineral, "weeks": 4.0},
                              f"{_short(game, m)} stock at {weeks:.0f} weeks, {dep:.0%} from one supplier",
                              worth={"hoard": (1 - weeks / target) * (0.4 + dep)}, base=-_cost(game, n, cost)))
    return out


def _exposure(view: TurnView, n: int, m: int) -> tuple[float, int, float]:
    """Dependence on the top supplier of refined ``m``, who it is, and how unfriendly (0..1)."""
    sup = view.supplier[n][m]
    dep = view.supplier_share[n][m] if view.need[n][m] > 0 else 0.0
    unfriendly = 0.0 if sup < 0 else min(max((30.0 - view.relations[n][sup]) / 60.0, 0.0), 1.0)
    return dep, sup, unfriendly


def _build_options(game: Game, view: TurnView, n: int) -> list[Option]:
    w, s = game.world, game.state
    rules = game.content.rules.diplomacy
    out = []
    for m in range(w.M):
        dep, sup, unfriendly = _exposure(view, n, m)
        if dep < 0.4 or sup < 0 or view.pending[n, m]:
            continue
        mineral = w.mineral_ids[m]
        why = f"{_short(game, m)} dependence on {_names(game, sup)} {dep:.0%}"
        risk = dep * (0.4 + unfriendly)
        _, cost, _ = w.project_specs[m, PROJECT_KINDS.index("refinery")]
        out.append(Option({"action": "build_refinery", "mineral": mineral}, why,
                          worth={"diversify": risk}, base=-_cost(game, n, float(cost))))
        cap, cost, _ = w.project_specs[m, PROJECT_KINDS.index("mine")]
        if view.reserves[n][m] >= cap * 5:
            out.append(Option({"action": "build_mine", "mineral": mineral}, why,
                              worth={"diversify": 0.7 * risk}, base=-_cost(game, n, float(cost))))
        # a joint venture where the host leans our way and the ground holds the mineral
        best = view.jv_host[m][n]
        if best >= 0:
            stake = 1.0 - game.content.nations[best].jv_stake
            out.append(Option({"action": "joint_venture", "host": w.nation_ids[best], "mineral": mineral,
                               "stage": "ore"},
                              f"JV in {_names(game, best)}: {why}",
                              worth={"diversify": 1.1 * risk * (0.5 + view.jv_score[m][n]), "cooperate": 0.2},
                              base=-_cost(game, n, float(cost) * stake)))
        host = view.corridor_host[m]
        if host >= 0 and view.alignment[host][n] >= 0.15:
            out.append(Option({"action": "corridor", "host": w.nation_ids[host]},
                              f"a cheaper route to {_names(game, host)}'s {_short(game, m)}: {why}",
                              worth={"diversify": 0.4 * risk, "trade": 0.2},
                              base=-_cost(game, n, rules.corridor_cost)))
    return out


def _research_options(game: Game, n: int) -> list[Option]:
    s = game.state
    out = []
    cost = _cost(game, n, game.content.rules.research_cost)
    for f, name in enumerate(TECH_FIELDS):
        level = int(s.tech[n, f])
        if level >= 5 or s.research_orders[n, f]:
            continue
        room = 1.0 - level / 5.0
        motive = {"green": 0.6 * room} if name in ("recycling", "substitution") else {"diversify": 0.35 * room}
        out.append(Option({"action": "research", "field": name}, f"{name} programme (level {level})",
                          worth=motive, base=-cost + 0.1))
    return out


def _control_options(game: Game, view: TurnView, n: int) -> list[Option]:
    w, s = game.world, game.state
    out = []
    calm = max(0.0, 1.0 - s.tension / 70.0)
    others = [int(i) for i in w.power_index if i != n]
    for m in range(w.M):
        share = float(view.share_r[n, m])
        if share > 0.5 and not view.controlled[n, m]:
            rival = min(others, key=lambda i: (s.relations[n, i], i))
            out.append(Option({"action": "export_control", "mineral": w.mineral_ids[m], "stage": "refined",
                               "target": w.nation_ids[rival], "level": "licence"},
                              f"we refine {share:.0%} of {_short(game, m)}: a licence for {_names(game, rival)}",
                              worth={"leverage": share * calm, "trade": -0.4}, base=-0.1))
            out.append(Option({"action": "export_control", "mineral": w.mineral_ids[m], "stage": "refined",
                               "target": "all", "level": "licence"},
                              f"we refine {share:.0%} of {_short(game, m)}: licences for every buyer",
                              worth={"leverage": 0.8 * share * calm, "trade": -0.6}, base=-0.2))
    if s.tension > 55.0:
        levels = s.controls_all[n]
        if levels.max() > 0:
            m, k = np.unravel_index(int(np.argmax(levels)), levels.shape)
            out.append(Option({"action": "export_control", "mineral": w.mineral_ids[m], "stage": STAGES[k],
                               "target": "all", "level": "none"},
                              f"tension at {s.tension:.0f}: easing our {_short(game, m)} controls",
                              worth={"trade": (s.tension - 45.0) / 40.0, "leverage": -0.3},
                              base=max(0.0, (s.tension - 75.0) / 25.0)))
    worst = min(others, key=lambda i: (s.relations[n, i], i)) if others else None
    if worst is not None and s.relations[n, worst] < -40.0 and s.tension < 60.0:
        out.append(Option({"action": "sanction", "target": w.nation_ids[worst]},
                          f"relations with {_names(game, worst)} at {s.relations[n, worst]:.0f}",
                          worth={"leverage": 0.6, "trade": -0.8}, base=-0.3))
    return out


def _deal_options(game: Game, view: TurnView, n: int) -> list[Option]:
    w, s = game.world, game.state
    rules = game.content.rules.diplomacy
    me = w.nation_ids[n]
    others = [int(i) for i in w.power_index if i != n and (n, int(i)) not in view.sanctioned]
    if not others:
        return []
    out = []
    friend = max(others, key=lambda i: (s.relations[n, i], -i))
    foe = min(others, key=lambda i: (s.relations[n, i], i))
    if s.tension > 35.0:
        out.append(Option({"action": "propose", "to": w.nation_ids[foe], "kind": "summit"},
                          f"tension at {s.tension:.0f}; relations with {_names(game, foe)} at {s.relations[n, foe]:.0f}",
                          worth={"trade": 0.5 * s.tension / 50.0, "cooperate": 0.3, "leverage": -0.2}))
    if s.relations[n, friend] > 15.0:
        if dip.club_of(s, me, "alliance") is None:
            rule = "by_contribution" if s.stockpile[n, :, 1].sum() > 0 else "pro_rata"
            out.append(Option({"action": "propose", "to": w.nation_ids[friend], "kind": "alliance", "rule": rule},
                              f"a minerals club with {_names(game, friend)} (relations {s.relations[n, friend]:.0f})",
                              worth={"cooperate": 0.7, "hoard": 0.3, "leverage": -0.2}))
        if world_env_ok(game, n) and world_env_ok(game, friend) and dip.club_of(s, me, "certification") is None:
            out.append(Option({"action": "propose", "to": w.nation_ids[friend], "kind": "certification"},
                              "clean, traceable supply: a certification regime",
                              worth={"green": 0.7, "cooperate": 0.2}))
        out.append(Option({"action": "propose", "to": w.nation_ids[friend], "kind": "joint_research",
                           "field": "recycling"}, f"pooling recycling research with {_names(game, friend)}",
                          worth={"cooperate": 0.35, "green": 0.25}, base=-_cost(game, n, 0.25)))
    stakes = view.shaky_stakes[n]
    if stakes > 0 and dip.club_of(s, me, "insurance") is None:
        out.append(Option({"action": "propose", "to": w.nation_ids[friend], "kind": "insurance"},
                          f"insuring ${stakes:.1f} bn of stakes in unstable producer states",
                          worth={"cooperate": 0.5, "hoard": 0.2}))
    ally = dip.club_of(s, me, "alliance")
    if ally is not None:
        for m in range(w.M):
            if view.weeks[n, m] > 10.0 and s.need[n, m] > 0:
                out.append(Option({"action": "alliance_contribute", "mineral": w.mineral_ids[m], "weeks": 2.0},
                                  f"{_short(game, m)} stock at {view.weeks[n, m]:.0f} weeks: sharing with allies",
                                  worth={"cooperate": 0.3, "hoard": 0.15}))
                break
    for m in range(w.M):  # buy on contract from a friendly refiner when exposed
        dep, sup, unfriendly = _exposure(view, n, m)
        if dep < 0.5:
            continue
        seller = max(others, key=lambda i: (view.share_r[i, m] * (s.relations[n, i] > 0), -i))
        made = float(s.production[seller, m, 1]) * 4.0
        if seller == sup or made <= 0 or s.relations[n, seller] <= 0:
            continue
        volume = round(min(0.2 * made, float(s.need[n, m]) * 4.0 * 0.3), -1)
        if volume > 0:
            out.append(Option({"action": "propose", "to": w.nation_ids[seller], "kind": "offtake",
                               "mineral": w.mineral_ids[m], "stage": "refined", "volume": volume,
                               "price": 1.1, "years": 3.0, "role": "buy"},
                              f"{_short(game, m)} dependence on {_names(game, sup)} {dep:.0%}: a contract "
                              f"with {_names(game, seller)}",
                              worth={"diversify": 0.6 * dep * (0.4 + unfriendly), "trade": 0.2}))
    return out


def world_env_ok(game: Game, n: int) -> bool:
    return bool(game.world.env_standard[n] >= game.content.rules.diplomacy.certification_standard)


def _card_options(game: Game, power: str) -> list[Option]:
    out = []
    for card in game.hand(power):
        for choice in card.choices or [None]:
            worth = option_value(game, power, card, choice, True)
            action = {"action": "play_card", "card": card.id}
            if choice is not None:
                action["choice"] = choice.id
            out.append(Option(action, f"plays '{card.title}'" + (f" ({choice.label})" if choice else ""),
                              base=0.4 * worth))
    return out


# --------------------------------------------------------------------------- answering offers


def offer_worth(game: Game, power: str, persona: schema.Persona, offer: dict[str, Any]) -> tuple[float, str]:
    """What an offer is worth to ``power`` (accept at 0.5 or more), and why, in a few words."""
    w, s = game.world, game.state
    me, other = w.nidx[power], w.nidx[offer["from"]]
    wt = persona.weights
    kind, terms = offer["kind"], offer["terms"]
    trust = float(s.relations[me, other]) / 100.0 + (float(s.reputation[other]) - 50.0) / 100.0
    if kind == "offtake":
        m, k = w.midx[terms["mineral"]], STAGES.index(terms["stage"])
        market = float(s.price[m, k] / w.p0[m, k])
        if terms["buyer"] == power:
            dep, _, _ = _exposure(view_of(game), me, m)
            worth = wt.get("diversify", 0) * dep * 0.6 + wt.get("hoard", 0) * 0.2 + (market - terms["price"])
            why = f"{_short(game, m)} supply at {terms['price']:.2f}x (market {market:.2f}x)"
        else:
            worth = (wt.get("trade", 0) * 0.5 + (terms["price"] - market)
                     - (wt.get("leverage", 0) * 0.3 if s.relations[me, other] < 0 else 0.0))
            why = f"a buyer at {terms['price']:.2f}x (market {market:.2f}x)"
    elif kind in ("alliance", "insurance"):
        worth = wt.get("cooperate", 0) * 0.5 + wt.get("hoard", 0) * 0.2 - wt.get("leverage", 0) * 0.2
        why = f"relations {s.relations[me, other]:.0f}"
    elif kind == "certification":
        worth = wt.get("green", 0) * 0.5 + wt.get("cooperate", 0) * 0.2 - wt.get("leverage", 0) * 0.2
        why = "clean supply chains"
    elif kind == "tech_transfer":
        worth = 0.6 - terms["price"] / 2.0
        why = f"{terms['field']} know-how for ${terms['price']:.2f} bn"
    elif kind == "joint_research":
        worth = wt.get("cooperate", 0) * 0.3 + wt.get("green", 0) * 0.2
        why = f"shared {terms['field']} research"
    else:  # summit
        worth = wt.get("trade", 0) * 0.3 + wt.get("cooperate", 0) * 0.2 + s.tension / 100.0
        why = f"tension at {s.tension:.0f}"
    return worth + trust, why


# --------------------------------------------------------------------------- making players


class UnknownPersona(ValueError):
    pass


def make_players(game: Game, controls: dict[str, str] | None = None, level: str = "normal",
                 powers: list[str] | tuple[str, ...] | None = None) -> dict[str, PersonaPlayer]:
    """An AI player for each of ``powers`` (default: all in play).  ``controls`` maps a power to
    ``PERSONA`` or ``PERSONA:LEVEL``; the rest play their default persona at ``level``."""
    book = game.content.personas
    by_id = {p.id: p for p in book.personas}
    controls = dict(controls or {})
    players = {}
    for power in (game.powers if powers is None else powers):
        spec = controls.get(power, book.defaults.get(power, book.personas[0].id))
        pid, _, lv = spec.partition(":")
        lv = lv or level
        if pid not in by_id:
            raise UnknownPersona(f"unknown persona '{pid}' (personas: {', '.join(by_id)})")
        if lv not in book.levels:
            raise UnknownPersona(f"unknown level '{lv}' (levels: {', '.join(schema.LEVELS)})")
        players[power] = PersonaPlayer(power, by_id[pid], lv, book.levels[lv], ai_generator(game, power))
    return players


def ai_generator(game: Game, power: str) -> np.random.Generator:
    """The AI stream of one power: a fixed child of the game's AI seed (not a spawn,
    which would depend on how many streams were drawn before)."""
    base = game.ai_seed
    key = base.spawn_key + (game.content.power_ids.index(power),)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(base.entropy, spawn_key=key)))

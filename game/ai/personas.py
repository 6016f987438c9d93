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

import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.ai.cards import option_value
from game.ai.kernels import view_arrays
from game.content import schema
from game.content.schema import STAGES, TECH_FIELDS
from game.engine import diplomacy as dip
from game.engine.actions import PC_COST, IllegalAction, control_tension
from game.engine.cards import controls_in_force
from game.engine.game import Game
from game.engine.rules import (
    BAN_POINTS,
    HIGH_TENSION,
    move_risk,
    reserves_allow_mine,
    reserves_needed,
    stock_weeks,
    weekly_use,
)
from game.engine.world import PROJECT_KINDS, World

# Sanctions on all trade are kept for open hostility (relations under -60, as between Russia and
# the West from the start), not for rivals: in 2024-25 China answered US pressure with bans and
# licences aimed at single minerals (Ga/Ge/Sb to the US, Dec 2024; heavy REE licences, Apr 2025)
# and a truce, not sanctions (R65, R67, R70, R72).  At -40 a leverage China sanctioned the US
# in 18 of 20 standard games, from its second quarter on.
SANCTION_HOSTILITY = -60.0

MAX_OPTIONS = 64
LUCK_BLOCK = 2 * MAX_OPTIONS + 16
ACT_THRESHOLD = 0.12  # an option must be worth at least this to be taken (docs/diplomacy.md: why 0.12)
PC_WEIGHT = 3.0  # how dear political capital is, against what is left of it
CARD_WEIGHT = 0.8  # a card's worth (game.ai.cards, in $bn-like units) against the motives
ACCEPT_THRESHOLD = 0.5


@dataclass
class Decision:
    action: dict[str, Any]
    reason: str


@dataclass(slots=True)
class Option:
    action: dict[str, Any]
    why: tuple[Any, ...]  # a format string and its values: the reason, formatted only for options taken
    worth: dict[str, float] = field(default_factory=dict)  # motive -> value before the persona's weight
    base: float = 0.0  # value to any persona (relief of a shortage, a card's worth), less costs

    @property
    def reason(self) -> str:
        """A short reason a player can read."""
        return self.why[0].format(*self.why[1:])


class TurnView:
    """What every AI reads this turn, computed once for all of them (a snapshot: actions
    taken during the turn do not change it).  Each power reads its own rows as plain lists
    (``rows``): indexing a numpy scalar in a Python loop costs far more than a float."""

    def __init__(self, game: Game):
        w, s = game.world, game.state
        self.turn = s.turn
        self.const = const = _constants(game)
        pending = [[False] * w.M for _ in range(w.N)]  # a project of ours under way, per mineral
        for p in s.projects:
            if p.sponsor >= 0:
                pending[p.sponsor][p.mineral] = True
        self.sanctioned = {(w.nidx[a["by"]], w.nidx[a["on"]]) for a in s.diplomacy["agreements"]
                           if a["kind"] == "sanction"}
        self.sanctioned |= {(b, a) for a, b in self.sanctioned}
        share_r, weeks, shaky_stakes, corridor_host, jv_host, jv_score = view_arrays(
            s.production, s.need, s.stockpile[:, :, 1], s.stability, s.fac_capacity, s.fac_location,
            s.fac_mineral, s.fac_stage, s.fac_owners, w.p0, const.producer_array, const.producer_mask,
            s.reserves, const.mine_ground, s.alignment, const.jv_min_alignment)
        self.share_r = share_r  # [N, M] share of the world's refined output
        self.share_r_by_mineral = share_r.T.tolist()  # [M][N]
        self.refined = s.production[:, :, 1].tolist()  # [N][M] t of refined output last quarter
        self.shaky_stakes = shaky_stakes.tolist()
        self.corridor_host = corridor_host.tolist()
        # each power's rows as plain lists (see Rows)
        self._lists = {
            "share_r": share_r.tolist(), "weeks": weeks.tolist(), "pending": pending,
            "controlled": controls_in_force(s).tolist(), "reserves": s.reserves.tolist(),
            "relations": s.relations.tolist(), "supplier": s.supplier.tolist(),
            "supplier_share": s.supplier_share.tolist(), "need": s.need.tolist(), "coverage": s.coverage.tolist(),
            "local_price_r": s.local_price[:, :, 1].tolist(), "lean": s.alignment.T.tolist(),
            "jv_host": jv_host.tolist(), "jv_score": jv_score.tolist(),
        }
        self._rows: dict[int, Rows] = {}

    def reliance(self, buyer: int, seller: int) -> float:
        """The share of ``buyer``'s refined supply, over the minerals it uses, that comes from ``seller``."""
        lists = self._lists
        sup, share, need = lists["supplier"][buyer], lists["supplier_share"][buyer], lists["need"][buyer]
        uses = sum(1 for x in need if x > 0) or 1
        return sum(share[m] for m in range(len(sup)) if sup[m] == seller and need[m] > 0) / uses

    def rows(self, n: int) -> Rows:
        """Power ``n``'s rows of the view as plain lists (made on first use)."""
        found = self._rows.get(n)
        if found is None:
            found = self._rows[n] = Rows(self._lists, n)
        return found


def reference_view(game: Game) -> tuple[np.ndarray, ...]:
    """The numpy statement of what game.ai.kernels.view_arrays computes (tests hold the two
    together): (share_r, weeks, shaky_stakes, corridor_host, jv_host, jv_score).

    share_r [N, M]: each nation's share of the world's refined output; weeks [N, M]: weeks of
    refined use its stockpile covers; shaky_stakes [N]: $bn a year of output it owns abroad in
    producer states whose stability is below 0.6; corridor_host [M]: the producer with most of
    the world's ore if over 10% (else -1); jv_host / jv_score [N, M]: for each power the
    producer best placed for a joint venture (leans its way at least jv_min_alignment, has the
    ground for a mine; best lean x stability), -1 and 0 if none."""
    w, s = game.world, game.state
    const = _constants(game)
    production = s.production
    share = production / np.maximum(production.sum(axis=0), 1e-12)  # [N, M, 2]
    loc = s.fac_location
    shaky = const.producer_mask[loc] & (s.stability[loc] < 0.6)
    value = s.fac_capacity * w.p0[s.fac_mineral, s.fac_stage] * shaky / 1e9
    owned = s.fac_owners * value[:, None]
    owned[np.arange(len(loc)), loc] = 0.0
    prod = const.producer_array
    ore_share = share[prod, :, 0]  # [P, M]
    top = np.argmax(ore_share, axis=0)
    corridor_host = np.where(ore_share.max(axis=0) > 0.1, prod[top], -1)
    ground = s.reserves[prod] >= const.mine_ground  # [P, M]
    lean = s.alignment[prod]  # [P, N]
    score = np.where(lean >= const.jv_min_alignment, lean * s.stability[prod][:, None], 0.0)  # [P, N]
    both = np.where(ground[:, :, None], score[:, None, :], 0.0)  # [P, M, N]
    jv_score = both.max(axis=0)
    jv_host = np.where(jv_score > 0, prod[np.argmax(both, axis=0)], -1)
    return share[:, :, 1], stock_weeks(s), owned.sum(axis=0), corridor_host, jv_host.T, jv_score.T


class Rows:
    """One power's rows of a TurnView: ``x[m]`` is the view's ``x[n, m]``; ``lean[h]`` is how
    nation ``h`` leans toward it and ``jv_host[m]`` / ``jv_score[m]`` its best JV host;
    ``exposure[m]`` is its dependence on the top supplier of refined ``m``, who that is, and
    how unfriendly (0..1): several option makers and the answers to offers read it, and it is
    made of the view alone, so it is worked out once."""

    __slots__ = ("share_r", "weeks", "pending", "controlled", "reserves", "relations", "supplier",
                 "supplier_share", "need", "coverage", "local_price_r", "lean", "jv_host", "jv_score",
                 "exposure")

    def __init__(self, lists: dict[str, list], n: int):
        for name, rows in lists.items():
            setattr(self, name, rows[n])
        relations = self.relations
        self.exposure = [(share if need > 0 else 0.0, sup,
                          0.0 if sup < 0 else min(max((30.0 - relations[sup]) / 60.0, 0.0), 1.0))
                         for sup, share, need in zip(self.supplier, self.supplier_share, self.need)]


class Constants:
    """What the option makers read of a world that never changes, as plain lists."""

    def __init__(self, game: Game):
        w = game.world
        self.producers = [int(h) for h in np.nonzero(w.producer_mask)[0]]
        self.producer_array = np.array(self.producers, dtype=np.int64)
        self.producer_mask = w.producer_mask
        self.jv_min_alignment = game.content.rules.diplomacy.jv_min_alignment
        self.mine_ground = reserves_needed(w.project_specs[:, PROJECT_KINDS.index("mine"), 0][None, :])
        powers = w.power_index.tolist()
        # the other powers of each nation, in index order: min and max return the first of
        # equals, so a key of relations alone picks the lowest index among equals
        self.others = [[i for i in sorted(powers) if i != n] for n in range(w.N)]
        self.p0_r = w.p0[:, 1].tolist()
        # (capacity, cost) of a mine and cost of a refinery per mineral; names for the reasons
        self.mine = w.project_specs[:, PROJECT_KINDS.index("mine"), :2].tolist()
        self.refinery_cost = w.project_specs[:, PROJECT_KINDS.index("refinery"), 1].tolist()
        self.short = [m.short for m in game.content.minerals]
        self.name = [x.name for x in game.content.nations]
        self.env_ok = (w.env_standard >= game.content.rules.diplomacy.certification_standard).tolist()


_CONSTANTS: weakref.WeakKeyDictionary[World, Constants] = weakref.WeakKeyDictionary()


def _constants(game: Game) -> Constants:
    found = _CONSTANTS.get(game.world)
    if found is None:
        found = _CONSTANTS[game.world] = Constants(game)
    return found


class Live:
    """What one power's option makers read of the state that actions during the turn may
    change, as plain lists: read when its options are made (making them changes nothing)."""

    def __init__(self, game: Game, n: int):
        s = game.state
        self.n = n
        self.purse = max(float(s.treasury[n]), 1.0)
        self.capital = max(float(s.political_capital[n]), 5.0)
        self.relations = s.relations[n].tolist()
        self.stock_r = s.stockpile[n, :, 1].tolist()
        self.tech = s.tech[n].tolist()
        self.research = s.research_orders[n].tolist()
        self._partners: tuple[list[int], int | None, int | None] | None = None

    def partners(self, view: TurnView) -> tuple[list[int], int | None, int | None]:
        """The other powers we do not sanction (a sanction in force is not an option, nor a
        partner), the friendliest of them and the least friendly (None if there are none);
        the control and the deal makers both read them."""
        if self._partners is None:
            n = self.n
            others = [i for i in view.const.others[n] if (n, i) not in view.sanctioned]
            relation = self.relations.__getitem__
            self._partners = (others, max(others, key=relation, default=None),
                              min(others, key=relation, default=None))
        return self._partners

    def cost(self, money: float, capital: float = 0.0) -> float:
        """Money weighed against what the treasury holds, political capital against what is left."""
        return 1.5 * money / self.purse + PC_WEIGHT * capital / self.capital


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
            # the lowest draws, equal ones in index order (as a stable argsort keeps them;
            # sorted on a list of a few dozen floats costs less than a numpy call)
            keep = sorted(range(len(options)), key=luck.__getitem__)[:self.budget.candidates]
            options = [options[i] for i in sorted(keep)]
        weights = self.persona.weights
        noise = self.budget.noise
        blur = luck[MAX_OPTIONS:MAX_OPTIONS + len(options)]
        scored = []
        for i, o in enumerate(options):
            motives = 0  # the motives' sum, left to right as sum() would add them
            for k, x in o.worth.items():
                motives += weights.get(k, 0.0) * x
            value = o.base + motives
            value += noise * (2.0 * blur[i] - 1.0)
            scored.append((-value, i, o))  # best first, equals in index order, by a plain tuple sort
        scored.sort()
        taken = 0
        for minus, _, o in scored:
            if taken >= self.budget.actions or -minus < ACT_THRESHOLD:
                break
            try:  # ask the rules first, as a player's screen does: only legal actions are submitted
                action = game.validate(self.power, o.action)
            except IllegalAction:
                continue
            event = game.submit(self.power, action)
            reason = o.reason
            event["reason"] = reason  # the turn report shows why
            taken += 1
            done.append(Decision(o.action, reason))
        return done

    def _luck(self, turn: int) -> list[float]:
        """Turn ``turn``'s block of luck: the same whichever turns this player sat out or was
        made in, so a game loaded from a save plays on exactly as one played straight through.
        As plain floats (the same values): indexing a numpy array one number at a time costs more."""
        skip = turn - 1 - self.blocks_drawn
        if skip > 0:
            self.rng.bit_generator.advance(skip * LUCK_BLOCK)  # one 64-bit draw per number
        self.blocks_drawn = turn
        return self.rng.random(LUCK_BLOCK).tolist()

    # ------------------------------------------------------------------ answers
    def _answer_offers(self, game: Game, luck: list[float]) -> list[Decision]:
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
            out.append(Decision(action, why))  # the event already says who answered what to whom
        return out

    def _answer_news(self, game: Game, luck: list[float]) -> list[Decision]:
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
        live = Live(game, n)
        out: list[Option] = []
        out += _stock_options(game, view, live, n, self.persona)
        out += _build_options(game, view, live, n)
        out += _research_options(game, live)
        out += _control_options(game, view, live, n)
        recent = _recent_proposals(game, self.power)
        out += [o for o in _deal_options(game, view, live, n) if _proposal_key(o.action) not in recent]
        out += _card_options(game, self.power)
        return out


RECENT_TURNS = 4  # an AI does not repeat a proposal it made this recently (read from the game's log)


def _proposal_key(action: dict[str, Any]) -> tuple | None:
    if action["action"] != "propose":
        return None
    return (action["to"], action["kind"], action.get("mineral"))


def _recent_proposals(game: Game, power: str) -> set[tuple]:
    """What ``power`` proposed in the last few turns: from the action log, which saves keep,
    so a game loaded from a save remembers it too.  The proposals in the log are indexed as
    it grows (it only ever grows), so each entry is read once per game, not once per turn."""
    found = game.scratch.get("ai_proposals")
    if found is None or found[0] > len(game.log):
        found = game.scratch["ai_proposals"] = [0, []]
    seen, made = found
    for entry in game.log[seen:]:
        if entry.action["action"] == "propose":
            made.append((entry.turn, entry.power, _proposal_key(entry.action)))
    found[0] = len(game.log)
    since = game.turn - RECENT_TURNS
    out = set()
    for turn, who, key in reversed(made):
        if turn < since:
            break
        if who == power:
            out.add(key)
    return out


# --------------------------------------------------------------------------- option makers


def _stock_options(game: Game, view: TurnView, live: Live, n: int, persona: schema.Persona) -> list[Option]:
    w = game.world
    out = []
    target = game.content.rules.stockpile_target_weeks * (1.0 + 0.5 * persona.weights.get("hoard", 0.0))
    rows, short = view.rows(n), view.const.short
    need, coverage, weeks_of, dependence = rows.need, rows.coverage, rows.weeks, rows.supplier_share
    local, p0, stock = rows.local_price_r, view.const.p0_r, live.stock_r
    for m in range(w.M):
        if need[m] <= 0:
            continue
        mineral = w.mineral_ids[m]
        cov = coverage[m]
        if cov < 0.92 and stock[m] > 0.01 * need[m]:
            amount = round(min(stock[m], need[m] * (1 - cov) * 1.5), 3)
            out.append(Option({"action": "stockpile_release", "mineral": mineral, "amount": amount},
                              ("{} shortage: {:.0%} of need met; releasing stock", short[m], cov),
                              base=3.0 * (1 - cov) + 0.3))
        weeks = weeks_of[m]
        price = local[m] / p0[m]
        if weeks < target and price < 1.5:
            dep = dependence[m]
            cost = 4.0 * weekly_use(need[m]) * local[m] / 1e9
            out.append(Option({"action": "stockpile_buy", "mineral": mineral, "weeks": 4.0},
                              ("{} stock at {:.0f} weeks, {:.0%} from one supplier", short[m], weeks, dep),
                              worth={"hoard": (1 - weeks / target) * (0.4 + dep)}, base=-live.cost(cost)))
    return out


def _build_options(game: Game, view: TurnView, live: Live, n: int) -> list[Option]:
    w = game.world
    rules = game.content.rules.diplomacy
    rows, const = view.rows(n), view.const
    out = []
    for m in range(w.M):
        dep, sup, unfriendly = rows.exposure[m]
        if dep < 0.4 or sup < 0 or rows.pending[m]:
            continue
        mineral = w.mineral_ids[m]
        why = ("{} dependence on {} {:.0%}", const.short[m], const.name[sup], dep)
        risk = dep * (0.4 + unfriendly)
        out.append(Option({"action": "build_refinery", "mineral": mineral}, why,
                          worth={"diversify": risk},
                          base=-live.cost(const.refinery_cost[m], PC_COST["build_refinery"])))
        cap, cost = const.mine[m]
        if reserves_allow_mine(rows.reserves[m], cap):
            out.append(Option({"action": "build_mine", "mineral": mineral}, why,
                              worth={"diversify": 0.7 * risk}, base=-live.cost(cost, PC_COST["build_mine"])))
        # a joint venture where the host leans our way and the ground holds the mineral
        best = rows.jv_host[m]
        if best >= 0:
            stake = 1.0 - game.content.nations[best].jv_stake
            if best == sup:  # a stake in the very producer we depend on
                jv_why = ("JV in {}: a stake in the source of {:.0%} of our {}", const.name[best], dep, const.short[m])
            else:
                jv_why = ("JV in {}: " + why[0], const.name[best], *why[1:])
            out.append(Option({"action": "joint_venture", "host": w.nation_ids[best], "mineral": mineral,
                               "stage": "ore"}, jv_why,
                              worth={"diversify": 1.1 * risk * (0.5 + rows.jv_score[m]), "cooperate": 0.2},
                              base=-live.cost(cost * stake, dip.JV_PC)))
        host = view.corridor_host[m]
        if host >= 0 and rows.lean[host] >= 0.15:
            out.append(Option({"action": "corridor", "host": w.nation_ids[host]},
                              ("a cheaper route to {}'s {}: " + why[0], const.name[host], const.short[m], *why[1:]),
                              worth={"diversify": 0.4 * risk, "trade": 0.2},
                              base=-live.cost(rules.corridor_cost)))
    return out


def _research_options(game: Game, live: Live) -> list[Option]:
    out = []
    cost = live.cost(game.content.rules.research_cost)
    for f, name in enumerate(TECH_FIELDS):
        level = live.tech[f]
        if level >= 5 or live.research[f]:
            continue
        room = 1.0 - level / 5.0
        motive = {"green": 0.6 * room} if name in ("recycling", "substitution") else {"diversify": 0.35 * room}
        out.append(Option({"action": "research", "field": name}, ("{} programme (level {})", name, level),
                          worth=motive, base=-cost + 0.1))
    return out


RISK_WORTH = 10.0  # a sure confrontation weighs this much against an option's motives, per unit of caution


def _brink(game: Game, added: float) -> float:
    """The chance that an escalation adding ``added`` to tension now tips the world over."""
    return move_risk(game.content.rules.crisis_hazard, float(game.state.tension), added)


def _risk_note(why: tuple, risk: float) -> tuple:
    """A reason with the risk it runs, where there is one worth naming."""
    if risk < 0.005:
        return why
    return (why[0] + "; risk of confrontation {:.0%}", *why[1:], risk)


def _control_options(game: Game, view: TurnView, live: Live, n: int) -> list[Option]:
    w, s = game.world, game.state
    out = []
    calm = max(0.0, 1.0 - s.tension / HIGH_TENSION)
    licence_pc = game.content.rules.export_control_political_cost["licence"]
    others, relations = view.const.others[n], live.relations
    rows, short, name = view.rows(n), view.const.short, view.const.name
    for m in range(w.M):
        share = rows.share_r[m]
        if share > 0.5 and not rows.controlled[m]:
            rival = min(others, key=relations.__getitem__)
            risk = _brink(game, control_tension(w, s, n, m, 1, "licence"))
            out.append(Option({"action": "export_control", "mineral": w.mineral_ids[m], "stage": "refined",
                               "target": w.nation_ids[rival], "level": "licence"},
                              _risk_note(("we refine {:.0%} of {}: a licence for {}", share, short[m], name[rival]),
                                         risk),
                              worth={"leverage": share * calm, "trade": -0.4, "caution": -RISK_WORTH * risk},
                              base=-0.1 - live.cost(0.0, licence_pc)))
            out.append(Option({"action": "export_control", "mineral": w.mineral_ids[m], "stage": "refined",
                               "target": "all", "level": "licence"},
                              _risk_note(("we refine {:.0%} of {}: licences for every buyer", share, short[m]), risk),
                              worth={"leverage": 0.8 * share * calm, "trade": -0.6, "caution": -RISK_WORTH * risk},
                              base=-0.2 - live.cost(0.0, licence_pc)))
    if s.tension > 55.0:
        levels = s.controls_all[n]
        if levels.max() > 0:
            m, k = np.unravel_index(int(np.argmax(levels)), levels.shape)
            risk = _brink(game, BAN_POINTS)  # what the next ban-sized escalation, anyone's, would risk
            out.append(Option({"action": "export_control", "mineral": w.mineral_ids[m], "stage": STAGES[k],
                               "target": "all", "level": "none"},
                              _risk_note(("tension at {:.0f}: easing our {} controls", s.tension, short[m]), risk),
                              worth={"trade": (s.tension - 45.0) / 40.0, "leverage": -0.3,
                                     "caution": RISK_WORTH * risk},
                              base=max(0.0, (s.tension - 75.0) / 25.0)))
    _, _, worst = live.partners(view)
    if worst is not None and relations[worst] < SANCTION_HOSTILITY and s.tension < 60.0:
        # trade stops both ways: a sanction bites the target as far as it buys from us, and us
        # as far as we buy from it
        bite, hurt = view.reliance(worst, n), view.reliance(n, worst)
        risk = _brink(game, game.content.rules.diplomacy.sanction_tension)
        out.append(Option({"action": "sanction", "target": w.nation_ids[worst]},
                          _risk_note(("relations with {} at {:.0f}; it relies on us for {:.0%} of its refined supply",
                                      name[worst], relations[worst], bite), risk),
                          worth={"leverage": 0.3 + bite, "trade": -0.8, "caution": -RISK_WORTH * risk},
                          base=-0.3 - 3.0 * hurt - live.cost(0.0, dip.SANCTION_PC)))
    return out


def _deal_options(game: Game, view: TurnView, live: Live, n: int) -> list[Option]:
    w, s = game.world, game.state
    me = w.nation_ids[n]
    others, friend, foe = live.partners(view)
    if not others:
        return []
    out = []
    relations = live.relations
    rows, short, name = view.rows(n), view.const.short, view.const.name
    if s.tension > 35.0:
        out.append(Option({"action": "propose", "to": w.nation_ids[foe], "kind": "summit"},
                          ("tension at {:.0f}; relations with {} at {:.0f}", s.tension, name[foe],
                           relations[foe]),
                          worth={"trade": 0.5 * s.tension / 50.0, "cooperate": 0.3, "leverage": -0.2},
                          base=-live.cost(0.0, game.content.rules.diplomacy.summit_political_cost)))
    ally = dip.club_of(s, me, "alliance")
    if relations[friend] > 15.0:
        if ally is None:
            rule = "by_contribution" if any(x > 0 for x in live.stock_r) else "pro_rata"
            out.append(Option({"action": "propose", "to": w.nation_ids[friend], "kind": "alliance", "rule": rule},
                              ("a minerals club with {} (relations {:.0f})", name[friend], relations[friend]),
                              worth={"cooperate": 0.7, "hoard": 0.3, "leverage": -0.2}))
        if view.const.env_ok[n] and view.const.env_ok[friend] and dip.club_of(s, me, "certification") is None:
            out.append(Option({"action": "propose", "to": w.nation_ids[friend], "kind": "certification"},
                              ("clean, traceable supply: a certification regime",),
                              worth={"green": 0.7, "cooperate": 0.2}))
        out.append(Option({"action": "propose", "to": w.nation_ids[friend], "kind": "joint_research",
                           "field": "recycling"}, ("pooling recycling research with {}", name[friend]),
                          worth={"cooperate": 0.35, "green": 0.25}, base=-live.cost(0.25)))
    stakes = view.shaky_stakes[n]
    if stakes > 0 and dip.club_of(s, me, "insurance") is None:
        out.append(Option({"action": "propose", "to": w.nation_ids[friend], "kind": "insurance"},
                          ("insuring ${:.1f} bn of stakes in unstable producer states", stakes),
                          worth={"cooperate": 0.5, "hoard": 0.2}))
    if ally is not None:
        for m in range(w.M):
            if rows.weeks[m] > 16.0 and rows.need[m] > 0:  # our own cover (and security) shrinks
                out.append(Option({"action": "alliance_contribute", "mineral": w.mineral_ids[m], "weeks": 2.0},
                                  ("{} stock at {:.0f} weeks: sharing with allies", short[m], rows.weeks[m]),
                                  worth={"cooperate": 0.3, "hoard": 0.15}, base=-0.3))
                break
    for m in range(w.M):  # buy on contract from a friendly refiner when exposed
        dep, sup, unfriendly = rows.exposure[m]
        if dep < 0.5:
            continue
        share_r = view.share_r_by_mineral[m]
        seller = max(others, key=lambda i: share_r[i] * (relations[i] > 0))  # equals: the lowest index
        made = view.refined[seller][m] * 4.0
        if seller == sup or made <= 0 or relations[seller] <= 0:
            continue
        volume = round(min(0.2 * made, rows.need[m] * 4.0 * 0.3), -1)
        if volume > 0:
            out.append(Option({"action": "propose", "to": w.nation_ids[seller], "kind": "offtake",
                               "mineral": w.mineral_ids[m], "stage": "refined", "volume": volume,
                               "price": 1.1, "years": 3.0, "role": "buy"},
                              ("{} dependence on {} {:.0%}: a contract with {}",
                               short[m], name[sup], dep, name[seller]),
                              worth={"diversify": 0.6 * dep * (0.4 + unfriendly), "trade": 0.2}))
    return out


_CARD_OPTIONS: weakref.WeakKeyDictionary[World, dict[tuple[str, str], list]] = weakref.WeakKeyDictionary()


def _card_options(game: Game, power: str) -> list[Option]:
    """Each card of the hand played (with each of its choices); their worth depends only on
    the card and the world, so it is worked out once per world."""
    known = _CARD_OPTIONS.setdefault(game.world, {})
    out = []
    for cid in game.state.deck.get("hands", {}).get(power, []):
        made = known.get((power, cid))
        if made is None:
            card = game.content.card_index[cid]
            made = known[(power, cid)] = []
            for choice in card.choices or [None]:
                worth = option_value(game, power, card, choice, True)
                why = ("the card is worth {:+.1f} to us{}", worth, f" ('{choice.label}')" if choice else "")
                made.append(({"action": "play_card", "card": cid, **({"choice": choice.id} if choice else {})},
                             why, CARD_WEIGHT * worth))
        out += [Option(dict(action), why, base=base) for action, why, base in made]
    return out


# --------------------------------------------------------------------------- answering offers


def _short(game: Game, m: int) -> str:
    return game.content.minerals[m].short


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
            dep = view_of(game).rows(me).exposure[m][0]
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

"""Typed models of every content file.

Every model forbids unknown fields, so a typo in YAML is an error, not a silent
default.  Cross-references (a sector naming a mineral, a facility owner naming a
nation ...) are checked afterwards in :mod:`game.content.validate`, where the
known ids are at hand for "did you mean" suggestions.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MINERAL_IDS = ("ndpr", "dytb", "lithium", "cobalt", "nickel", "graphite", "gallium")
Stage = Literal["ore", "refined"]
ControlLevel = Literal["none", "licence", "quota", "ban"]
STAGES: tuple[Stage, ...] = ("ore", "refined")
POWER_IDS = ("china", "usa", "eu", "japan", "russia", "australia", "india")
CONTROL_LEVELS: tuple[ControlLevel, ...] = ("none", "licence", "quota", "ban")
TECH_FIELDS = ("extraction", "refining", "recycling", "substitution")
SCORE_PARTS = ("prosperity", "security", "influence", "sustainability")

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_\-]*$", max_length=48)]
# A source is a claim id of the project's seeds digest (s002-c08), a key of the
# research file (R39, T8) or a dated real event ("2010-09-21 China halts ...").
SourceRef = Annotated[
    str,
    Field(pattern=r"^(s\d{3}-c\d{2}|R\d{2,3}|T\d{1,2}|\d{4}(-\d{2}){0,2} .{8,})$"),
]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
NonNeg = Annotated[float, Field(ge=0.0)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- minerals


class StageSpec(Model):
    name: str
    price: Annotated[float, Field(gt=0)]  # in the mineral's price_unit
    elasticity: Annotated[float, Field(gt=0.02, le=3.0)]
    pollution: NonNeg = 0.0  # pollution points per 1% of world output produced in a year


class ProjectSpec(Model):
    capacity: Annotated[float, Field(gt=0)]  # t/yr added
    cost: Annotated[float, Field(gt=0)]  # $bn
    turns: Annotated[int, Field(ge=1, le=40)]


class MineralProjects(Model):
    mine: ProjectSpec
    expansion: ProjectSpec
    refinery: ProjectSpec


class Mineral(Model):
    id: Id
    name: str
    short: Annotated[str, Field(max_length=8)]
    unit: str
    price_unit: Literal["$/kg", "$/t"]
    stages: dict[Stage, StageSpec]
    refining_yield: Annotated[float, Field(gt=0, le=1)]
    max_price_multiple: Annotated[float, Field(gt=1.5, le=60)]
    recycling_rate: Share  # share of consumption recovered at recycling tech 0
    substitutable: Share  # the most demand that substitution research can remove
    projects: MineralProjects
    sources: list[SourceRef] = Field(min_length=1)

    @field_validator("stages")
    @classmethod
    def _both_stages(cls, value: dict[str, StageSpec]) -> dict[str, StageSpec]:
        missing = [s for s in STAGES if s not in value]
        if missing:
            raise ValueError(f"missing stage(s): {', '.join(missing)}")
        return value


# ---------------------------------------------------------------- sectors


class Sector(Model):
    id: Id
    name: str
    strategic: bool = False
    # share of the sector's output lost if that mineral is missing entirely
    inputs: dict[str, Share]
    sources: list[SourceRef] = Field(min_length=1)


# ---------------------------------------------------------------- nations


class Facility(Model):
    name: str
    mineral: str
    stage: Stage
    capacity: NonNeg  # t/yr of output
    owners: dict[str, Share] | None = None  # default: the host nation owns it all

    @field_validator("owners")
    @classmethod
    def _owners_sum(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        if value is not None and abs(sum(value.values()) - 1.0) > 1e-6:
            raise ValueError(f"owner shares must add up to 1 (they add up to {sum(value.values()):g})")
        return value


class Tech(Model):
    extraction: Annotated[int, Field(ge=0, le=5)] = 1
    refining: Annotated[int, Field(ge=0, le=5)] = 1
    recycling: Annotated[int, Field(ge=0, le=5)] = 1
    substitution: Annotated[int, Field(ge=0, le=5)] = 1


class ProducerPolicy(Model):
    """A producer state's own export policy: resource nationalism (an ore export ban, as
    Indonesia and Vietnam did) or a quota (as DR Congo did with cobalt)."""

    mineral: str
    stage: Stage
    level: ControlLevel
    since: int | None = None  # in force from this year (from the start if the scenario begins later)
    until: int | None = None  # ... through this year, then lifted
    when_price_below: Annotated[float, Field(gt=0)] | None = None  # a slump brings it (DRC, 2025)
    when_price_above: Annotated[float, Field(gt=0)] | None = None  # a boom brings it (capture the rent)
    chance: Share = 1.0  # per quarter, once its condition holds; lifted when the condition lapses
    sources: list[SourceRef] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_in_order(self) -> "ProducerPolicy":
        if self.since is not None and self.until is not None and self.until < self.since:
            raise ValueError(f"until ({self.until}) is before since ({self.since})")
        return self


class Nation(Model):
    id: Id
    name: str
    adjective: str
    kind: Literal["power", "producer", "aggregate"]
    treasury: NonNeg = 0.0  # $bn
    income: NonNeg = 0.0  # $bn per quarter for minerals policy
    political_capital: Annotated[float, Field(ge=0, le=100)] = 0.0
    social_licence: Annotated[float, Field(ge=0, le=100)] = 60.0
    env_standard: Share = 0.5
    royalty: Share = 0.1  # the state's take of mineral sales
    governance: Share = 0.5
    stability: Share = 0.8
    tech: Tech = Tech()
    sectors: dict[str, NonNeg] = {}  # $bn of output per year
    demand: dict[str, NonNeg] = {}  # refined t/yr
    reserves: dict[str, NonNeg] = {}  # t of contained mineral
    stockpile: dict[str, dict[Stage, NonNeg]] = {}
    facilities: list[Facility] = []
    relations: dict[str, Annotated[float, Field(ge=-100, le=100)]] = {}
    alignment: dict[str, Share] = {}  # producer states: leaning toward each power
    policies: list[ProducerPolicy] = []  # producer states: their own export policies
    jv_stake: Share = 0.5  # producer states: the share the host keeps in a joint venture
    sources: list[SourceRef] = Field(min_length=1)


# ---------------------------------------------------------------- rules


MOTIVES = ("leverage", "diversify", "trade", "hoard", "green", "cooperate")
LEVELS = ("easy", "normal", "hard")


class Persona(Model):
    """How an AI power weighs what it could do: a weight per motive (0 = never, 2 = eager)."""

    id: Id
    name: str
    summary: str
    weights: dict[Literal["leverage", "diversify", "trade", "hoard", "green", "cooperate", "caution"],
                  Annotated[float, Field(ge=0, le=3)]]
    sources: list[SourceRef] = Field(min_length=1)


class Level(Model):
    """A difficulty: how many options the AI weighs a turn (its budget, in iterations),
    how much noise blurs its judgement, and how many actions it takes."""

    candidates: Annotated[int, Field(ge=1, le=200)]
    noise: NonNeg
    actions: Annotated[int, Field(ge=1, le=6)]


class PersonaBook(Model):
    personas: list[Persona] = Field(min_length=1)
    levels: dict[Literal["easy", "normal", "hard"], Level]
    defaults: dict[str, str]  # power -> persona when no one says otherwise


class DiplomacyRules(Model):
    """Numbers of the rules between powers and producer states (engine.diplomacy)."""

    jv_min_alignment: Share  # a host signs a JV only with a power it leans toward at least this much
    jv_alignment_gain: Share
    corridor_cost: NonNeg  # $bn
    corridor_discount: Share  # cheaper landed cost of imports from the host
    corridor_alignment_gain: Share
    corridor_dispute_loss: NonNeg  # $bn lost when unrest hits a corridor's host
    instability_rate: Share  # chance a quarter of unrest = (1 - stability) x this
    instability_severity: Share  # share of the host's mine output lost while unrest lasts
    instability_turns: Annotated[int, Field(ge=1, le=8)]
    instability_loss_rate: NonNeg  # share of an owner's stake value (a year's output) lost per unrest
    insurance_premium: NonNeg  # $bn a quarter per member
    contract_breach_reputation: NonNeg
    contract_breach_tension: NonNeg
    contract_breach_relations: NonNeg
    contract_max_years: Annotated[int, Field(ge=1, le=10)]
    sanction_tension: NonNeg
    sanction_relations: NonNeg
    sanction_reputation: NonNeg
    summit_tension: NonNeg
    summit_relations: NonNeg
    summit_political_cost: NonNeg
    certification_standard: Share  # environmental standard an exporter needs to be certified
    certification_levy: Share  # extra duty members charge on uncertified imports
    certification_tension: NonNeg  # tension lowered when a regime forms or grows
    tech_transfer_relations: NonNeg
    alliance_quarrel: NonNeg  # relations lost by a member left short by the allocation
    leave_reputation: NonNeg  # leaving an alliance or pool early
    reputation_recovery: NonNeg  # points a quarter back toward 50
    alignment_drift: Share  # share of the gap to the starting alignment closed each quarter
    offers_per_turn: Annotated[int, Field(ge=1, le=10)]
    sources: dict[str, list[SourceRef]]


class CrisisHazard(Model):
    """An escalation ending above ``above`` may tip the world into confrontation, with a chance
    of ((T - above) / (100 - above)) ** power x points / step (game.engine.rules.crisis_chance)."""
    above: Annotated[float, Field(ge=0, lt=100)]
    power: Annotated[float, Field(gt=0)]
    step: Annotated[float, Field(gt=0)]


class Rules(Model):
    export_control_access: dict[ControlLevel, Share]
    export_control_political_cost: dict[ControlLevel, NonNeg]
    export_control_tension: dict[ControlLevel, NonNeg]
    control_leakage: Share
    restriction_premium: NonNeg
    price_floor_multiple: Annotated[float, Field(gt=0, lt=1)]
    mine_price_response: NonNeg
    utilisation: Share
    refining_cost_share: Share
    refiner_ore_in_hand: Annotated[float, Field(ge=0, le=4)]  # quarters of ore refiners keep beyond the run
    supply_response: NonNeg
    supply_response_cap: Share
    tension_decay: NonNeg
    tension_confrontation: Annotated[float, Field(gt=0, le=100)]
    crisis_hazard: CrisisHazard
    tariff_tension: NonNeg
    relation_hit_per_control: NonNeg
    political_capital_per_turn: NonNeg
    research_cost: Annotated[float, Field(gt=0)]
    research_breakthrough: Share
    stockpile_target_weeks: NonNeg
    social_licence_recovery: NonNeg
    social_licence_per_project: NonNeg
    pollution_decay: Share
    score_weights: dict[str, NonNeg]
    diplomacy: DiplomacyRules
    sources: dict[str, list[SourceRef]]


# ---------------------------------------------------------------- effects and cards

NationRef = str  # a nation id, or "self" for the power that plays or chooses


class _Effect(Model):
    pass


class PriceShock(_Effect):
    type: Literal["price_shock"]
    mineral: str
    stage: Stage
    multiple: Annotated[float, Field(gt=0, le=20)]
    turns: Annotated[int, Field(ge=1, le=40)] = 1


class DemandShift(_Effect):
    type: Literal["demand_shift"]
    mineral: str
    nation: NationRef | Literal["all"] = "all"
    pct: Annotated[float, Field(ge=-90, le=300)]
    turns: Annotated[int, Field(ge=0, le=40)] = 0  # 0: permanent


class CapacityLoss(_Effect):
    type: Literal["capacity_loss"]
    nation: NationRef
    mineral: str
    stage: Stage
    pct: Annotated[float, Field(gt=0, le=100)]
    turns: Annotated[int, Field(ge=0, le=40)] = 1  # 0: permanent


class ExportControlEffect(_Effect):
    type: Literal["export_control"]
    controller: NationRef
    mineral: str
    stage: Stage
    target: NationRef | Literal["all"] = "all"
    level: ControlLevel


class RelationChange(_Effect):
    type: Literal["relation_change"]
    nation: NationRef
    other: NationRef | Literal["all"]
    delta: Annotated[float, Field(ge=-100, le=100)]


class TensionChange(_Effect):
    type: Literal["tension"]
    delta: Annotated[float, Field(ge=-50, le=50)]


class TreasuryChange(_Effect):
    type: Literal["treasury"]
    nation: NationRef
    delta: float  # $bn


class PoliticalCapitalChange(_Effect):
    type: Literal["political_capital"]
    nation: NationRef
    delta: Annotated[float, Field(ge=-50, le=50)]


class TechnologyChange(_Effect):
    type: Literal["technology"]
    nation: NationRef
    field: Literal["extraction", "refining", "recycling", "substitution"]
    delta: Annotated[int, Field(ge=-2, le=2)]


class SocialLicenceChange(_Effect):
    type: Literal["social_licence"]
    nation: NationRef
    delta: Annotated[float, Field(ge=-50, le=50)]


class StockpileChange(_Effect):
    type: Literal["stockpile"]
    nation: NationRef
    mineral: str
    stage: Stage
    weeks: Annotated[float, Field(ge=-52, le=52)]  # in weeks of that nation's use


class NewProject(_Effect):
    type: Literal["project"]
    nation: NationRef  # where it is built
    owner: NationRef
    mineral: str
    stage: Stage
    capacity: Annotated[float, Field(gt=0)]
    turns: Annotated[int, Field(ge=1, le=40)]
    name: str


class UnlockCard(_Effect):
    type: Literal["unlock_card"]
    card: str


class RemoveCard(_Effect):
    type: Literal["remove_card"]
    card: str


Effect = Annotated[
    Union[
        PriceShock, DemandShift, CapacityLoss, ExportControlEffect, RelationChange,
        TensionChange, TreasuryChange, PoliticalCapitalChange, TechnologyChange,
        SocialLicenceChange, StockpileChange, NewProject, UnlockCard, RemoveCard,
    ],
    Field(discriminator="type"),
]
TRIGGERS = {
    "export_ban": "a power puts a ban on exports of some mineral",
    "export_control": "a power puts any new export control in force",
    "long_shortage": "a power has met under 80% of its need of a mineral for 3 turns running",
    "price_spike": "an open-market price stands above 3x its reference",
    "high_tension": "global tension reaches 70",
    "project_complete": "a mine or refinery opens",
    "breakthrough": "a research programme succeeds",
    "stockpile_release": "a power releases from its stockpile",
}
EFFECT_TYPES = (
    "price_shock", "demand_shift", "capacity_loss", "export_control", "relation_change",
    "tension", "treasury", "political_capital", "technology", "social_licence",
    "stockpile", "project", "unlock_card", "remove_card",
)


class Condition(Model):
    """All given fields must hold for the card to be drawn."""

    tension_at_least: Annotated[float, Field(ge=0, le=100)] | None = None
    tension_below: Annotated[float, Field(ge=0, le=100)] | None = None
    price_multiple_at_least: float | None = None  # with mineral and stage
    mineral: str | None = None
    stage: Stage | None = None
    control_active: NationRef | None = None  # that nation has some control on mineral
    share_at_least: Share | None = None  # nation's share of world output of mineral/stage
    nation: NationRef | None = None
    year_from: int | None = None
    year_to: int | None = None


class Cost(Model):
    treasury: NonNeg = 0.0
    political_capital: NonNeg = 0.0


class Choice(Model):
    id: Id
    label: Annotated[str, Field(max_length=60)]
    text: str = ""
    effects: list[Effect] = []
    cost: Cost = Cost()


class Card(Model):
    id: Id
    title: Annotated[str, Field(max_length=70)]
    text: Annotated[str, Field(min_length=20)]
    kind: Literal["world", "policy", "crisis"]
    era: list[Literal["early", "middle", "late"]] = Field(min_length=1)
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0
    conditions: list[Condition] = []
    effects: list[Effect] = []
    choices: list[Choice] = []
    once: bool = False
    powers: list[str] = []  # policy cards: whose deck; world cards: who is asked to choose
    cost: Cost = Cost()
    # a triggered card is not in any deck at the start: it enters the world deck
    # when its trigger happens (see TRIGGERS)
    trigger: Literal[
        "export_ban", "export_control", "long_shortage", "price_spike", "high_tension",
        "project_complete", "breakthrough", "stockpile_release",
    ] | None = None
    sources: list[SourceRef] = Field(min_length=1)


# ---------------------------------------------------------------- scenarios


class StartDate(Model):
    year: Annotated[int, Field(ge=1990, le=2100)]
    quarter: Annotated[int, Field(ge=1, le=4)]


class InitialControl(Model):
    controller: str
    mineral: str
    stage: Stage
    target: str  # nation id or "all"
    level: ControlLevel
    sources: list[SourceRef] = Field(min_length=1)


class InitialProject(Model):
    name: str
    nation: str
    owners: dict[str, Share] | None = None
    mineral: str
    stage: Stage
    capacity: Annotated[float, Field(gt=0)]
    turns: Annotated[int, Field(ge=1, le=60)]
    sources: list[SourceRef] = Field(min_length=1)


class Objective(Model):
    id: Id
    text: str
    metric: Literal[
        "refining_share", "mining_share", "max_supplier_share", "recycling_share",
        "stockpile_weeks", "tension_below", "coverage",
    ]
    mineral: str | None = None
    stage: Stage | None = None
    op: Literal[">=", "<="] = ">="
    value: float
    by_year: int | None = None
    points: Annotated[float, Field(ge=0, le=100)] = 10.0
    sources: list[SourceRef] = []


class NationStart(Model):
    """A scenario's changes to one nation's starting figures."""

    treasury: NonNeg | None = None
    income: NonNeg | None = None
    political_capital: Annotated[float, Field(ge=0, le=100)] | None = None
    social_licence: Annotated[float, Field(ge=0, le=100)] | None = None
    relations: dict[str, Annotated[float, Field(ge=-100, le=100)]] = {}
    stockpile_weeks: dict[str, NonNeg] = {}  # refined stock at start, in weeks of own use


class DeckSelection(Model):
    """Which cards a scenario plays with: all (default), only some, or all but some."""

    only: list[str] = []
    exclude: list[str] = []


class Scenario(Model):
    id: Id
    name: str
    summary: str
    start: StartDate
    turns: Annotated[int, Field(ge=1, le=80)]
    powers: list[str] = Field(min_length=2)
    tension: Annotated[float, Field(ge=0, le=100)]
    demand_growth: dict[str, Annotated[float, Field(ge=-0.5, le=1.0)]]  # per year
    score_weights: dict[str, NonNeg] = {}
    export_controls: list[InitialControl] = []
    projects: list[InitialProject] = []
    objectives: dict[str, list[Objective]] = {}
    # each power's par: the mean score before par (index gain plus objective points) a normal-level
    # AI makes from that seat, measured by bench/par.py (scoring.final_scores); all powers or none
    par: dict[str, float] = {}
    # of each par, the part that objective points make (bench/par.py's "obj" column; 0 where not
    # given): during the game this part is taken as the seat's objectives are settled, the rest
    # quarter by quarter, so a seat whose par is mostly objectives is not shown far behind
    # until they fall due
    par_objectives: dict[str, float] = {}
    # starting figures of another time: total capacity per mineral, stage and nation (t/yr,
    # spread over that nation's facilities), refined demand (t/yr), reference prices (in the
    # mineral's price unit), nation figures; anything not given comes from content
    capacity: dict[str, dict[Stage, dict[str, NonNeg]]] = {}
    demand: dict[str, dict[str, NonNeg]] = {}
    prices: dict[str, dict[Stage, Annotated[float, Field(gt=0)]]] = {}
    nations: dict[str, NationStart] = {}
    deck: DeckSelection = DeckSelection()
    hand_size: Annotated[int, Field(ge=0, le=6)] = 3
    briefing: str = ""
    learning_goals: list[str] = []
    debrief_questions: list[str] = []
    sources: list[SourceRef] = Field(min_length=1)

"""The game's lessons as paired-seed experiments.

A lesson is a claim the game exists to teach (DESIGN.md §1: dependence becomes
vulnerability, concentration becomes leverage, leverage used too hard turns the world
against you), stated as an experiment: the same seeds are played in two or more *arms*
that differ only by an intervention (a ban, a stockpile, a programme of investment), every
power on its AI at normal, and each *figure* is a per-seed paired difference between arms.
A figure prints its mean with a 95% interval (Student's t over the seeds) and passes its
*gate* only when the whole interval lies on the gate's side of the threshold.

Nothing here decides an outcome: an arm changes the world only through the engine's own
actions (``Game.submit``) and, for a scenario's starting position, its stocks; the AIs play
as they always do.  ``terra-rara lessons`` runs them (docs/lessons.md has the figures and the
causal chains that make each lesson hold or fail).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

from game.content.loader import Content
from game.engine.actions import IllegalAction
from game.engine.game import Game
from game.engine.rules import tonnes_for_weeks

# ----------------------------------------------------------------------------- statistics

# Student's t at 97.5% (two-sided 95%) for 1-30 degrees of freedom, then a few more
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
         2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
         2.052, 2.048, 2.045, 2.042]
_T975_MORE = [(40, 2.021), (60, 2.000), (120, 1.980)]


def t975(df: int) -> float:
    """Student's t quantile at 0.975 for ``df`` degrees of freedom."""
    if df < 1:
        return math.inf
    if df <= 30:
        return _T975[df - 1]
    for limit, t in _T975_MORE:
        if df <= limit:
            return t
    return 1.960


@dataclass(frozen=True)
class Estimate:
    """The mean of paired differences over ``n`` seeds and its 95% interval."""
    mean: float
    low: float
    high: float
    sd: float
    n: int

    @staticmethod
    def of(values: list[float]) -> Estimate:
        n = len(values)
        mean = statistics.fmean(values) if values else math.nan
        sd = statistics.stdev(values) if n > 1 else math.nan
        half = t975(n - 1) * sd / math.sqrt(n) if n > 1 else math.inf
        return Estimate(mean, mean - half, mean + half, sd, n)


# ----------------------------------------------------------------------------- arms


@dataclass(frozen=True)
class Move:
    """An action one power submits at the start of a turn (if the engine allows it then)."""
    turn: int
    power: str
    action: dict[str, Any]


@dataclass(frozen=True)
class Arm:
    """One way of playing the lesson's seeds: a scenario, moves submitted before the AIs play,
    and a change to the starting position (``setup``: a module-level function of the game)."""
    name: str
    scenario: str = "standard"
    moves: tuple[Move, ...] = ()
    setup: Callable[[Game], None] | None = None


def _control(turn: int, controller: str, mineral: str, target: str, level: str) -> Move:
    return Move(turn, controller, {"action": "export_control", "mineral": mineral, "stage": "refined",
                                   "target": target, "level": level})


def ban(controller: str, target: str, minerals: tuple[str, ...], start: int, quarters: int,
        level: str = "ban") -> tuple[Move, ...]:
    """Controls on refined ``minerals`` to ``target`` held from turn ``start`` for ``quarters``
    (put back at the start of any turn of the window where the controller's AI lifted it, or
    could not yet pay for it), then lifted."""
    on = tuple(_control(t, controller, m, target, level) for t in range(start, start + quarters) for m in minerals)
    off = tuple(_control(start + quarters, controller, m, target, "none") for m in minerals)
    return on + off


def stock_weeks_at_start(power: str, weeks: float, minerals: tuple[str, ...], game: Game) -> None:
    """``power`` starts holding ``weeks`` of its own refined use of each of ``minerals``."""
    w, s = game.world, game.state
    n = w.nidx[power]
    for mid in minerals:
        m = w.midx[mid]
        s.stockpile[n, m, 1] = max(float(s.stockpile[n, m, 1]), tonnes_for_weeks(s, n, m, weeks))


# ----------------------------------------------------------------------------- one game


def _in_force(game: Game, mv: Move) -> bool:
    """Whether an export control move would change nothing (its level already stands)."""
    a = mv.action
    if a["action"] != "export_control":
        return False
    from game.content.schema import STAGES
    from game.engine.actions import control_in_force
    from game.engine.world import LEVEL_INDEX

    w = game.world
    level = control_in_force(w, game.state, w.nidx[mv.power], w.midx[a["mineral"]], STAGES.index(a["stage"]),
                             a["target"])
    return level == LEVEL_INDEX[a["level"]]


@dataclass
class Outcome:
    """What a lesson reads from one game of one arm."""
    index: list[list[float]] = field(default_factory=list)          # [turn][power in play order]
    dytb_share: list[list[float]] = field(default_factory=list)     # top supplier's share of Dy/Tb use
    dytb_imports: list[list[float]] = field(default_factory=list)   # refined Dy/Tb imported, t a quarter
    scores: dict[str, float] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)                 # moves the engine refused, and why


def play_arm(content: Content, arm: Arm, turns: int | None, seed: int) -> Outcome:
    """Play one seed of one arm to its end (or ``turns``) and read the lesson's figures."""
    from game.sim.runner import run_game

    out = Outcome()
    by_turn: dict[int, list[Move]] = {}
    for mv in arm.moves:
        by_turn.setdefault(mv.turn, []).append(mv)

    def before(game: Game) -> None:
        for mv in by_turn.get(game.turn, []):
            if _in_force(game, mv):
                continue
            try:
                game.submit(mv.power, mv.action)
            except IllegalAction as exc:
                out.refused.append(f"turn {mv.turn} {mv.power} {mv.action['action']}: {exc}")

    def after(game: Game) -> None:
        w, s = game.world, game.state
        m = w.midx["dytb"]
        out.index.append([float(s.index[n]) for n in w.power_index])
        out.dytb_share.append([float(s.supplier_share[n, m]) for n in w.power_index])
        out.dytb_imports.append([float(s.imports[n, m, 1]) for n in w.power_index])

    game = run_game(content, arm.scenario, seed, turns=turns, record=False, setup=arm.setup,
                    before_turn=before, after_turn=after).game
    out.scores = game.scores()
    return out


# ----------------------------------------------------------------------------- lessons


@dataclass(frozen=True)
class Figure:
    """One measured effect and its gate.  ``op`` "<=" or ">=": it passes when the whole 95%
    interval lies on that side of the threshold (the effect is shown, not merely suggested);
    "reaches": when the interval's top reaches the threshold (no significant loss below it)."""
    name: str
    estimate: Estimate
    op: str
    threshold: float
    unit: str = "points"

    @property
    def passed(self) -> bool:
        if self.op == "<=":
            return self.estimate.high <= self.threshold
        if self.op == ">=":
            return self.estimate.low >= self.threshold
        return self.estimate.high >= self.threshold

    @property
    def gate(self) -> str:
        if self.op == "reaches":
            return f"top of the interval >= {self.threshold:+.2f}"
        return f"whole interval {self.op} {self.threshold:+.2f}"


Results = dict[str, list[Outcome]]


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    claim: str
    arms: tuple[Arm, ...]
    figures: Callable[[Game, Results], list[Figure]]
    turns: int | None = None  # None: the scenario's whole length


def _col(game: Game, power: str) -> int:
    return game.world.powers.index(power)


def _trough(ban_run: Outcome, base_run: Outcome, col: int) -> float:
    """The worst quarter of a power's index in one arm against another, seed by seed."""
    return min(b[col] - a[col] for b, a in zip(ban_run.index, base_run.index))


MAGNETS = ("ndpr", "dytb")


def _dependence(g: Game, r: Results) -> list[Figure]:
    j = _col(g, "japan")
    trough = [_trough(b, a, j) for b, a in zip(r["ban"], r["no ban"])]
    score = [b.scores["japan"] - a.scores["japan"] for b, a in zip(r["ban"], r["no ban"])]
    sd = statistics.stdev(a.scores["japan"] for a in r["no ban"]) if len(r["no ban"]) > 1 else math.nan
    return [Figure("Japan's index at its worst quarter, ban against no ban", Estimate.of(trough), "<=", -5.0),
            Figure(f"Japan's final score, ban against no ban (2 x the seat's sd {sd:.2f})", Estimate.of(score),
                   "<=", -2.0 * sd)]


def _stockpiles(g: Game, r: Results) -> list[Figure]:
    j = _col(g, "japan")
    bare = [_trough(b, a, j) for b, a in zip(r["ban"], r["no ban"])]
    kept = [_trough(b, a, j) for b, a in zip(r["ban, 26 weeks held"], r["26 weeks held"])]
    # prepared loss at most half the unprepared one: kept - bare / 2 >= 0
    return [Figure("Japan's worst quarter under the ban: with 26 weeks held, less half of it without",
                   Estimate.of([k - b / 2 for k, b in zip(kept, bare)]), ">=", 0.0)]


def _leverage(g: Game, r: Results) -> list[Figure]:
    c = "china"
    hard = [b.scores[c] - a.scores[c] for b, a in zip(r["bans on every buyer"], r["no ban"])]
    soft = [b.scores[c] - a.scores[c] for b, a in zip(r["one licence"], r["no ban"])]
    return [Figure("China's final score, 12 quarters of bans on every buyer against none", Estimate.of(hard),
                   "<=", 0.0),
            # "costs nothing significant": the interval reaches 0 or above, i.e. its top is >= 0
            Figure("China's final score, one licence to Japan for 4 quarters against none (top of interval)",
                   Estimate.of(soft), "reaches", 0.0)]


def _diversification(g: Game, r: Results) -> list[Figure]:
    e = _col(g, "eu")
    share = [b.dytb_share[-1][e] - a.dytb_share[-1][e] for b, a in zip(r["refineries first"], r["as usual"])]
    score = [b.scores["eu"] - a.scores["eu"] for b, a in zip(r["refineries first"], r["as usual"])]
    return [Figure("Europe's top Dy/Tb supplier's share at the end, refineries first against as usual",
                   Estimate.of(share), "<=", 0.0, "share"),
            Figure("Europe's final score, refineries first against as usual", Estimate.of(score), ">=", 0.0)]


def _research(g: Game, r: Results) -> list[Figure]:
    j = _col(g, "japan")
    imports = [b.dytb_imports[-1][j] - a.dytb_imports[-1][j] for b, a in zip(r["research"], r["as usual"])]
    return [Figure("Japan's refined Dy/Tb imports in the last quarter, research against as usual",
                   Estimate.of(imports), "<=", 0.0, "t/quarter")]


def _refineries(power: str, turns: range, minerals: tuple[str, ...]) -> tuple[Move, ...]:
    return tuple(Move(t, power, {"action": "build_refinery", "mineral": minerals[i % len(minerals)]})
                 for i, t in enumerate(turns))


def _research_moves(power: str, turns: range) -> tuple[Move, ...]:
    return tuple(Move(t, power, {"action": "research", "field": f}) for t in turns
                 for f in ("recycling", "substitution"))


CHINA_LEADS = ("ndpr", "dytb", "graphite", "gallium", "cobalt")  # refined markets China leads at the start

LESSONS: tuple[Lesson, ...] = (
    Lesson("dependence", "Dependence is vulnerability",
           "China bans refined NdPr and Dy/Tb to Japan from 2025 Q2 for 8 quarters: Japan's index at its "
           "worst quarter falls by 5 points or more, and its final score by at least twice the seat's spread.",
           (Arm("no ban"), Arm("ban", moves=ban("china", "japan", MAGNETS, 2, 8))),
           _dependence),
    Lesson("stockpiles", "Stockpiles buy time",
           "The same ban on a Japan that starts with 26 weeks of refined NdPr and Dy/Tb costs it at most half "
           "of what it costs an unprepared Japan at the worst quarter.",
           (Arm("no ban"), Arm("ban", moves=ban("china", "japan", MAGNETS, 2, 8)),
            Arm("26 weeks held", setup=partial(stock_weeks_at_start, "japan", 26.0, MAGNETS)),
            Arm("ban, 26 weeks held", moves=ban("china", "japan", MAGNETS, 2, 8),
                setup=partial(stock_weeks_at_start, "japan", 26.0, MAGNETS))),
           _stockpiles),
    Lesson("leverage", "Leverage overused backfires",
           "China banning every buyer of every refined metal it leads for 12 quarters ends the game with a "
           "lower score than without; one licence to Japan held 4 quarters costs it nothing significant.",
           (Arm("no ban"), Arm("bans on every buyer", moves=ban("china", "all", CHINA_LEADS, 2, 12)),
            Arm("one licence", moves=ban("china", "japan", ("dytb",), 2, 4, level="licence"))),
           _leverage),
    Lesson("diversification", "Diversification pays over a decade",
           "A Europe that builds refineries for NdPr and Dy/Tb in its first 8 quarters ends with a lower "
           "top-supplier share and a higher score, in a world with a 4-quarter Chinese ban in 2029.",
           (Arm("as usual", moves=ban("china", "all", MAGNETS, 17, 4)),
            Arm("refineries first", moves=ban("china", "all", MAGNETS, 17, 4)
                + _refineries("eu", range(1, 9), MAGNETS))),
           _diversification),
    Lesson("research", "Recycling and substitution lower exposure",
           "Japan funding recycling and substitution research every quarter imports less refined Dy/Tb by 2034.",
           (Arm("as usual"), Arm("research", moves=_research_moves("japan", range(1, 41)))),
           _research),
)
LESSON_IDS = tuple(lesson.id for lesson in LESSONS)


# ----------------------------------------------------------------------------- running


def _job(job: tuple[str, int, int]) -> Outcome:
    from game.sim.batch import shared_content

    lesson_id, arm_at, seed = job
    lesson = next(x for x in LESSONS if x.id == lesson_id)
    return play_arm(shared_content(), lesson.arms[arm_at], lesson.turns, seed)


@dataclass(frozen=True)
class Verdict:
    lesson: Lesson
    figures: list[Figure]
    seeds: range
    refused: dict[str, int]  # per arm, the moves the engine refused over all seeds

    @property
    def passed(self) -> bool:
        return all(f.passed for f in self.figures)


def run_lessons(content: Content, ids: tuple[str, ...] = LESSON_IDS, seeds: range = range(40),
                workers: int = 1) -> list[Verdict]:
    """Play every arm of every lesson asked for on ``seeds`` and judge its figures."""
    from game.sim.batch import play_many

    chosen = [x for x in LESSONS if x.id in ids]
    jobs = [(x.id, a, s) for x in chosen for a in range(len(x.arms)) for s in seeds]
    outcomes = iter(play_many(_job, jobs, workers))
    verdicts = []
    for lesson in chosen:
        results: Results = {arm.name: [next(outcomes) for _ in seeds] for arm in lesson.arms}
        probe = Game.new(content, lesson.arms[0].scenario, 0)
        refused = {name: sum(len(o.refused) for o in runs) for name, runs in results.items()}
        verdicts.append(Verdict(lesson, lesson.figures(probe, results), seeds, refused))
    return verdicts


def report(verdicts: list[Verdict]) -> str:
    lines = []
    for v in verdicts:
        lines.append(f"{'PASS' if v.passed else 'FAIL'}  {v.lesson.title} ({v.lesson.id}, {len(v.seeds)} seeds "
                     f"{v.seeds.start}-{v.seeds.stop - 1}, paired)")
        lines.append(f"      {v.lesson.claim}")
        for f in v.figures:
            e = f.estimate
            lines.append(f"  {'ok ' if f.passed else 'NO '} {f.name}: {e.mean:+.2f} {f.unit} "
                         f"(95% {e.low:+.2f} to {e.high:+.2f}, sd {e.sd:.2f}, N {e.n}); gate: {f.gate}")
        refused = {a: k for a, k in v.refused.items() if k}
        if refused:
            lines.append("      moves the engine refused: " + ", ".join(f"{a} {k}" for a, k in refused.items()))
    return "\n".join(lines)


def as_json(verdicts: list[Verdict]) -> dict[str, Any]:
    return {"lessons": [{
        "id": v.lesson.id, "title": v.lesson.title, "claim": v.lesson.claim,
        "seeds": [v.seeds.start, v.seeds.stop], "passed": v.passed,
        "refused": v.refused,
        "figures": [{"name": f.name, "mean": f.estimate.mean, "low": f.estimate.low, "high": f.estimate.high,
                     "sd": f.estimate.sd, "n": f.estimate.n, "op": f.op, "threshold": f.threshold,
                     "unit": f.unit, "passed": f.passed} for f in v.figures],
    } for v in verdicts]}

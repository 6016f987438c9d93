"""Every scenario ranks each power against its seat's par (game/engine/scoring.py)."""

import math
import statistics

import pytest

from game.engine.scoring import par_so_far
from game.sim.runner import run_game


def _gains(content, scenario: str, seeds: range) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Each seat's score before par (index gain plus objective points) and first places."""
    par = content.scenarios[scenario].par
    gains: dict[str, list[float]] = {p: [] for p in par}
    firsts: dict[str, int] = {p: 0 for p in par}
    for seed in seeds:
        game = run_game(content, scenario, seed, record=False).game
        par_now = par_so_far(game.world, game.state)
        for power, score in game.scores().items():
            gains[power].append(score + float(par_now[game.world.nidx[power]]))
        firsts[game.winner()] += 1
    return gains, firsts


def test_each_seats_par_is_what_normal_ais_make_of_it(content):
    """Par is the mean gain a normal AI makes from a seat against normal rivals (bench/par.py
    measured it on seeds 0-479).  On other seeds each seat's mean gain stays within its
    tolerance of its par (three standard errors, below; the spread is 1.2-1.5, China's 3.2,
    because about one game in a hundred ends in confrontation), and with par taken off no seat
    comes first in half the games.  A change to the AI, the engine or the scenario that moves what a seat
    typically makes fails here: re-measure with bench/par.py."""
    par = content.scenarios["standard"].par
    gains, firsts = _gains(content, "standard", range(500, 524))
    drift = {p: round(statistics.mean(g) - par[p], 2) for p, g in gains.items()}
    off = {p: d for p, d in drift.items() if abs(d) > tolerance(SPREAD["standard"][p], 24)}
    assert not off, f"mean gain minus par per seat out of its tolerance: {off}"
    assert max(firsts.values()) <= 12, f"first places in 24 games: {firsts}"
    assert sum(firsts.values()) == 24


# The scenarios with objectives: par is the mean score before par, index gain plus objective
# points (bench/par.py --seeds 480, seeds 0-479), and each seat's spread (sd) measured with it.
# Objectives are won or lost whole (10-15 points), so a seat's score spreads far more than in
# the standard game: sd up to 9.6 against 0.7-1.1.
MEASURED = 480
SPREAD = {
    "standard": {"china": 3.16, "usa": 1.35, "eu": 1.31, "japan": 1.24, "russia": 1.41, "australia": 1.54,
                 "india": 1.39},
    "classroom-intro": {"china": 4.10, "usa": 3.36, "eu": 4.96, "japan": 4.75},
    "embargo-2010": {"china": 4.17, "japan": 6.74, "usa": 0.61, "eu": 2.97},
    "fractured": {"china": 10.92, "usa": 11.60, "eu": 8.08, "japan": 10.63, "russia": 7.82, "australia": 12.34,
                  "india": 10.77},
    "green-race": {"china": 3.17, "usa": 7.47, "eu": 10.67, "japan": 7.73, "russia": 3.54, "australia": 6.82,
                   "india": 4.88},
}
# seeds 500 on (none of them measured the par), as many as ~30 s allow: the short scenarios'
# games take ~0.05 s, the 40-turn ones' ~0.25 s
GAMES = {"classroom-intro": 96, "embargo-2010": 96, "fractured": 32, "green-race": 48}


def tolerance(sd: float, games: int) -> float:
    """Three standard errors of the difference between the mean of ``games`` games and a par
    measured on MEASURED others (a seat strays that far by chance about once in 400; over the
    22 seats held here, a change that moves no par fails about one run in 20), never under the
    standard game's one point."""
    return max(1.0, 3.0 * sd * math.sqrt(1 / games + 1 / MEASURED))


_PLAYED: dict[str, tuple[dict[str, list[float]], dict[str, int]]] = {}


def _played(content, scenario: str) -> tuple[dict[str, list[float]], dict[str, int]]:
    """The held-out games of a scenario, played once for both tests below."""
    if scenario not in _PLAYED:
        _PLAYED[scenario] = _gains(content, scenario, range(500, 500 + GAMES[scenario]))
    return _PLAYED[scenario]


@pytest.mark.parametrize("scenario", list(GAMES))
def test_the_par_of_each_scenario_holds_on_other_seeds(content, scenario):
    """Each seat's mean score before par on seeds the par was not measured on stays within its
    tolerance of the par.  The tolerance follows from the spread: seats whose score spreads
    least (sd ~3-4.5) are held to 1-1.6 points, so moving their par by 2 fails here; the widest
    (sd 8-9.6, in the 40-turn scenarios) only to 4-5 points, since 32-48 games cannot tell a
    2-point shift from chance.  Re-measure with bench/par.py and copy par and sd."""
    par = content.scenarios[scenario].par
    assert set(par) == set(SPREAD[scenario]) == set(content.scenarios[scenario].powers)
    games = GAMES[scenario]
    gains, firsts = _played(content, scenario)
    drift = {p: round(statistics.mean(g) - par[p], 2) for p, g in gains.items()}
    tol = {p: round(tolerance(SPREAD[scenario][p], games), 2) for p in par}
    off = {p: (drift[p], tol[p]) for p in par if abs(drift[p]) > tol[p]}
    assert not off, f"{scenario}: mean score minus par, and its tolerance, per seat out of it: {off}"
    assert sum(firsts.values()) == games


# With par taken off, a seat that comes first in more than half the games is favoured by the
# scenario itself.  Two scenarios fail this.  embargo-2010: China is first in 327 of 480 with par
# (Japan was, 263, until supply denied by export controls counted as dependence: being cut off
# had met its diversification objective).  classroom-intro: Japan is first in 292 of 480.  In
# both the favoured seat's objectives are won or lost whole and it usually beats a par pulled
# down by the games it misses them, while the index, averaged over the game since the score
# counts every quarter, spreads too little to break the tie.  Both are held here as known
# failures of the stakes issue (14), strict so that the fix has to take the mark off.
_FAVOURED = {"embargo-2010": "China's usual objectives beat a par pulled down by its misses (issue 14)",
             "classroom-intro": "Japan's whole-point objectives beat a par pulled down by its misses (issue 14)"}


@pytest.mark.parametrize("scenario", [
    pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=_FAVOURED[s])) if s in _FAVOURED else s
    for s in GAMES])
def test_no_seat_is_favoured_once_par_is_taken_off(content, scenario):
    """Without par China came first in 97% of classroom-intro games and 73% of embargo-2010,
    Europe in 87% of green-race; with it no seat may come first in more than half."""
    games = GAMES[scenario]
    _, firsts = _played(content, scenario)
    assert max(firsts.values()) <= games // 2, f"{scenario}: first places in {games} games: {firsts}"


@pytest.mark.parametrize("scenario, power", [("green-race", "eu"), ("fractured", "usa")])
def test_a_par_made_of_objectives_is_taken_as_they_settle(content, scenario, power):
    """A seat whose par is mostly objective points is charged that part as its objectives are
    settled, the rest quarter by quarter: green-race's Europe (par 36.2, of which objectives
    32.6, all due in 2030) is not shown 0.9 a quarter behind for the years before its targets
    fall due; fractured's US (targets due in 2028 and 2030) is charged in two steps."""
    from game.engine.game import Game
    from game.engine.objectives import points_settled

    game = Game.new(content, scenario, 4)
    w = game.world
    n, turns = w.nidx[power], game.turns
    split, at_stake = w.par_objectives[n], w.objective_points_at_stake[n]
    assert 0 < split < w.par[n] and at_stake > 0
    charged = []
    while not game.is_over:
        game.end_turn(report=False)
        settled = points_settled(w, game.state)[n]
        charged.append((settled, float(par_so_far(w, game.state)[n])))
    # between settlements the par is charged in equal steps a quarter, the index part spread
    # over the game; each settlement adds its share of the objective part at once
    steps_between = [b[1] - a[1] for a, b in zip(charged, charged[1:]) if a[0] == b[0]]
    assert steps_between and all(d == pytest.approx((w.par[n] - split) / turns) for d in steps_between)
    jumps = [(b[1] - a[1]) - (w.par[n] - split) / turns for a, b in zip(charged, charged[1:]) if a[0] != b[0]]
    settled_at = [b[0] - a[0] for a, b in zip(charged, charged[1:]) if a[0] != b[0]]
    assert jumps and all(j == pytest.approx(split * p / at_stake) for j, p in zip(jumps, settled_at))
    before = [c for settled, c in charged if settled == 0]
    assert before and max(before) < (w.par[n] - split) + 1e-9  # only the index part before any target
    steps = sorted({settled for settled, _ in charged})
    due_years = {o.by_year for o in content.scenarios[scenario].objectives[power]}
    assert len(steps) == 1 + len(due_years)  # a step each year targets fall due
    assert charged[-1][1] == pytest.approx(w.par[n])  # the whole par by the end

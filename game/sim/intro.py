"""The scenario's briefing as a player reads it before and during the game: what the world is,
the player's objectives with their deadlines and points, and the learning goals.

Read from the content alone (no engine), so the new-game form can show it while the engine
is still loading; the setup screen, the briefing at turn 1 and the briefing key all use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.content import Content


@dataclass(frozen=True)
class ObjectiveLine:
    text: str
    points: float
    deadline: str  # "judged at the end of 2026", "judged on the last turn, 2027 Q2"


@dataclass(frozen=True)
class ScenarioIntro:
    name: str
    span: str  # "2025 Q1 to 2027 Q2: 10 turns of a quarter each"
    text: str  # the briefing, or the summary where the scenario has none
    power: str  # the player's nation, by name
    objectives: tuple[ObjectiveLine, ...]
    learning_goals: tuple[str, ...]
    last_turn_label: str


def _date(year: int, quarter: int, turn: int) -> tuple[int, int]:
    q0 = year * 4 + quarter - 1 + (turn - 1)
    return q0 // 4, q0 % 4 + 1


def scenario_intro(content: Content, scenario_id: str, power: str) -> ScenarioIntro:
    sc = content.scenarios[scenario_id]
    start, end = (sc.start.year, sc.start.quarter), _date(sc.start.year, sc.start.quarter, sc.turns)
    last = f"{end[0]} Q{end[1]}"
    objectives = []
    for obj in sc.objectives.get(power, []):
        if obj.by_year is not None and obj.by_year < end[0]:
            deadline = f"judged at the end of {obj.by_year}"
        else:
            deadline = f"judged on the last turn, {last}"
        objectives.append(ObjectiveLine(" ".join(obj.text.split()), obj.points, deadline))
    text = " ".join((sc.briefing or sc.summary).split())
    name = content.nations[content.nation_index[power]].name
    return ScenarioIntro(
        name=sc.name, span=f"{start[0]} Q{start[1]} to {last}: {sc.turns} turns of a quarter each",
        text=text, power=name, objectives=tuple(objectives),
        learning_goals=tuple(" ".join(g.split()) for g in sc.learning_goals), last_turn_label=last)


def objective_lines(intro: ScenarioIntro) -> list[str]:
    """One line an objective: 'Hold at least 12 weeks of Dy/Tb — 10 points, judged at the end of 2026'."""
    if not intro.objectives:
        return ["No objectives of your own: you are ranked on the gain of your power index."]
    return [f"{o.text} — {o.points:g} points, {o.deadline}" for o in intro.objectives]

"""The power index: prosperity, security, influence and sustainability (0-100 each).

Powers are ranked by the gain of their index over their own start, so China and
India compete on equal terms.  A confrontation (tension 100) costs everyone, and
most the power that pushed tension furthest.
"""

from __future__ import annotations

import numpy as np

from game.engine.state import GameState
from game.engine.world import World

CONFRONTATION_PENALTY_ALL = 10.0
CONFRONTATION_PENALTY_CULPRIT = 25.0
STOCK_WEEKS_FULL = 26.0


def stock_weeks(state: GameState) -> np.ndarray:
    """[N, M] weeks of refined use the stockpile would cover."""
    weekly = np.maximum(state.need, 1e-12) / 13.0
    return np.where(state.need > 0, state.stockpile[:, :, 1] / weekly, 0.0)


def score(world: World, state: GameState) -> None:
    value = world.sector_value
    total = np.maximum(value.sum(axis=1), 1e-12)
    prosperity = (value * state.output_factor).sum(axis=1) / total

    strategic = world.strategic_sectors
    defence = state.output_factor[:, strategic].mean(axis=1) if strategic.any() else np.ones(world.N)
    weeks = np.minimum(stock_weeks(state) / STOCK_WEEKS_FULL, 1.0)
    uses = state.need > 0
    stock_cover = (weeks * uses).sum(axis=1) / np.maximum(uses.sum(axis=1), 1)
    independence = 1.0 - (state.supplier_share * uses).sum(axis=1) / np.maximum(uses.sum(axis=1), 1)
    security = 0.5 * defence + 0.25 * stock_cover + 0.25 * independence

    world_out = np.maximum(state.production.sum(axis=0), 1e-12)  # [M, K]
    out_share = state.production / world_out[None]  # [N, M, K]
    exporter = state.exports.sum(axis=(1, 2)) / np.maximum(state.exports.sum(), 1e-12)
    producers = world.producer_mask
    alignment = world.alignment[producers].mean(axis=0) if producers.any() else np.zeros(world.N)
    influence = np.clip(
        0.45 * out_share[:, :, 1].mean(axis=1) * 2 + 0.2 * out_share[:, :, 0].mean(axis=1) * 2
        + 0.15 * exporter * 2 + 0.2 * alignment * 2, 0.0, 1.0)

    sustainability = 0.6 * state.social_licence / 100.0 + 0.4 * (1.0 - state.pollution / 100.0)

    parts = np.stack([prosperity, security, influence, sustainability], axis=1) * 100.0
    state.index_parts = parts
    state.index = parts @ world.score_weights


def final_scores(world: World, state: GameState) -> dict[str, float]:
    """Gain of each power in play over its start, with the confrontation penalty."""
    gain = state.index - state.start_index
    if state.end_reason == "confrontation":
        gain = gain - CONFRONTATION_PENALTY_ALL
        masked = np.where(world.in_play, state.tension_by, -np.inf)
        gain[int(np.argmax(masked))] -= CONFRONTATION_PENALTY_CULPRIT
    return {world.nation_ids[n]: round(float(gain[n]), 4) for n in world.power_index}


def ranking(world: World, state: GameState) -> list[tuple[str, float]]:
    scores = final_scores(world, state)
    order = sorted(world.powers, key=lambda p: (-scores[p], world.powers.index(p)))
    return [(p, scores[p]) for p in order]

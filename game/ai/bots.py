"""The built-in AI players, as every front end creates them.

``make_bots(game)`` gives each power its default persona at the normal level (see
game.ai.personas and content/personas.yaml); ``controls`` picks others.
"""

from __future__ import annotations

from game.ai.personas import Decision, PersonaPlayer, ai_generator, make_players

Bot = PersonaPlayer
make_bots = make_players

__all__ = ["Bot", "Decision", "PersonaPlayer", "ai_generator", "make_bots", "make_players"]
